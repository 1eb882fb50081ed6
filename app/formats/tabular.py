"""The comment table flat: one row per input, as CSV (for a spreadsheet) and as JSON rows.

A cell that a spreadsheet would run as a formula (one starting with = + - @, a tab or a return)
is written with a leading apostrophe, the usual guard: a delegation's text is untrusted, and a
CSV is opened by people in Excel. The JSON rows carry the text unchanged.
"""

from __future__ import annotations

import csv
import io

from app.formats.records import CommentTable, InputRec

COLUMNS = ("paragraph", "delegation", "kind", "stance", "text", "resolved_text", "rationale", "uptake",
           "source_lines", "key", "id", "section", "delegation_name", "probable_delegation", "new_label",
           "uptake_score", "text_quality", "source_file")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def row(i: InputRec) -> dict[str, object]:
    return {
        "paragraph": i.label, "delegation": i.delegation, "kind": i.kind, "stance": i.stance, "text": i.text,
        "resolved_text": i.resolved_text, "rationale": i.rationale, "uptake": i.uptake,
        "source_lines": f"{i.source_lines[0]}-{i.source_lines[1]}" if i.source_lines[0] else None, "key": i.id, "id": i.pk, "section": i.section,
        "delegation_name": i.delegation_name, "probable_delegation": i.probable_delegation,
        "new_label": i.new_label, "uptake_score": i.uptake_score, "text_quality": i.quality,
        "source_file": i.source_file,
    }


def rows(table: CommentTable) -> list[dict[str, object]]:
    return [row(i) for i in table.inputs]


def _cell(value: object) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(table: CommentTable) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in rows(table):
        writer.writerow([_cell(r[c]) for c in COLUMNS])
    return buf.getvalue()
