"""The comment table as .docx, laid out as the UN's "Table of Inputs".

Landscape A4, one two-column table: the base paragraph with its number on the left, and on the
right every input on it, the delegation's name in bold, a textual proposal as a redline
(deleted words struck through, inserted words underlined: formatting, not tracked changes, so
the table reads the same in any viewer), the rationale in plain text. The header row repeats on
every page. One row per base paragraph that has inputs, as the facilitators' table has.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from app.formats import ooxml
from app.formats.records import DELETE, EQUAL, INSERT, LOST, CommentTable, InputRec, ParagraphRec
from app.formats.word_draft import write_text
from app.formats.word_page import as_shown, day, meta_line, new_document, to_bytes

STRUCK, ADDED, GREY = "A00000", "003399", "595959"
LEFT, RIGHT = Mm(95), Mm(162)  # of the 257 mm between landscape A4's margins
PLACED = ("excerpt", "instruction")  # the submitted text is not the paragraph: show both
NO_TEXT = ("comment", "move", "merge")  # their text says something; it proposes no wording


LOOKS = {EQUAL: ooxml.PLAIN, DELETE: ooxml.Look(strike=True, color=STRUCK),
         INSERT: ooxml.Look(underline=True, color=ADDED), LOST: ooxml.PLAIN}
NOTE = ooxml.Look(size=9, color=GREY)
BOLD, ITALIC = ooxml.Look(bold=True), ooxml.Look(italic=True)


def redline(p: Paragraph, edits: object) -> None:
    """Runs for a redline: struck deletions, underlined insertions, and a passage the scan lost as
    its gap (`as_shown`), neither struck nor underlined."""
    for op, text in as_shown(edits):  # type: ignore[arg-type]
        if op not in LOOKS:
            raise ValueError(f"unknown redline op {op!r}")
        ooxml.text_runs(p._p, text, LOOKS[op])


def _para(cell: _Cell, first: list[bool], space_before: int = 0) -> Paragraph:
    """The cell's own first paragraph, then new ones appended straight to the cell's XML (a cell
    always starts with one paragraph; python-docx's add_paragraph looks the cell up each time)."""
    if first[0]:
        first[0] = False
        return cell.paragraphs[0]
    p = OxmlElement("w:p")
    if space_before:
        ppr = OxmlElement("w:pPr")
        ppr.append(OxmlElement("w:spacing", attrs={qn("w:before"): str(space_before * 20)}))
        p.append(ppr)
    cell._tc.append(p)
    return Paragraph(p, cell)


def _note(p: Paragraph, text: str) -> None:
    ooxml.run(p._p, text, NOTE)


def write_input(cell: _Cell, i: InputRec, first: list[bool]) -> None:
    head = _para(cell, first, space_before=6)
    ooxml.run(head._p, i.delegation_name, BOLD)
    if i.probable_delegation:
        _note(head, f" (name lost in the scan; probably {i.probable_delegation})")
    facts = [i.kind] + ([f"new {i.new_label}"] if i.new_label else []) + ([i.stance] if i.stance else [])
    _note(head, " · " + " · ".join(facts))
    if i.kind == "delete":
        body = _para(cell, first)
        ooxml.run(body._p, "Delete the paragraph.", ITALIC)
    elif i.kind == "insert" and i.text:
        body = _para(cell, first)
        redline(body, [(INSERT, i.resolved_text or i.text)])
    elif i.kind in NO_TEXT and i.text:
        write_text(_para(cell, first), i.text)
    elif i.text:
        if i.placement in PLACED or i.flagged or not i.edits:
            _as_submitted(_para(cell, first), i.text)
        if i.edits and not i.flagged:
            redline(_para(cell, first), i.edits)
    if i.flagged:
        _note(_para(cell, first), "Stemma could not place this in the paragraph: read it as submitted.")
    if i.rationale:
        p = _para(cell, first)
        ooxml.run(p._p, "Comment: " if i.kind == "comment" else "Rationale: ", ITALIC)
        write_text(p, i.rationale)
    if i.quality == "incomplete":
        _note(_para(cell, first), "Text incomplete in the scan: " + ("; ".join(i.curation) or "words were lost"))


def _as_submitted(p: Paragraph, text: str) -> None:
    ooxml.run(p._p, "As submitted: ", ITALIC)
    write_text(p, text)


def write_base(cell: _Cell, para: ParagraphRec) -> None:
    p = cell.paragraphs[0]
    ooxml.run(p._p, para.label, BOLD)
    ooxml.run(p._p, "  ")
    write_text(p, para.text)
    if para.quality == "incomplete":
        _note(_para(cell, [False]), "Text incomplete in the scan: " + ("; ".join(para.curation) or "words were lost"))


def _filters(table: CommentTable) -> str:
    return f" · only {', '.join(table.described)}" if table.described else ""


def _header(doc: DocxDocument, table: CommentTable) -> None:
    doc.add_heading(table.compilation.title, level=1)
    meta_line(doc, f"Inputs on {table.base.title} ({day(table.base.date)}); compiled "
                   f"{day(table.compilation.date)}{_filters(table)} · {len(table.rows)} paragraphs, "
                   f"{len(table.inputs)} inputs")


def comment_table_docx(table: CommentTable) -> bytes:
    doc = new_document(landscape=True, title=table.compilation.title, subject="Table of inputs")
    _header(doc, table)
    t = doc.add_table(rows=1, cols=2)
    t.style = "Table Grid"
    t.autofit = False
    head = t.rows[0].cells
    for cell, text in zip(head, (f"{table.base.title} ({day(table.base.date)})", "Inputs")):
        ooxml.run(cell.paragraphs[0]._p, text, BOLD)
    ooxml.repeat_as_header(t.rows[0])
    for row in table.rows:
        left, right = t.add_row().cells
        write_base(left, row.paragraph)
        first = [True]
        for i in row.inputs:
            write_input(right, i, first)
    for row in t.rows:
        row.cells[0].width, row.cells[1].width = LEFT, RIGHT
    return to_bytes(doc)
