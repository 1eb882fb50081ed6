"""The comment table as .docx, laid out as the UN's "Table of Inputs".

Landscape A4, one two-column table: the base paragraph with its number on the left, and on the
right every input on it, the delegation's name in bold, a textual proposal as a redline
(deleted words struck through, inserted words underlined: formatting, not tracked changes, so
the table reads the same in any viewer), the rationale in plain text. The header row repeats on
every page. One row per base paragraph that has inputs, as the facilitators' table has.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from app.formats import ooxml
from app.formats.records import DELETE, EQUAL, INSERT, LOST, CommentTable, InputRec, ParagraphRec
from app.formats.word_draft import write_text
from app.formats.word_page import GAP, GREY, LOST_FILL, day, meta_line, new_document, to_bytes

STRUCK = RGBColor(0xA0, 0x00, 0x00)
ADDED = RGBColor(0x00, 0x33, 0x99)
LEFT, RIGHT = Mm(95), Mm(162)  # of the 257 mm between landscape A4's margins
PLACED = ("excerpt", "instruction")  # the submitted text is not the paragraph: show both
NO_TEXT = ("comment", "move", "merge")  # their text says something; it proposes no wording


def redline(p: Paragraph, edits: object) -> None:
    """Runs for a redline: struck deletions, underlined insertions, shaded lost text."""
    for op, text in edits:  # type: ignore[attr-defined]
        run = p.add_run(text)
        if op == DELETE:
            run.font.strike, run.font.color.rgb = True, STRUCK
        elif op == INSERT:
            run.font.underline, run.font.color.rgb = True, ADDED
        elif op == LOST:
            ooxml.shade(run, LOST_FILL)
        elif op != EQUAL:
            raise ValueError(f"unknown redline op {op!r}")


def _para(cell: _Cell, first: list[bool]) -> Paragraph:
    """The cell's own first paragraph, then new ones (a cell always starts with one)."""
    if first[0]:
        first[0] = False
        return cell.paragraphs[0]
    return cell.add_paragraph()


def _note(p: Paragraph, text: str) -> None:
    run = p.add_run(text)
    run.font.size, run.font.color.rgb = Pt(9), GREY


def write_input(cell: _Cell, i: InputRec, first: list[bool]) -> None:
    head = _para(cell, first)
    head.paragraph_format.space_before = Pt(0 if head is cell.paragraphs[0] else 6)
    head.add_run(i.delegation_name).bold = True
    if i.probable_delegation:
        _note(head, f" (name lost in the scan; probably {i.probable_delegation})")
    facts = [i.kind] + ([f"new {i.new_label}"] if i.new_label else []) + ([i.stance] if i.stance else [])
    _note(head, " · " + " · ".join(facts))
    if i.kind == "delete":
        body = _para(cell, first)
        body.add_run("Delete the paragraph.").italic = True
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
        p.add_run("Comment: " if i.kind == "comment" else "Rationale: ").italic = True
        p.add_run(i.rationale)
    if i.quality == "incomplete":
        _note(_para(cell, first), "Text incomplete in the scan: " + ("; ".join(i.curation) or "words were lost"))


def _as_submitted(p: Paragraph, text: str) -> None:
    p.add_run("As submitted: ").italic = True
    write_text(p, text)


def write_base(cell: _Cell, para: ParagraphRec) -> None:
    p = cell.paragraphs[0]
    p.add_run(para.label).bold = True
    p.add_run("  ")
    if para.text.strip():
        write_text(p, para.text)
    else:
        ooxml.shade(p.add_run(GAP), LOST_FILL)
    if para.quality == "incomplete":
        _note(cell.add_paragraph(), "Text incomplete in the scan: " + ("; ".join(para.curation) or "words were lost"))


def _filters(table: CommentTable) -> str:
    shown = [f"{k} {v}" for k, v in table.filters.items() if v]
    return f" · only {', '.join(shown)}" if shown else ""


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
        cell.paragraphs[0].add_run(text).bold = True
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
