"""A draft (or any document of the record) as .docx: headings, sections, numbered paragraphs.

Gaps stay visible: a paragraph the scan lost shows "[text lost in the scan]" shaded grey, a
"[...]" the curators marked inside a text is shaded too, and each incomplete paragraph carries a
Word comment with the curator's note, so nobody mistakes a hole in the record for the text.
"""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.text.paragraph import Paragraph

from app.formats import ooxml
from app.formats.records import DraftRec, ParagraphRec
from app.formats.word_page import GAP, LOST_FILL, describe, heading, meta_line, new_document, numbered, to_bytes

LOST = ooxml.Look(fill=LOST_FILL)
LOST_GAP = ooxml.Look(italic=True, fill=LOST_FILL)
GAP_MARK = re.compile(r"\[\s*(?:\.\s*){3}\]|\[…\]")  # "[...]": words the scan lost, marked by the curators


def write_text(p: Paragraph, text: str) -> None:
    """The text with its "[...]" gaps shaded: shown as gaps, never as the record's words."""
    pos = 0
    for m in GAP_MARK.finditer(text):
        if m.start() > pos:
            ooxml.run(p._p, text[pos:m.start()])
        ooxml.run(p._p, m.group(0), LOST)
        pos = m.end()
    if pos < len(text):
        ooxml.run(p._p, text[pos:])


def quality_note(para: ParagraphRec) -> str | None:
    if para.quality != "incomplete":
        return None
    notes = "; ".join(para.curation) or "the scan lost part of this paragraph"
    return f"Text incomplete in the scan: {notes}"


def write_paragraph(doc: DocxDocument, para: ParagraphRec) -> Paragraph:
    p = numbered(doc)
    ooxml.run(p._p, f"{para.label}\t")
    if para.text.strip():
        write_text(p, para.text)
    else:
        ooxml.run(p._p, GAP, LOST_GAP)
    note = quality_note(para)
    if note:
        ooxml.comment_on_paragraph(doc, p, note)
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
            write_paragraph(doc, para)
    for paras in by_section.values():  # a paragraph whose section the document does not list
        for para in paras:
            write_paragraph(doc, para)
    return to_bytes(doc)
