"""The tables: documents and their paragraphs, lineage, delegations, amendments and revisions.

Enumerated columns are stored as short strings (the vocabularies live in
`app.corpus.schema`), so adding a value never needs a database type migration.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, DateTime, Index, UniqueConstraint, event, text
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Document(SQLModel, table=True):
    """One version of a text: an outline, a draft, a compilation of comments, a precedent."""

    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True, index=True)
    title: str
    kind: str = Field(max_length=20, index=True)
    date: dt.date
    issued_by: str
    base_id: Optional[int] = Field(default=None, foreign_key="document.id")
    notes: Optional[str] = None
    source_file: str = Field(max_length=200)
    source_first: int
    source_last: int


class Section(SQLModel, table=True):
    """A document's sections in reading order, with the titles the document gives them."""

    __table_args__ = (UniqueConstraint("document_id", "key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    key: str = Field(max_length=60)
    title: str
    order: int


class Paragraph(SQLModel, table=True):
    """One paragraph of one document, labelled exactly as the document numbers it."""

    __table_args__ = (UniqueConstraint("document_id", "label"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    label: str = Field(max_length=40)
    section: str = Field(max_length=60)
    order: int
    text: str
    status: str = Field(default="present", max_length=20)
    merged_into_id: Optional[int] = Field(default=None, foreign_key="paragraph.id")
    text_quality: str = Field(default="ok", max_length=20)
    curation: list[str] = Field(default_factory=list, sa_type=JSON)
    source_first: int
    source_last: int


class LineageLink(SQLModel, table=True):
    """A paragraph's descent from an earlier one (from_paragraph is empty for a new one)."""

    __table_args__ = (UniqueConstraint("from_paragraph_id", "to_paragraph_id", "relation"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    from_paragraph_id: Optional[int] = Field(default=None, foreign_key="paragraph.id", index=True)
    to_paragraph_id: int = Field(foreign_key="paragraph.id", index=True)
    relation: str = Field(max_length=20)
    origin: str = Field(max_length=20)
    confidence: float = 1.0
    note: Optional[str] = None


class Delegation(SQLModel, table=True):
    """A Member State, a group of States, an observer, a UN entity or an organization."""

    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True, index=True)
    name: str
    kind: str = Field(max_length=20)


class DelegationAlias(SQLModel, table=True):
    """Another name for a delegation in the record, OCR variants included (`TIOM`)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    delegation_id: int = Field(foreign_key="delegation.id", index=True)
    alias: str = Field(max_length=120, unique=True)


class DelegationMember(SQLModel, table=True):
    """A member State of a group (the EU's 27 in 2010)."""

    __table_args__ = (UniqueConstraint("group_id", "name"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="delegation.id", index=True)
    name: str = Field(max_length=120)


class Amendment(SQLModel, table=True):
    """A delegation's input on one paragraph of a compilation's base document.

    What was proposed lives in AmendmentRevision rows; this row only says who, where
    and how, so that a revised proposal is a new revision and nothing is overwritten.
    """

    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(max_length=160, unique=True, index=True)
    compilation_id: int = Field(foreign_key="document.id", index=True)
    delegation_id: int = Field(foreign_key="delegation.id", index=True)
    target_paragraph_id: int = Field(foreign_key="paragraph.id", index=True)
    new_label: Optional[str] = Field(default=None, max_length=40)
    kind: str = Field(max_length=20)
    stance: Optional[str] = Field(default=None, max_length=20)
    probable_delegation_id: Optional[int] = Field(default=None, foreign_key="delegation.id")
    order: int = 0
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class AmendmentRevision(SQLModel, table=True):
    """One immutable revision of an amendment's text; exactly one is current."""

    __table_args__ = (
        UniqueConstraint("amendment_id", "number"),
        Index("uq_amendmentrevision_current", "amendment_id", unique=True,
              sqlite_where=text("is_current"), postgresql_where=text("is_current")),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    amendment_id: int = Field(foreign_key="amendment.id", index=True)
    number: int
    text: str = ""
    rationale: Optional[str] = None
    text_quality: str = Field(default="ok", max_length=20)
    curation: list[str] = Field(default_factory=list, sa_type=JSON)
    source_first: int
    source_last: int
    is_current: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    created_by_id: Optional[int] = Field(default=None, foreign_key="user.id")


class User(SQLModel, table=True):
    """A person: a facilitator, a delegation member (bound to one delegation) or a reader."""

    __table_args__ = (
        CheckConstraint("role IN ('facilitator', 'delegation', 'reader')", name="ck_user_role"),
        CheckConstraint("(role = 'delegation') = (delegation_id IS NOT NULL)", name="ck_user_delegation"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    email: str = Field(max_length=200, unique=True, index=True)
    name: str
    role: str = Field(max_length=20)
    delegation_id: Optional[int] = Field(default=None, foreign_key="delegation.id")
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class AuditEvent(SQLModel, table=True):
    """Who did what to which record, and when; appended, never edited."""

    id: Optional[int] = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True, sa_type=DateTime(timezone=True))
    user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    action: str = Field(max_length=60)
    entity: str = Field(max_length=60)
    entity_key: str = Field(max_length=200)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class ProcessEvent(SQLModel, table=True):
    """A meeting, a deadline or a circulation named in the facilitators' letters."""

    __table_args__ = (UniqueConstraint("date", "kind", "title"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    date: dt.date = Field(index=True)
    kind: str = Field(max_length=20)
    title: str
    source_file: str = Field(max_length=200)
    source_first: int
    source_last: int


class ProcessEventDocument(SQLModel, table=True):
    """Which documents an event circulated or discussed."""

    event_id: int = Field(foreign_key="processevent.id", primary_key=True)
    document_id: int = Field(foreign_key="document.id", primary_key=True)


class ImmutableRevision(Exception):
    """Raised when code tries to change a stored revision instead of adding one."""


@event.listens_for(OrmSession, "before_flush")
def _revisions_are_immutable(session: OrmSession, _ctx: Any, _instances: Any) -> None:
    """A revision may only be retired (is_current true -> false); its text never changes."""
    for obj in session.dirty:
        if not isinstance(obj, AmendmentRevision) or not session.is_modified(obj):
            continue
        state = obj._sa_instance_state  # type: ignore[attr-defined]
        changed = {a.key for a in state.attrs if a.history.has_changes()}
        retiring = changed == {"is_current"} and obj.is_current is False
        if not retiring:
            raise ImmutableRevision(f"revision {obj.number} of amendment {obj.amendment_id} is immutable; "
                                    f"add a new revision instead (tried to change {sorted(changed)})")
    for obj in session.deleted:
        if isinstance(obj, AmendmentRevision):
            raise ImmutableRevision("revisions are never deleted")


class SearchEntry(SQLModel, table=True):
    """One searchable text (a paragraph or an input), denormalized for full-text search.

    Rebuilt by the loader. On SQLite an FTS5 table (`searchentry_fts`) indexes it; on
    PostgreSQL a GIN index over its tsvector does (both made in migration 0002).
    """

    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # paragraph | input
    document: str = Field(max_length=120, index=True)  # the paragraph's document or the input's base draft
    label: str = Field(max_length=40)
    section: str = Field(max_length=60)
    delegation: Optional[str] = Field(default=None, max_length=60, index=True)
    ref: str = Field(max_length=200)  # amendment key for inputs, "slug#label" for paragraphs
    text: str


class Generation(SQLModel, table=True):
    """A counter per scope ("corpus", later one per negotiation), bumped in the same transaction as
    every write that changes what a page shows. Caches in any process key on it, so a write made
    through one process is seen by every other one at its next read (no state lives in a process)."""

    key: str = Field(primary_key=True, max_length=120)
    value: int = 0
