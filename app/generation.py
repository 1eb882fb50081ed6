"""Generation numbers: the database's own "has anything changed?" for caches in every process.

A cache (the shared-language index, remembered uptake, an ETag) stores the generation it was built
at and is fresh while the stored number is the same. Writers bump in their own transaction, so a
reader never sees new rows with an old number. Reading is one primary-key lookup.
"""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlmodel import Session, func, select

from app.models import Generation

CORPUS = "corpus"


def current(session: Session, key: str = CORPUS) -> int:
    """The generation of `key` (0 before the first write)."""
    value = session.exec(select(Generation.value).where(Generation.key == key)).first()
    return int(value or 0)


_VALIDATOR = select(func.coalesce(func.sum(Generation.value), 0), func.count()).select_from(Generation)


def validator(conn: Connection) -> tuple[int, int]:
    """What every cached response is checked against: the sum and number of all generations.

    Values only grow and rows are never deleted, so any bump of any key ("corpus", or a
    per-negotiation "negotiation:<slug>") changes it, whichever scope a writer bumps: a page
    that draws on several negotiations (a delegation's, search, agreed language) is never
    served stale. One aggregate over a handful of rows, on a plain connection (a third of an
    ORM session's cost: it runs on every request)."""
    total, count = conn.execute(_VALIDATOR).one()
    return int(total), int(count)


def bump(session: Session, *keys: str) -> None:
    """Add one to each key's generation inside the caller's transaction (created at 1 if new).

    An upsert rather than read-then-write, so two processes bumping at once both count."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    for key in keys or (CORPUS,):
        stmt = insert(Generation).values(key=key, value=1)
        stmt = stmt.on_conflict_do_update(index_elements=["key"], set_={"value": Generation.value + 1})
        session.exec(stmt)  # type: ignore[call-overload]
