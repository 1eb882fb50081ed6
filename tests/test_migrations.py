"""Migrations go up, down and up again on the suite's database, and agree with the models."""

from __future__ import annotations

import sqlalchemy as sa

from app import migrate
from app.db import make_engine


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(fresh_db: str) -> None:
    assert {"document", "paragraph", "amendment", "amendmentrevision", "searchentry"} <= _tables(fresh_db)
    assert migrate.models_match_migrations(fresh_db) is None
    migrate.downgrade(fresh_db, "base")
    assert _tables(fresh_db) <= {"alembic_version"}
    migrate.upgrade(fresh_db)
    assert migrate.models_match_migrations(fresh_db) is None


def test_upgrade_keeps_loaded_data(fresh_db: str, corpus) -> None:  # type: ignore[no-untyped-def]
    """Down to 0001 and back up: the corpus tables keep every row (search entries are derived)."""
    from sqlmodel import Session, func, select

    from app.corpus.loader import load_corpus
    from app.models import AmendmentRevision, Paragraph

    engine = make_engine(fresh_db)
    with Session(engine) as s:
        load_corpus(s, corpus)
        before = (s.exec(select(func.count()).select_from(Paragraph)).one(),
                  s.exec(select(func.count()).select_from(AmendmentRevision)).one())
    engine.dispose()
    migrate.downgrade(fresh_db, "0001")
    migrate.upgrade(fresh_db)
    engine = make_engine(fresh_db)
    with Session(engine) as s:
        after = (s.exec(select(func.count()).select_from(Paragraph)).one(),
                 s.exec(select(func.count()).select_from(AmendmentRevision)).one())
    engine.dispose()
    assert after == before and before[0] > 400


def test_the_audit_log_cannot_be_edited_or_deleted_even_in_sql(fresh_db: str) -> None:
    """The migration's triggers refuse UPDATE and DELETE on the audit table, whatever client asks."""
    import pytest
    from sqlmodel import Session

    from app.models import AuditEvent, ImmutableRevision

    engine = make_engine(fresh_db)
    try:
        with Session(engine) as s:
            s.add(AuditEvent(actor="test", action="x.y", entity="x", entity_key="1", after={"a": 1}))
            s.commit()
            event = s.query(AuditEvent).one()
            event.action = "rewritten"
            with pytest.raises(ImmutableRevision):
                s.commit()
            s.rollback()
        for statement in ("UPDATE auditevent SET action = 'rewritten'", "DELETE FROM auditevent"):
            with engine.connect() as conn, pytest.raises(sa.exc.DBAPIError, match="never edited or deleted"):
                conn.execute(sa.text(statement))
                conn.commit()
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT action FROM auditevent")).scalars().all() == ["x.y"]
    finally:
        engine.dispose()
