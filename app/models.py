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


class Negotiation(SQLModel, table=True):
    """One negotiated text and its process: its drafts, comment rounds and compilations.

    Precedent instruments belong to none: every negotiation may borrow their language."""

    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True, index=True)
    title: str
    description: Optional[str] = None
    origin: str = Field(default="record", max_length=20)  # record (the files) | service (made by a user)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Document(SQLModel, table=True):
    """One version of a text: an outline, a draft, a compilation of comments, a precedent.

    `state` is `published` for everything the record holds; a draft a facilitator is composing
    in the workbench, and the compilation of a round not yet published, are `unpublished` and
    seen only by those the policy allows. `origin` says which source of truth owns the row:
    `record` rows come from the files (`stemma load` syncs them), `service` rows were written
    by users (the loader never touches them)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True, index=True)
    title: str
    kind: str = Field(max_length=20, index=True)
    date: dt.date
    issued_by: str
    base_id: Optional[int] = Field(default=None, foreign_key="document.id", index=True)
    negotiation_id: Optional[int] = Field(default=None, foreign_key="negotiation.id", index=True)
    notes: Optional[str] = None
    source_file: Optional[str] = Field(default=None, max_length=200)
    source_first: Optional[int] = None
    source_last: Optional[int] = None
    state: str = Field(default="published", max_length=20)
    origin: str = Field(default="record", max_length=20)
    created_by_id: Optional[int] = Field(default=None, foreign_key="user.id")
    retired_at: Optional[dt.datetime] = Field(default=None, sa_type=DateTime(timezone=True))


class Section(SQLModel, table=True):
    """A document's sections in reading order, with the titles the document gives them."""

    __table_args__ = (UniqueConstraint("document_id", "key"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    key: str = Field(max_length=60)
    title: str
    order: int
    retired_at: Optional[dt.datetime] = Field(default=None, sa_type=DateTime(timezone=True))


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
    source_first: Optional[int] = None
    source_last: Optional[int] = None


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
    status: str = Field(default="active", max_length=20)  # active | withdrawn (history kept)
    origin: str = Field(default="record", max_length=20)  # record (the files) | service (a user)
    retired_at: Optional[dt.datetime] = Field(default=None, sa_type=DateTime(timezone=True))


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
    source_first: Optional[int] = None
    source_last: Optional[int] = None
    is_current: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    created_by_id: Optional[int] = Field(default=None, foreign_key="user.id")
    # What the revision proposed besides its text, so a revision that changes the kind keeps the old
    # one in history (the amendment row holds the current values). Empty on record revisions.
    kind: Optional[str] = Field(default=None, max_length=20)
    stance: Optional[str] = Field(default=None, max_length=20)
    new_label: Optional[str] = Field(default=None, max_length=40)
    author: Optional[str] = Field(default=None, max_length=120)  # the user's name, kept if the user goes
    late_note: Optional[str] = None  # a facilitator accepted it after the deadline, and why


class User(SQLModel, table=True):
    """A person: a facilitator, a delegation member (bound to one delegation) or a reader.

    `name` is what they sign in with. A facilitator with a `negotiation_id` facilitates that
    negotiation only; without one, every negotiation in the database."""

    __table_args__ = (
        CheckConstraint("role IN ('facilitator', 'delegation', 'reader')", name="ck_user_role"),
        CheckConstraint("(role = 'delegation') = (delegation_id IS NOT NULL)", name="ck_user_delegation"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True, index=True)
    email: Optional[str] = Field(default=None, max_length=200)
    role: str = Field(max_length=20)
    delegation_id: Optional[int] = Field(default=None, foreign_key="delegation.id")
    negotiation_id: Optional[int] = Field(default=None, foreign_key="negotiation.id")
    password_hash: Optional[str] = None
    active: bool = True
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class ApiToken(SQLModel, table=True):
    """An API token: only its SHA-256 is stored (tokens are 256 random bits, so a slow hash adds
    nothing); `prefix` lets a person name the token to revoke without the secret."""

    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    prefix: str = Field(max_length=16, index=True)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    revoked_at: Optional[dt.datetime] = Field(default=None, sa_type=DateTime(timezone=True))
    last_used_at: Optional[dt.datetime] = Field(default=None, sa_type=DateTime(timezone=True))


class WebSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random token; the row (its hash) is what makes it
    valid, so signing out, or revoking a user, takes effect in every process at once."""

    id: Optional[int] = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    csrf: str = Field(max_length=64)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    expires_at: dt.datetime = Field(sa_type=DateTime(timezone=True))


class LoginAttempt(SQLModel, table=True):
    """Failed sign-ins, counted per name and per address over a window to slow down guessing
    (in the database, so every process counts the same attempts)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, index=True)
    address: str = Field(max_length=64, index=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True, sa_type=DateTime(timezone=True))


class InstanceSecret(SQLModel, table=True):
    """Secrets every process of one deployment must share (the CSRF signing key), generated once
    when STEMMA_SECRET_KEY is not set."""

    key: str = Field(primary_key=True, max_length=60)
    value: str = Field(max_length=200)


class Round(SQLModel, table=True):
    """A comment round on one draft: delegations submit until the deadline, facilitators close,
    compile and publish it. Its compilation document (kind `compilation`) shares its slug."""

    __table_args__ = (CheckConstraint("state IN ('open', 'closed', 'published')", name="ck_round_state"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True, index=True)
    title: str
    negotiation_id: Optional[int] = Field(default=None, foreign_key="negotiation.id", index=True)
    base_id: int = Field(foreign_key="document.id")
    compilation_id: int = Field(foreign_key="document.id", unique=True)
    deadline: Optional[dt.datetime] = Field(default=None, sa_type=DateTime(timezone=True))
    state: str = Field(default="open", max_length=20)
    origin: str = Field(default="service", max_length=20)
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    closed_at: Optional[dt.datetime] = Field(default=None, sa_type=DateTime(timezone=True))
    published_at: Optional[dt.datetime] = Field(default=None, sa_type=DateTime(timezone=True))


class Reflection(SQLModel, table=True):
    """A facilitator's mark: this paragraph of a later draft reflects that input. It is how a
    draft paragraph that came from a delegation's input says so in its lineage."""

    __table_args__ = (UniqueConstraint("paragraph_id", "amendment_id"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    paragraph_id: int = Field(foreign_key="paragraph.id", index=True)
    amendment_id: int = Field(foreign_key="amendment.id", index=True)
    origin: str = Field(default="declared", max_length=20)
    note: Optional[str] = None


class AuditEvent(SQLModel, table=True):
    """Who did what to which record, and when, with the record before and after; appended, never
    edited (an ORM guard below, and database triggers made in the migration)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True, sa_type=DateTime(timezone=True))
    user_id: Optional[int] = Field(default=None, foreign_key="user.id")
    actor: Optional[str] = Field(default=None, max_length=120)  # the user's name, or "stemma load"
    negotiation_id: Optional[int] = Field(default=None, foreign_key="negotiation.id", index=True)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=60)
    entity_key: str = Field(max_length=200)
    before: Optional[dict[str, Any]] = Field(default=None, sa_type=JSON)
    after: Optional[dict[str, Any]] = Field(default=None, sa_type=JSON)
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class ProcessEvent(SQLModel, table=True):
    """A meeting, a deadline or a circulation named in the facilitators' letters."""

    __table_args__ = (UniqueConstraint("date", "kind", "title"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    negotiation_id: Optional[int] = Field(default=None, foreign_key="negotiation.id", index=True)
    retired_at: Optional[dt.datetime] = Field(default=None, sa_type=DateTime(timezone=True))
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
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise ImmutableRevision("audit events are appended, never edited or deleted")


class SearchEntry(SQLModel, table=True):
    """One searchable text (a paragraph or an input), denormalized for full-text search.

    Rebuilt by the loader. On SQLite an FTS5 table (`searchentry_fts`) indexes its `terms`; on
    PostgreSQL a GIN index over their `simple` tsvector, stored in a generated column `terms_tsv`
    that only PostgreSQL has, does (migration 0006).
    """

    id: Optional[int] = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # paragraph | input
    document: str = Field(max_length=120, index=True)  # the paragraph's document or the input's base draft
    label: str = Field(max_length=40)
    section: str = Field(max_length=60)
    delegation: Optional[str] = Field(default=None, max_length=60, index=True)
    ref: str = Field(max_length=200)  # amendment key for inputs, "slug#label" for paragraphs
    text: str
    terms: str = ""  # the text's stems, what both databases index (app/text/search_text.py)


class Generation(SQLModel, table=True):
    """A counter per scope ("corpus", later one per negotiation), bumped in the same transaction as
    every write that changes what a page shows. Caches in any process key on it, so a write made
    through one process is seen by every other one at its next read (no state lives in a process)."""

    key: str = Field(primary_key=True, max_length=120)
    value: int = 0
