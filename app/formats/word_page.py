"""What every .docx Stemma writes shares: an A4 page, UN-like type, and the numbered paragraph.

A numbered paragraph is written as its label, a tab, then its text, with a hanging indent, as
UN drafts print it ("PP4<tab>Reaffirming ..."); the importer reads the label back from there.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from app.formats.ooxml import GAP_LOOK, GAP_STYLE_NAME
from app.formats.records import DELETE, EQUAL, INSERT, LOST, DocRef, Ops

GREY = RGBColor(0x59, 0x59, 0x59)
NUMBERED, NUMBERED_ID = "Numbered paragraph", "Numberedparagraph"  # python-docx makes the id from the name


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
    numbered_style = doc.styles.add_style(NUMBERED, WD_STYLE_TYPE.PARAGRAPH)
    numbered_style.base_style = normal
    fmt = numbered_style.paragraph_format
    fmt.left_indent, fmt.first_line_indent = Mm(15), Mm(-15)
    fmt.tab_stops.add_tab_stop(Mm(15))
    _gap_style(doc)
    props = doc.core_properties
    props.title, props.subject, props.author = title, subject, "Stemma"
    props.comments = "Written by Stemma from the curated record."
    return doc


def _gap_style(doc: DocxDocument) -> None:
    """The character style of a gap ("Stemma gap": italic, shaded), so a reader can find every passage
    the scan lost with Word's style pane, and change how all of them look at once."""
    style = doc.styles.add_style(GAP_STYLE_NAME, WD_STYLE_TYPE.CHARACTER)
    style.element.set(qn("w:styleId"), GAP_LOOK.style or "")
    style.font.italic = True
    shd = OxmlElement("w:shd", attrs={qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): GAP_LOOK.fill or ""})
    style.element.get_or_add_rPr().append(shd)


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
    """An empty paragraph in the "Numbered paragraph" style ("label<tab>text", a hanging indent): one
    style the reader can change for the whole document, set by id (python-docx looks a style up by
    name on every call)."""
    p = doc.add_paragraph()
    p._p.get_or_add_pPr().insert(0, OxmlElement("w:pStyle", attrs={qn("w:val"): NUMBERED_ID}))
    return p


def to_bytes(doc: DocxDocument) -> bytes:
    """The package with every part stamped 1980-01-01, so the same content is the same file (and the
    same ETag) on every download, not a new one each second."""
    saved = io.BytesIO()
    doc.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def day(date: dt.date) -> str:
    return f"{date.day} {date.strftime('%B %Y')}"


def as_shown(edits: Ops) -> list[tuple[int, str]]:
    """A redline as a Word file shows it: a passage the scan lost in the later text is its gap mark
    as that text writes it ("[...] "), never the earlier words it stands against (those go in a note,
    `lost_words`); words of the later text that stand against a gap of the earlier one are kept
    words, since a loss is not a change."""
    out: list[tuple[int, str]] = []
    for e in edits:
        op, text = e
        if op != LOST:
            out.append((op, text))
            continue
        lost_in, mark = getattr(e, "lost_in", 0), getattr(e, "mark", "")
        if lost_in == -1:
            out.append((EQUAL, text))
        elif lost_in == 0 and mark:  # the same gap in both texts
            out += _gap(mark, _tail(mark))
        else:
            out += _gap(mark or "[...]" + _tail(text), _tail(text))
    return out


def _tail(text: str) -> str:
    return text[len(text.rstrip()):]


def _gap(mark: str, against_tail: str) -> list[tuple[int, str]]:
    """A gap, then the space after it: the later text's, the earlier text's when Reject is pressed
    (a gap followed by a line break in one text and a space in the other)."""
    tail = _tail(mark)
    out: list[tuple[int, str]] = [(LOST, mark[:len(mark) - len(tail)])]
    if tail == against_tail:
        return out + ([(EQUAL, tail)] if tail else [])
    return out + [(op, t) for op, t in ((DELETE, against_tail), (INSERT, tail)) if t]


def lost_words(edits: Ops) -> list[str]:
    """The earlier words each gap of the later text stands against (what Reject cannot bring back)."""
    return [e[1].strip() for e in edits if e[0] == LOST and getattr(e, "lost_in", 0) != -1 and e[1].strip()]
