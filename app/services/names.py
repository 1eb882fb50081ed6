"""How pages name documents to a reader: never by slug.

A document's title comes from the database (`UN Global Plan of Action against Trafficking in
Persons, DRAFT (19 July 2010)`); where a page needs a short name (a lineage entry, a redline's
side label) it says what the document is and when: "draft of 19 July 2010". A precedent keeps
its title, which already says what it is.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Named(Protocol):
    title: str
    kind: str
    date: dt.date


def short_name(doc: Named) -> str:
    """`draft of 16 April 2010`, `compilation of 18 May 2010`; a precedent's own title."""
    if doc.kind == "precedent":
        return doc.title
    return f"{doc.kind} of {doc.date.day} {doc.date:%B %Y}"
