"""Downloads: the database read into the formats' records, and the bytes the writers make of them.

Each function returns a `Download` (bytes, media type, file name); the routes only send it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlmodel import Session, select

from app.auth.policy import ANONYMOUS, Viewer
from app.errors import NotFound
from app.formats import akn, tabular
from app.formats.records import (
    LOST,
    CommentTable,
    ComparisonRec,
    DocRef,
    DraftRec,
    InputRec,
    PairRec,
    ParagraphRec,
    SectionRec,
    TableRow,
)
from app.formats.word_compare import comparison_docx
from app.formats.word_draft import draft_docx
from app.formats.word_table import comment_table_docx
from app.models import Delegation, Document, LineageLink, Paragraph, Section
from app.services import compare as compare_service
from app.services import compilation as compilation_service
from app.services.documents import get_document_row
from app.services.compilation import Filters
from app.services.positions import InputView
from app.text.lost import only_gaps
from app.text.redline import edit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
AKN = "application/akn+xml"
CSV = "text/csv; charset=utf-8"
IDENTITY = ("continues", "renumbered", "moved")  # links along which a paragraph stays itself (AKN wId)


@dataclass(frozen=True)
class Download:
    content: bytes
    media_type: str
    filename: str


def doc_ref(d: Document) -> DocRef:
    return DocRef(d.slug, d.title, d.kind, d.date, d.issued_by, d.source_file, (d.source_first, d.source_last),
                  d.notes)


def paragraph_rec(p: Paragraph, first: tuple[str, str] | None = None) -> ParagraphRec:
    return ParagraphRec(p.label, p.section, p.text, p.status, p.text_quality, tuple(p.curation or ()),
                        (p.source_first, p.source_last), first[1] if first else None, first[0] if first else None)


def _firsts(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    """For each paragraph, (document, label) where it first appeared, walking back identity links."""
    back: dict[int, int] = {}
    for ln in session.exec(select(LineageLink).where(LineageLink.relation.in_(IDENTITY))):
        if ln.from_paragraph_id is not None:
            back.setdefault(ln.to_paragraph_id, ln.from_paragraph_id)
    roots: dict[int, int] = {}
    for pid in ids:
        seen, node = {pid}, pid
        while node in back and back[node] not in seen:
            node = back[node]
            seen.add(node)
        if node != pid:
            roots[pid] = node
    rows = session.exec(select(Paragraph.id, Document.slug, Paragraph.label).join(Document)
                        .where(Paragraph.id.in_(set(roots.values())))).all() if roots else []
    where = {pid: (slug, label) for pid, slug, label in rows}
    return {pid: where[root] for pid, root in roots.items()}


def draft_record(session: Session, slug: str, viewer: Viewer = ANONYMOUS) -> DraftRec:
    doc = get_document_row(session=session, slug=slug, viewer=viewer)
    sections = session.exec(select(Section).where(Section.document_id == doc.id).order_by(Section.order)).all()
    paras = session.exec(select(Paragraph).where(Paragraph.document_id == doc.id).order_by(Paragraph.order)).all()
    firsts = _firsts(session, [p.id for p in paras if p.id is not None])
    return DraftRec(doc_ref(doc), tuple(SectionRec(s.key, s.title) for s in sections),
                    tuple(paragraph_rec(p, firsts.get(p.id)) for p in paras))  # type: ignore[arg-type]


def input_rec(i: InputView) -> InputRec:
    lines = i.source.get("lines") or [0, 0]
    return InputRec(
        id=i.id, delegation=i.delegation, delegation_name=i.delegation_name, label=i.label, kind=i.kind,
        text=i.text, stance=i.stance, new_label=i.new_label, resolved_text=i.resolved_text, rationale=i.rationale,
        edits=tuple(i.edits), placement=i.placement.method, flagged=i.placement.flagged, uptake=i.uptake.klass,
        uptake_score=i.uptake.score, quality=i.text_quality, curation=tuple(i.curation),
        probable_delegation=i.probable_delegation, source_file=str(i.source.get("file") or ""),
        source_lines=(int(lines[0]), int(lines[1])), section=i.section, pk=i.pk,  # type: ignore[index]
        late_note=i.late_note)


def _check_filters(session: Session, base: Document, f: Filters) -> None:
    """A filter naming nothing is a mistake to report, not an empty file to hand out."""
    if f.delegation and session.exec(select(Delegation.id).where(Delegation.slug == f.delegation)).first() is None:
        raise NotFound("delegation", f.delegation)
    if f.label and session.exec(select(Paragraph.id).where(Paragraph.document_id == base.id,
                                                           Paragraph.label == f.label)).first() is None:
        raise NotFound("paragraph", f"{base.slug}#{f.label}")
    if f.section and session.exec(select(Section.id).where(Section.document_id == base.id,
                                                           Section.key == f.section)).first() is None:
        raise NotFound("section", f"{base.slug}#{f.section}")


def comment_table(session: Session, slug: str, filters: Filters = Filters(), viewer: Viewer = ANONYMOUS) -> CommentTable:
    """The comment table as filtered, exactly the rows the page and its JSON show for the same filters
    (`compilation.compilation`): the base paragraphs that have inputs, each with the inputs `viewer` may
    read (a round's inputs only once it is published, unless they are the viewer's)."""
    comp = compilation_service.compilation(session=session, slug=slug, filters=filters, viewer=viewer)
    _check_filters(session, comp.base, comp.filters)
    rows = tuple(TableRow(paragraph_rec(r.paragraph), tuple(map(input_rec, r.inputs))) for r in comp.rows if r.inputs)
    described = comp.filters.described({s.key: s.title for s in comp.sections}, dict(comp.delegations))
    return CommentTable(doc_ref(comp.document), doc_ref(comp.base), rows, comp.filters.params(),
                        tuple(SectionRec(s.key, s.title) for s in comp.sections), tuple(described.values()))


TEXTUAL = ("replace", "excerpt", "instruction")


def _paragraph_pairs(p: ParagraphRec, mine: list[InputRec], author: str) -> list[PairRec]:
    """One base paragraph with one delegation's inputs on it, as tracked changes by the delegation."""
    textual = [i for i in mine if i.kind in TEXTUAL and i.resolved_text is not None and not i.flagged
               and any(op in (-1, 1) for op, _ in i.edits)]  # placed, and changing something (not only lost text)
    deletes = [i for i in mine if i.kind == "delete"]
    inserts = [i for i in mine if i.kind == "insert"]
    shown = deletes[:1] or textual[:1]
    rest = [i for i in mine if i not in shown and i not in inserts and (i.kind != "comment" or i.text)]
    why = tuple(i.rationale for i in mine if i.rationale and i not in inserts)
    note = " ".join(f"Also proposed ({i.kind}): {i.text}" for i in rest if i.text) or None
    if deletes:
        pair = PairRec("deleted", (p.label,), (), ((-1, p.text),), p.section, author=author, note=note, rationales=why)
    elif textual:
        pair = PairRec("changed", (p.label,), (p.label,), tuple(textual[0].edits), p.section, author=author, note=note,
                       rationales=why)
    else:
        pair = PairRec("unchanged", (p.label,), (p.label,), ((0, p.text),), p.section, author=author, note=note,
                       rationales=why)
    return [pair] + [PairRec("new", (), (i.new_label,) if i.new_label else (), ((1, i.text),), p.section,
                             author=author, rationales=(i.rationale,) if i.rationale else ()) for i in inserts]


def proposals_download(session: Session, slug: str, delegation: str, viewer: Viewer = ANONYMOUS) -> Download:
    """One delegation's inputs as tracked changes by the delegation on the whole base draft: what it
    asked for, as Word shows a colleague's edits (Accept All gives the draft as it proposed it)."""
    table = comment_table(session, slug, Filters(delegation=delegation), viewer=viewer)
    base = get_document_row(session=session, slug=table.base.slug, viewer=viewer)
    paragraphs = session.exec(select(Paragraph).where(Paragraph.document_id == base.id).order_by(Paragraph.order)).all()
    by_label = {r.paragraph.label: list(r.inputs) for r in table.rows}
    name = session.exec(select(Delegation.name).where(Delegation.slug == delegation)).one()
    pairs = [pair for p in paragraphs for pair in _paragraph_pairs(paragraph_rec(p), by_label.get(p.label, []), name)]
    c = ComparisonRec(table.base, table.compilation, table.sections, tuple(pairs))
    n = len(table.inputs)
    body = comparison_docx(c, title=f"{name}: its inputs on {table.base.title}",
                           description=f"{n} inputs of {name} in {table.compilation.title} ({table.compilation.date}), "
                                       f"each a tracked change by {name}: Accept All gives the draft as {name} "
                                       "proposed it; rationales are its comments.")
    return Download(body, DOCX, f"{slug}-{delegation}-tracked.docx")


def compilation_download(session: Session, slug: str, fmt: str, filters: Filters = Filters(),
                         viewer: Viewer = ANONYMOUS) -> Download:
    table = comment_table(session, slug, filters, viewer=viewer)
    name = "-".join([slug, *table.filters.values()])
    if fmt == "docx":
        return Download(comment_table_docx(table), DOCX, f"{name}.docx")
    if fmt == "csv":
        return Download(tabular.to_csv(table).encode("utf-8"), CSV, f"{name}.csv")
    if fmt == "json":
        body = json.dumps({"compilation": slug, "filters": filters.public(), "inputs": tabular.rows(table)},
                          ensure_ascii=False, indent=1)
        return Download(body.encode("utf-8"), "application/json", f"{name}.json")
    if fmt == "akn":
        return Download(akn.compilation_akn(table, dt.date.today()), AKN, f"{name}.akn.xml")
    raise NotFound("format", fmt)


def document_download(session: Session, slug: str, fmt: str, viewer: Viewer = ANONYMOUS) -> Download:
    """A document as .docx or AKN; a compilation's text is its inputs, so it comes as its table."""
    doc = get_document_row(session=session, slug=slug, viewer=viewer)
    if doc.kind == "compilation":
        return compilation_download(session, slug, fmt, viewer=viewer)
    draft = draft_record(session, slug, viewer)
    if fmt == "docx":
        return Download(draft_docx(draft), DOCX, f"{slug}.docx")
    if fmt == "akn":
        return Download(akn.draft_akn(draft, dt.date.today()), AKN, f"{slug}.akn.xml")
    raise NotFound("format", fmt)


def comparison_record(session: Session, old: str, new: str) -> ComparisonRec:
    c = compare_service.compare(session, old, new)
    new_paras = {p.label: p for p in session.exec(select(Paragraph).where(Paragraph.document_id == c.new.id))}
    old_texts = dict(session.exec(select(Paragraph.label, Paragraph.text).where(Paragraph.document_id == c.old.id)).all())
    pairs = []
    for p in c.pairs:
        edits, note = tuple(p.edits), None  # a merge's redline runs against all its sources, as on the page
        target = new_paras.get(p.to_labels[0]) if p.to_labels else None
        if target is not None and (not target.text.strip() or only_gaps(target.text)) and target.text_quality == "incomplete":
            note = f"The scan lost the text of {target.label} in {c.new.slug}: " + (
                "it is shown as a gap, not as the earlier text struck out, since a loss is not a change."
                if p.from_labels else "nothing of it can be shown.")
            if p.from_labels:
                edits = (edit(LOST, old_texts.get(p.from_labels[0], ""), target.text or "[...]", lost_in=1),)
        pairs.append(PairRec(p.relation, tuple(p.from_labels), tuple(p.to_labels), edits, c.section_of(p),
                             p.renumbered, p.via, tuple((x.label, x.share) for x in p.contributions), None, note))
    placeholders = {label: q.text for label, q in new_paras.items() if q.status != "present"}
    return ComparisonRec(doc_ref(c.old), doc_ref(c.new), tuple(SectionRec(k, t) for k, t in c.sections),
                         tuple(pairs), placeholders, old_texts)


def comparison_download(session: Session, old: str, new: str) -> Download:
    return Download(comparison_docx(comparison_record(session, old, new)), DOCX, f"{old}--{new}.docx")
