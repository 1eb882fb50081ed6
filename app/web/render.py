"""Rendering the redline macros to strings, for the JSON API's `html_*` fields.

The markup is written once, in templates/_macros/redline.html; the API and the pages
both go through it, so an escaped page and an escaped API answer cannot drift apart.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import Environment

from app.text.redline import Edit


@cache
def _macros(env: Environment) -> Any:
    """The redline macros of one Jinja environment, looked up once: `get_template` checks the
    file's modification time on every call, which cost as much as rendering a short redline."""
    return env.get_template("_macros/redline.html").module


def redline_html(templates: Jinja2Templates, edits: list[Edit], old_label: str = "Before",
                 new_label: str = "After") -> tuple[str, str]:
    """(inline, side-by-side) HTML of one redline."""
    macros = _macros(templates.env)
    return str(macros.inline(edits)), str(macros.side_by_side(edits, old_label, new_label))
