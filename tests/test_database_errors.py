"""Database failures answered for what they are: unreachable, not migrated, busy, conflicting, bad data.

Before, every OperationalError said "database not reachable" (a NUL byte on SQLite did), and
IntegrityError, DataError and serialization failures were not handled at all (500).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import migrate
from app.config import Settings
from app.deps import SessionDep
from app.main import create_app
from tests.conftest import drop_database, new_database


def _client(app: FastAPI) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


def _is_pg(url: str) -> bool:
    return url.startswith("postgresql")


def test_an_unreachable_database_is_503_unavailable(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = ("postgresql+psycopg://postgres@127.0.0.1:1/nowhere" if _is_pg(db_url)
           else f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}")
    c = _client(create_app(Settings(database_url=url)))
    r = c.get("/api/events")
    assert r.status_code == 503 and r.json()["error"]["code"] == "database_unavailable"
    h = c.get("/healthz")
    assert h.status_code == 503 and h.json()["error"]["code"] == "database_unavailable"


@pytest.fixture
def empty_db(tmp_path) -> str:  # type: ignore[no-untyped-def]
    import os

    url = new_database(os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'base.db'}", tmp_path)
    yield url
    drop_database(url)


def test_healthz_on_a_database_without_schema_says_so(empty_db: str) -> None:
    c = _client(create_app(Settings(database_url=empty_db)))
    h = c.get("/healthz")
    assert h.status_code == 503
    assert h.json()["error"]["code"] == "database_not_ready" and "stemma db upgrade" in h.json()["error"]["message"]
    r = c.get("/api/events")
    assert r.status_code == 503 and r.json()["error"]["code"] == "database_not_ready"


def test_healthz_on_a_database_behind_the_code_says_which_revision(empty_db: str) -> None:
    migrate.upgrade(empty_db, "0001")
    h = _client(create_app(Settings(database_url=empty_db))).get("/healthz")
    assert h.status_code == 503
    message = h.json()["error"]["message"]
    assert "0001" in message and "stemma db upgrade" in message
    migrate.upgrade(empty_db, "head")
    assert _client(create_app(Settings(database_url=empty_db))).get("/healthz").status_code == 200


def _app_with(db_url: str, path: str, run) -> FastAPI:  # type: ignore[no-untyped-def]
    """The real app with one extra route that runs `run(session)`: a real statement on the real database."""
    app = create_app(Settings(database_url=db_url))

    @app.get(path)
    def _probe(session: SessionDep) -> dict[str, str]:
        run(session)
        return {"ok": "yes"}

    return app


def test_a_unique_violation_is_409(fresh_db: str) -> None:
    def twice(session) -> None:  # type: ignore[no-untyped-def]
        for _ in range(2):
            session.execute(sa.text("INSERT INTO delegation (slug, name, kind) VALUES ('dup', 'Dup', 'state')"))

    r = _client(_app_with(fresh_db, "/api/probe", twice)).get("/api/probe")
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"


def test_a_value_the_database_refuses_is_422(fresh_db: str) -> None:
    def nul(session) -> None:  # type: ignore[no-untyped-def]
        if _is_pg(fresh_db):
            session.execute(sa.text("SELECT CAST(:v AS text)"), {"v": "a\x00b"})  # PostgreSQL: DataError
        else:
            session.execute(sa.text("SELECT CAST('x' AS INTEGER) + :v"), {"v": 2**70})  # sqlite3 raises OverflowError

    r = _client(_app_with(fresh_db, "/api/probe", nul)).get("/api/probe")
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_input"


def test_a_serialization_failure_is_503_with_retry_advice(fresh_db: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    if _is_pg(fresh_db):
        def busy(session) -> None:  # type: ignore[no-untyped-def]
            session.execute(sa.text("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$"))
        app = _app_with(fresh_db, "/api/probe", busy)
        r = _client(app).get("/api/probe")
    else:  # SQLite: another writer holds the lock
        other = sa.create_engine(fresh_db)
        with other.connect() as conn:
            conn.exec_driver_sql("BEGIN EXCLUSIVE")

            def busy(session) -> None:  # type: ignore[no-untyped-def]
                session.execute(sa.text("PRAGMA busy_timeout = 0"))
                session.execute(sa.text("INSERT INTO delegation (slug, name, kind) VALUES ('x', 'X', 'state')"))
            r = _client(_app_with(fresh_db, "/api/probe", busy)).get("/api/probe")
            conn.exec_driver_sql("ROLLBACK")
        other.dispose()
    assert r.status_code == 503 and r.json()["error"]["code"] == "database_busy"
    assert r.headers["retry-after"] == "1"
