"""Whether this process can serve: the database answers and holds the schema this code needs."""

from __future__ import annotations

from sqlmodel import Session

from app import migrate
from app.errors import NotReady


def check(session: Session) -> dict[str, str]:
    """`{"status": "ok", "database": dialect}`, or NotReady saying what is wrong and what to run."""
    problem = migrate.schema_problem(session.connection())
    if problem:
        raise NotReady(problem)
    return {"status": "ok", "database": session.get_bind().dialect.name}
