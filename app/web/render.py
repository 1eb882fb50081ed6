"""Rendering the redline macros to strings, for the JSON API's `html_*` fields.

The markup is written once, in templates/_macros/redline.html; the API and the pages
both go through it, so an escaped page and an escaped API answer cannot drift apart.
"""

from __future__ import annotations

from fastapi.templating import Jinja2Templates

from app.text.redline import Edit, side_by_side


def redline_html(templates: Jinja2Templates, edits: list[Edit], old_label: str = "Before",
                 new_label: str = "After") -> tuple[str, str]:
    """(inline, side-by-side) HTML of one redline."""
    macros = templates.env.get_template("_macros/redline.html").module
    return str(macros.inline(edits)), str(macros.side_by_side(side_by_side(edits), old_label, new_label))
