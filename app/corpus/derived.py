"""Derived tables the loader keeps in step with the corpus: the full-text search entries."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session, delete, select

from app.models import Amendment, AmendmentRevision, Delegation, Document, Paragraph, SearchEntry


def rebuild_index(session: Session) -> int:
    """Replace every search entry with the current paragraphs and inputs (in the caller's transaction)."""
    session.exec(delete(SearchEntry))  # type: ignore[call-overload]
    n = 0
    for p, slug in session.exec(select(Paragraph, Document.slug).join(Document)):
        if p.text.strip():
            session.add(SearchEntry(kind="paragraph", document=slug, label=p.label, section=p.section,
                                    ref=f"{slug}#{p.label}", text=p.text))
            n += 1
    rows = session.exec(
        select(Amendment, AmendmentRevision, Delegation.slug, Paragraph, Document.slug)
        .join(AmendmentRevision, (AmendmentRevision.amendment_id == Amendment.id) & AmendmentRevision.is_current)
        .join(Delegation, Delegation.id == Amendment.delegation_id)
        .join(Paragraph, Paragraph.id == Amendment.target_paragraph_id)
        .join(Document, Document.id == Paragraph.document_id))
    for a, r, deleg, p, slug in rows:
        body = "\n".join(t for t in (r.text, r.rationale or "") if t.strip())
        if body:
            session.add(SearchEntry(kind="input", document=slug, label=p.label, section=p.section,
                                    delegation=deleg, ref=a.key, text=body))
            n += 1
    session.flush()
    if session.get_bind().dialect.name == "sqlite":
        session.exec(text("INSERT INTO searchentry_fts(searchentry_fts) VALUES('rebuild')"))  # type: ignore[call-overload]
    return n
