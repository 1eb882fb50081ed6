"""A draft (or any document of the record) as .docx: headings, sections, numbered paragraphs.

Gaps stay visible: each "[...]" the curators marked (a paragraph lost whole is one) is written as
a gap ("[… lost in the scan …]" in the shaded "Stemma gap" style, `ooxml.text_runs`), and each
incomplete paragraph carries a Word comment with the curator's note, so nobody mistakes a hole in
the record for the text.
"""

from __future__ import annotations

import datetime as dt

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from app.formats import ooxml
from app.formats.records import DraftRec, ParagraphRec
from app.formats.word_page import describe, heading, meta_line, new_document, numbered, to_bytes


def write_text(p: Paragraph, text: str) -> None:
    """The text with its "[...]" gaps written as gaps, never as the record's words; a paragraph the
    scan lost whole (no text at all) is one gap."""
    if text.strip():
        ooxml.text_runs(p._p, text)
    else:
        ooxml.gap_run(p)


def quality_note(para: ParagraphRec) -> str | None:
    if para.quality != "incomplete":
        return None
    notes = "; ".join(para.curation) or "the scan lost part of this paragraph"
    return f"Text incomplete in the scan: {notes}"


def write_paragraph(doc: DocxDocument, para: ParagraphRec, dated: dt.date | None = None) -> Paragraph:
    """One numbered paragraph; a curator's note on lost text as a comment dated `dated` (the draft's
    date: a comment dated now would make every download of the same draft a different file)."""
    p = numbered(doc)
    ooxml.run(p._p, f"{para.label}\t")
    write_text(p, para.text)
    note = quality_note(para)
    if note:
        ooxml.comment_on_paragraph(doc, p, note, date=dated)
    return p


def draft_docx(draft: DraftRec) -> bytes:
    doc = new_document(title=draft.doc.title, subject=draft.doc.kind)
    heading(doc, draft.doc.title, 0)
    meta_line(doc, describe(draft.doc))
    by_section: dict[str, list[ParagraphRec]] = {}
    for para in draft.paragraphs:
        by_section.setdefault(para.section, []).append(para)
    for section in draft.sections:
        paras = by_section.pop(section.key, [])
        heading(doc, section.title, 1)
        for para in paras:
            write_paragraph(doc, para, draft.doc.date)
    for paras in by_section.values():  # a paragraph whose section the document does not list
        for para in paras:
            write_paragraph(doc, para, draft.doc.date)
    return to_bytes(doc)
