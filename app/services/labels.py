"""Paragraph labels as people type them: `pp1` for `PP1`, `1BIS` for `1bis`.

The record's labels mix cases (`PP1`, `OP2`, `1bis`, `IV-fragment`), and a reader who types a
URL by hand, or copies `pp1` from a delegation's text, should reach the paragraph rather than a
404. Labels are unique within a document whatever their case (checked here on the real corpus:
see tests/test_everyone_pages.py), so a case-insensitive match names at most one paragraph.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from app.models import Document, Paragraph


def canonical_label(session: Session, slug: str, label: str) -> str | None:
    """The document's own spelling of `label`, matched exactly first, then ignoring case;
    None when the document has no such paragraph (the caller answers 404 as before)."""
    rows = session.exec(select(Paragraph.label).join(Document)
                        .where(Document.slug == slug, func.lower(Paragraph.label) == label.lower())).all()
    if label in rows:
        return label
    return rows[0] if len(rows) == 1 else None
