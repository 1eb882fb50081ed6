"""Adding a new document to the corpus: its drafts/ file and its source text, checked before kept.

The formats package reads the file (app.formats.newdoc); here it becomes `drafts/<slug>.yaml`
and `drafts/sources/<slug>.txt|.md`, and the whole corpus is validated with the two files in
place; a file that does not validate is taken out again, so a failed import leaves nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from app.corpus.catalog import Corpus, read_corpus
from app.corpus.reader import CorpusError
from app.corpus.schema import SLUG
from app.formats.newdoc import Earlier, NewDocument, adopt_sections, infer_lineage, read_new_document, to_yaml
from app.formats.upload import Limits

KINDS = ("precedent", "draft", "outline")


class AddError(Exception):
    """The document cannot be added; the message says why in one line."""


@dataclass
class Added:
    document: NewDocument
    yaml_text: str
    yaml_path: Path
    source_path: Path
    follows: str | None
    lineage: dict[str, list[dict[str, object]]]


def _previous_draft(corpus: Corpus, date: dt.date, negotiation: str | None) -> str | None:
    earlier = [f.doc for f in corpus.documents if f.doc.kind.value == "draft" and f.doc.date < date
               and (negotiation is None or f.doc.negotiation == negotiation)]
    return max(earlier, key=lambda d: (d.date, d.slug)).slug if earlier else None


def prepare(corpus: Corpus, drafts: Path, name: str, data: bytes, *, slug: str, kind: str, date: dt.date,
            title: str | None = None, issued_by: str | None = None, follows: str | None = None,
            negotiation: str | None = None, limits: Limits = Limits()) -> Added:
    """Read the file and make the drafts/ file text, without writing anything."""
    if not re.match(SLUG, slug):
        raise AddError(f"slug '{slug}' must be lower-case letters, digits and hyphens")
    if kind not in KINDS:
        raise AddError(f"kind must be one of {', '.join(KINDS)} (a compilation is made of inputs, not imported)")
    if corpus.document(slug) is not None or (drafts / f"{slug}.yaml").exists():
        raise AddError(f"a document '{slug}' already exists")
    doc = read_new_document(name, data, limits, title)
    if not doc.paragraphs:
        raise AddError(f"{name} holds no paragraphs")
    if not (title or doc.title):
        raise AddError("the file gives no title (no first heading): give one")
    if kind == "draft" and follows is None:
        follows = _previous_draft(corpus, date, negotiation)
    earlier = corpus.document(follows) if follows else None
    if follows and earlier is None:
        raise AddError(f"no document '{follows}' to follow")
    known = {n.slug for n in corpus.negotiations.negotiations}
    if negotiation is None and kind != "precedent" and earlier is not None:
        negotiation = earlier.negotiation  # a later draft belongs to the negotiation of the one it follows
    if negotiation is not None and negotiation not in known:
        raise AddError(f"no negotiation '{negotiation}' (drafts/negotiations.yaml has {', '.join(sorted(known)) or 'none'})")
    if earlier is not None:
        adopt_sections(doc, [(x.key, x.title) for x in earlier.sections])
    lineage = infer_lineage(doc, follows, [Earlier(p.label, p.text, p.section, p.status.value)
                                           for p in earlier.paragraphs]) if earlier and follows else {}
    source = drafts / "sources" / f"{slug}{doc.source_suffix}"
    if source.exists():
        raise AddError(f"{source} already exists")
    digest = hashlib.sha256(data).hexdigest()[:16]
    notes = (f"Imported with `stemma import` from {Path(name).name} (sha256 {digest}...)"
             + ("; its text as extracted from the Word file is the source file" if name.lower().endswith(".docx") else "")
             + (f". Lineage to {follows} was inferred by wording (origin: inferred); a person should confirm it."
                if lineage else ".")
             + "".join(f" The file's subtitle: {line}" for line in doc.subtitles))
    text = to_yaml(doc, slug=slug, kind=kind, title=title or doc.title or slug, date=date,
                   issued_by=issued_by or "Not stated in the file", source_file=source.name, notes=notes,
                   lineage=lineage, negotiation=negotiation)
    return Added(doc, text, drafts / f"{slug}.yaml", source, follows, lineage)


def write(added: Added, drafts: Path, amendments: Path) -> Corpus:
    """Write both files and validate the whole corpus with them; on failure take them out again."""
    added.source_path.parent.mkdir(parents=True, exist_ok=True)
    added.source_path.write_text(added.document.source_text, encoding="utf-8")
    added.yaml_path.write_text(added.yaml_text, encoding="utf-8")
    try:
        return read_corpus(drafts, amendments)
    except CorpusError:
        added.yaml_path.unlink(missing_ok=True)
        added.source_path.unlink(missing_ok=True)
        raise
