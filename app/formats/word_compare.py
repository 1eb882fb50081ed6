"""A comparison of two versions as .docx with real Word tracked changes.

Every change is a `w:ins` or `w:del` by the later document (or, for a delegation's proposal, by
the delegation), dated, so Accept All gives the later text and Reject All the earlier one. The
paragraphs come in the compare page's order with its readings: a renumbered paragraph has its
old number deleted and its new one inserted; a merged paragraph is the redline of its principal
source, followed by the other sources, each deleted or turned into the placeholder the later
document prints ("[Merged with paragraph 42]"); a new paragraph is inserted whole, paragraph mark
included, and a deleted one removed whole. Text the scan lost is shown shaded and untracked: a
loss is not a change. What the page says beside a pair is a comment by "Stemma".
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from app.formats import ooxml
from app.formats.records import DELETE, EQUAL, INSERT, LOST, ComparisonRec, PairRec
from app.formats.word_page import LOST_FILL, day, heading, meta_line, new_document, numbered, to_bytes

_CHANGE = {DELETE: "del", INSERT: "ins", EQUAL: None}


def write_ops(p: Paragraph, edits: object, revisions: ooxml.Revisions, author: str | None) -> None:
    for op, text in edits:  # type: ignore[attr-defined]
        if not text:
            continue
        if op == LOST:
            ooxml.run(p._p, text, ooxml.Look(fill=LOST_FILL))
        elif op in _CHANGE:
            ooxml.tracked_run(p, text, _CHANGE[op], revisions, author)
        else:
            raise ValueError(f"unknown redline op {op!r}")


def _label(p: Paragraph, old: str | None, new: str | None, revisions: ooxml.Revisions, author: str | None) -> None:
    """The number: kept, or the old one deleted and the new one inserted; then the tab."""
    if old and new and old == new:
        ooxml.run(p._p, f"{new}\t")
        return
    if old:
        ooxml.tracked_run(p, old, "del", revisions, author)
    if new:
        ooxml.tracked_run(p, new, "ins", revisions, author)
    ooxml.tracked_run(p, "\t", "ins" if new and not old else "del" if old and not new else None, revisions, author)


def _whole(doc: DocxDocument, label: str, text: str, change: str, revisions: ooxml.Revisions,
           author: str | None) -> Paragraph:
    """A paragraph inserted or deleted whole: its runs and its paragraph mark tracked."""
    p = numbered(doc)
    if label:
        ooxml.tracked_run(p, f"{label}\t", change, revisions, author)
    if text:
        ooxml.tracked_run(p, text, change, revisions, author)
    ooxml.track_paragraph_mark(p, change, revisions, author)
    return p


def _merged_sources(doc: DocxDocument, c: ComparisonRec, pair: PairRec, principal: str,
                    revisions: ooxml.Revisions, author: str | None) -> None:
    """The merged pair's other sources: each becomes its placeholder, or goes."""
    for label in pair.from_labels:
        if label == principal:
            continue
        old = c.old_texts.get(label, "")
        placeholder = c.placeholders.get(label)
        if placeholder is None:
            _whole(doc, label, old, "del", revisions, author)
            continue
        p = numbered(doc)
        ooxml.run(p._p, f"{label}\t")
        write_ops(p, [(DELETE, old), (INSERT, placeholder)], revisions, author)


def _note(pair: PairRec) -> str | None:
    notes = [pair.note] if pair.note else []
    if pair.relation == "merged":
        shares = ", ".join(f"{label} {round(share * 100)}%" for label, share in pair.contributions)
        notes.append(f"Merged from {len(pair.from_labels)} paragraphs ({', '.join(pair.from_labels)}); "
                     f"share of the merged text each contributed: {shares}.")
    elif pair.relation == "split":
        notes.append(f"Split into {', '.join(pair.to_labels)}.")
    elif pair.relation == "moved":
        notes.append("Moved to another section.")
    return " ".join(notes) or None


def write_pair(doc: DocxDocument, c: ComparisonRec, pair: PairRec, revisions: ooxml.Revisions) -> None:
    author = pair.author
    old = pair.from_labels[0] if pair.from_labels else None
    new = ", ".join(pair.to_labels) if pair.to_labels else None
    if pair.relation == "new":
        p = _whole(doc, new or "", "".join(t for _, t in pair.edits), "ins", revisions, author)
    elif pair.relation == "deleted" and not new and old:
        p = _whole(doc, old, "".join(t for _, t in pair.edits), "del", revisions, author)
    else:
        principal = next((x for x in pair.from_labels if x in pair.to_labels), old)
        p = numbered(doc)
        _label(p, principal, new, revisions, author)
        edits = pair.edits
        if pair.relation == "deleted" and new in c.placeholders:
            edits = list(edits) + [(INSERT, c.placeholders[new])]
        write_ops(p, edits, revisions, author)
    note = _note(pair)
    if note:
        ooxml.comment_on_paragraph(doc, p, note, date=c.new.date)
    for why in pair.rationales if pair.author else ():
        ooxml.comment_on_paragraph(doc, p, why, author=pair.author or "", initials=(pair.author or "")[:2],
                                   date=c.new.date)
    if pair.relation == "merged":
        _merged_sources(doc, c, pair, next((x for x in pair.from_labels if x in pair.to_labels),
                                           pair.from_labels[0]), revisions, author)


def comparison_docx(c: ComparisonRec, title: str | None = None, description: str | None = None) -> bytes:
    title = title or f"{c.old.title} → {c.new.title}"
    doc = new_document(title=title, subject="Comparison")
    heading(doc, title, 1)
    counts: dict[str, int] = {}
    for pair in c.pairs:
        counts[pair.relation] = counts.get(pair.relation, 0) + 1
    meta_line(doc, description or (f"From {c.old.slug} ({day(c.old.date)}) to {c.new.slug} ({day(c.new.date)}): "
                                   + ", ".join(f"{n} {rel}" for rel, n in counts.items())
                                   + ". The changes are tracked: Accept All gives the later text, Reject All the earlier."))
    revisions = ooxml.Revisions(author=c.new.slug, date=c.new.date)
    titles = {s.key: s.title for s in c.sections}
    current = None
    for pair in c.pairs:
        if pair.section != current:
            current = pair.section
            heading(doc, titles.get(current, current), 2)
        write_pair(doc, c, pair, revisions)
    return to_bytes(doc)
