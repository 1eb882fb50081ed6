"""What every .docx Stemma writes shares: an A4 page, UN-like type, and the numbered paragraph.

A numbered paragraph is written as its label, a tab, then its text, with a hanging indent, as
UN drafts print it ("PP4<tab>Reaffirming ..."); the importer reads the label back from there.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from app.formats.records import DocRef

GREY = RGBColor(0x59, 0x59, 0x59)
LOST_FILL = "D9D9D9"  # the shade behind text the scan lost
GAP = "[text lost in the scan]"


def new_document(*, landscape: bool = False, title: str = "", subject: str = "") -> DocxDocument:
    """An empty A4 document (landscape for the comment table, as the UN prints it)."""
    doc = Document()
    section = doc.sections[0]
    width, height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    props = doc.core_properties
    props.title, props.subject, props.author = title, subject, "Stemma"
    props.comments = "Written by Stemma from the curated record."
    return doc


def heading(doc: DocxDocument, text: str, level: int) -> Paragraph:
    return doc.add_heading(text, level=level)


def meta_line(doc: DocxDocument, text: str) -> Paragraph:
    """A small grey line under a title: dates, who issued it, where it was read from. Styled as a
    subtitle, so a file read back (`stemma import`) does not take it for the document's text."""
    from app.formats.ooxml import Look, run

    p = doc.add_paragraph(style="Subtitle")
    run(p._p, text, Look(size=9, color=str(GREY)))
    return p


def describe(doc: DocRef) -> str:
    parts = [doc.date.isoformat()]
    if doc.issued_by:
        parts.append(doc.issued_by)
    if doc.source_file:
        parts.append(f"record {doc.source_file}, lines {doc.source_lines[0]}-{doc.source_lines[1]}")
    return " · ".join(parts)


def numbered(doc: DocxDocument) -> Paragraph:
    """An empty paragraph laid out for "label<tab>text" with a hanging indent."""
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    fmt.left_indent, fmt.first_line_indent = Mm(15), Mm(-15)
    fmt.tab_stops.add_tab_stop(Mm(15))
    return p


def to_bytes(doc: DocxDocument) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def day(date: dt.date) -> str:
    return f"{date.day} {date.strftime('%B %Y')}"
