"""A comparison of two versions as .docx with real Word tracked changes.

Every change is a `w:ins` or `w:del` by the later document (or, for a delegation's proposal, by
the delegation), dated, so Accept All gives the later text and Reject All the earlier one. The
paragraphs come in the compare page's order with its readings: a renumbered paragraph has its
old number deleted and its new one inserted; a merged paragraph is its redline against all its
sources in order, each source a paragraph whose mark is deleted (`_merged`), followed by the
placeholders the later document prints ("[Merged with paragraph 42]"), inserted; a new paragraph is inserted whole, paragraph mark
included, and a deleted one removed whole. A passage the scan lost is written as a gap ("[… lost in
the scan …]", style "Stemma gap"), untracked: a loss is not a change, so Accept and Reject leave
it in place, and the earlier words it stands against are quoted in a note. What the page says
beside a pair is a comment by "Stemma".
"""

from __future__ import annotations

from itertools import accumulate

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from app.formats import ooxml
from app.formats.records import DELETE, EQUAL, INSERT, LOST, ComparisonRec, PairRec
from app.formats.word_page import as_shown, day, heading, lost_words, meta_line, new_document, numbered, to_bytes
from app.text.merge import SEPARATOR
from app.text.redline import old_part

_CHANGE = {DELETE: "del", INSERT: "ins", EQUAL: None}


def write_ops(p: Paragraph, edits: object, revisions: ooxml.Revisions, author: str | None) -> None:
    for op, text in as_shown(edits):  # type: ignore[arg-type]
        if not text:
            continue
        if op == LOST:
            ooxml.text_runs(p._p, text)  # untracked: Accept and Reject never touch a gap
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


def _merged(doc: DocxDocument, c: ComparisonRec, pair: PairRec, revisions: ooxml.Revisions,
            author: str | None) -> Paragraph:
    """A merged paragraph as the compare page shows it: its redline against all its sources, joined in
    reading order. Each source is its own Word paragraph, its number and its paragraph mark deleted
    (where the sources' texts meet, the later text's line break inserted), so Accept All joins them
    into the merged paragraph and Reject All gives back every source as it was. Returns the first."""
    sources = list(pair.from_labels)
    texts = [c.old_texts.get(label, "") for label in sources]
    ends = list(accumulate(len(t) + len(SEPARATOR) for t in texts[:-1]))  # where each separator ends
    ends = [end - len(SEPARATOR) for end in ends]  # ... and starts
    if "".join(old_part(e) for e in pair.edits) != SEPARATOR.join(texts):  # not a redline of the joined sources
        ends = []
    first = p = numbered(doc)
    _label(p, sources[0], pair.to_labels[0] if pair.to_labels else None, revisions, author)
    k, at = 0, 0  # the source being written, and where in the joined old text

    def next_source(line_break: bool) -> None:
        nonlocal p, k
        ooxml.track_paragraph_mark(p, "del", revisions, author)
        k += 1
        p = numbered(doc)
        ooxml.tracked_run(p, f"{sources[k]}\t", "del", revisions, author)
        if line_break:  # the merged text keeps a break where the sources met
            ooxml.tracked_run(p, SEPARATOR, "ins", revisions, author)

    for e in pair.edits:
        op, text = e
        old = old_part(e)
        if op in (INSERT, LOST):  # a gap is written once, in the source it starts in
            write_ops(p, [e], revisions, author)
            while k < len(ends) and ends[k] < at + len(old):
                next_source(False)
            at += len(old)
            continue
        start = 0
        while k < len(ends) and ends[k] < at + len(text) - start:
            cut = ends[k] - at
            write_ops(p, [(op, text[start:start + cut])], revisions, author)
            start, at = start + cut + len(SEPARATOR), at + cut + len(SEPARATOR)
            next_source(op == EQUAL)
        write_ops(p, [(op, text[start:])], revisions, author)
        at += len(text) - start
    for label in sources:  # a source the later document still prints as "[Merged with paragraph 42]"
        if label in c.placeholders and label not in pair.to_labels:
            _whole(doc, label, c.placeholders[label], "ins", revisions, author)
    return first


def _note(pair: PairRec, c: ComparisonRec) -> str | None:
    notes = [pair.note] if pair.note else []
    if pair.relation == "merged":
        shares = ", ".join(f"{label} {round(share * 100)}%" for label, share in pair.contributions)
        notes.append(f"Merged from {len(pair.from_labels)} paragraphs ({', '.join(pair.from_labels)}), shown "
                     f"against all of them in order: Reject All gives back each of them; share of the merged text "
                     f"each contributed: {shares}.")
    elif pair.relation == "split":
        notes.append(f"Split into {', '.join(pair.to_labels)}.")
    elif pair.relation == "moved":
        notes.append("Moved to another section.")
    lost = lost_words(pair.edits)
    if lost:
        notes.append(f"Where {c.new.slug} has a gap (text lost in the scan), {c.old.slug} read: "
                     + "; ".join(f"“{w}”" for w in lost) + ".")
    return " ".join(notes) or None


def write_pair(doc: DocxDocument, c: ComparisonRec, pair: PairRec, revisions: ooxml.Revisions) -> None:
    author = pair.author
    old = pair.from_labels[0] if pair.from_labels else None
    new = ", ".join(pair.to_labels) if pair.to_labels else None
    if pair.relation == "new":
        p = _whole(doc, new or "", "".join(t for _, t in as_shown(pair.edits)), "ins", revisions, author)
    elif pair.relation == "deleted" and not new and old:
        p = _whole(doc, old, "".join(t for _, t in as_shown(pair.edits)), "del", revisions, author)
    elif pair.relation == "merged":
        p = _merged(doc, c, pair, revisions, author)
    else:
        principal = next((x for x in pair.from_labels if x in pair.to_labels), old)
        p = numbered(doc)
        _label(p, principal, new, revisions, author)
        edits = pair.edits
        if pair.relation == "deleted" and new in c.placeholders:
            edits = list(edits) + [(INSERT, c.placeholders[new])]
        write_ops(p, edits, revisions, author)
    note = _note(pair, c)
    if note:
        ooxml.comment_on_paragraph(doc, p, note, date=c.new.date)
    for why in pair.rationales if pair.author else ():
        ooxml.comment_on_paragraph(doc, p, why, author=pair.author or "", initials=(pair.author or "")[:2],
                                   date=c.new.date)


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
