"""The full-text search entries: what is published, and nothing else.

Rebuilt whole by `stemma load`; a published round or draft adds its own entries, so the index
never holds a text some reader may not see (unpublished rounds, drafts being composed, withdrawn
or retired inputs) and a publish costs the size of what it publishes, not of the database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import aliased
from sqlmodel import Session, delete, select

from app.models import Amendment, AmendmentRevision, Delegation, Document, Paragraph, SearchEntry
from app.text.search_text import index_terms


def rebuild_index(session: Session) -> int:
    """Replace every search entry with the current published paragraphs and inputs (caller's transaction)."""
    session.exec(delete(SearchEntry))  # type: ignore[call-overload]
    n = _add_paragraphs(session, None) + _add_inputs(session, None)
    session.flush()
    if _sqlite(session):
        session.exec(text("INSERT INTO searchentry_fts(searchentry_fts) VALUES('rebuild')"))  # type: ignore[call-overload]
    else:
        _merge_pending(session)
    return n


PG_INDEX = "searchentry_tsv_terms"  # made in migration 0006


def _merge_pending(session: Session) -> None:
    """Move the GIN index's pending list (every row a whole load inserted: GIN's fast update defers
    them to the next VACUUM) into the index proper. Until then the planner costs the index as a scan
    of that list, chooses to read every row instead, and a search took 30 ms, not 0.5 ms."""
    session.exec(text(f"SELECT gin_clean_pending_list('{PG_INDEX}'::regclass)"))  # type: ignore[call-overload]


def index_document(session: Session, document_id: int) -> int:
    """Add a newly published document's paragraphs."""
    return _incremental(session, lambda: _add_paragraphs(session, document_id))


def index_compilation(session: Session, compilation_id: int) -> int:
    """Add a newly published round's inputs."""
    return _incremental(session, lambda: _add_inputs(session, compilation_id))


def _incremental(session: Session, add: Any) -> int:
    before = session.exec(select(SearchEntry.id).order_by(SearchEntry.id.desc()).limit(1)).first() or 0
    n = add()
    session.flush()
    if _sqlite(session) and n:  # FTS5 external-content table: index the new rows ourselves
        session.exec(text("INSERT INTO searchentry_fts(rowid, terms) "  # type: ignore[call-overload]
                          "SELECT id, terms FROM searchentry WHERE id > :before"), params={"before": before})
    return n


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _add_paragraphs(session: Session, document_id: int | None) -> int:
    q = (select(Paragraph, Document.slug).join(Document)
         .where(Document.state == "published", Document.retired_at.is_(None)))
    if document_id is not None:
        q = q.where(Document.id == document_id)
    n = 0
    for p, slug in session.exec(q):
        if p.text.strip():
            session.add(SearchEntry(kind="paragraph", document=slug, label=p.label, section=p.section,
                                    ref=f"{slug}#{p.label}", text=p.text, terms=index_terms(p.text)))
            n += 1
    return n


def _add_inputs(session: Session, compilation_id: int | None) -> int:
    Comp = aliased(Document)
    q = (select(Amendment, AmendmentRevision, Delegation.slug, Paragraph, Document.slug)
         .join(AmendmentRevision, (AmendmentRevision.amendment_id == Amendment.id) & AmendmentRevision.is_current)
         .join(Delegation, Delegation.id == Amendment.delegation_id)
         .join(Paragraph, Paragraph.id == Amendment.target_paragraph_id)
         .join(Document, Document.id == Paragraph.document_id)
         .join(Comp, Comp.id == Amendment.compilation_id)
         .where(Comp.state == "published", Comp.retired_at.is_(None), Amendment.retired_at.is_(None),
                Amendment.status == "active"))
    if compilation_id is not None:
        q = q.where(Amendment.compilation_id == compilation_id)
    n = 0
    for a, r, deleg, p, slug in session.exec(q):
        body = "\n".join(t for t in (r.text, r.rationale or "") if t.strip())
        if body:
            session.add(SearchEntry(kind="input", document=slug, label=p.label, section=p.section,
                                    delegation=deleg, ref=a.key, text=body, terms=index_terms(body)))
            n += 1
    return n
