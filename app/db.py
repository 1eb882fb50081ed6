"""The engine and sessions: one place that knows how to talk to SQLite and PostgreSQL."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DataError, DBAPIError, IntegrityError, NoSuchModuleError, OperationalError
from sqlmodel import Session, create_engine


class DatabaseConfigError(Exception):
    """DATABASE_URL is not a database Stemma can use; the message says which and why."""


SUPPORTED = ("sqlite", "postgresql")


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    """Foreign keys are off by default in SQLite; WAL lets readers work while the loader writes."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(url: str, *, pool_size: int = 5, max_overflow: int = 10, pool_timeout: float = 30) -> Engine:
    """Build an engine, refusing URLs that are malformed or name another database."""
    pool = {"pool_size": pool_size, "max_overflow": max_overflow, "pool_timeout": pool_timeout}
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseConfigError(f"DATABASE_URL {url!r} is not a database URL "
                                  "(expected sqlite:///path or postgresql+psycopg://user@host/db)") from exc
    if parsed.get_backend_name() not in SUPPORTED:
        raise DatabaseConfigError(f"DATABASE_URL uses '{parsed.get_backend_name()}'; "
                                  "Stemma supports sqlite and postgresql")
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, connect_args={"check_same_thread": False}, **pool)
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(parsed, pool_pre_ping=True, **pool)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseConfigError(f"DATABASE_URL driver '{parsed.drivername}' is not installed") from exc
    return engine


@lru_cache
def engine_for(url: str, *, pool_size: int = 5, max_overflow: int = 10, pool_timeout: float = 30) -> Engine:
    """One engine (one connection pool) per URL and pool shape in a process."""
    return make_engine(url, pool_size=pool_size, max_overflow=max_overflow, pool_timeout=pool_timeout)


def refresh_statistics(session: Session) -> None:
    """Tell the query planner what the tables now hold, after a load changed them.

    PostgreSQL plans from statistics that only ANALYZE (or autovacuum, much later) gathers; without
    them search scanned every row and recomputed `to_tsvector` per row (issue 13: 46 ms at 1x,
    158 ms at 5x; 6 and 11 ms after ANALYZE). SQLite's planner reads `sqlite_stat1`, which ANALYZE fills.
    Runs in its own transaction, after the load's commit.
    """
    session.exec(text("ANALYZE"))  # type: ignore[call-overload]
    session.commit()


class Failure(str, Enum):
    """What a database error means for the one who asked (see `classify`)."""

    UNREACHABLE = "unreachable"  # no connection: server down, wrong address, file cannot be opened
    NOT_READY = "not_ready"  # connected, but the tables are missing: `stemma db upgrade` was not run
    BUSY = "busy"  # a conflicting transaction won (serialization failure, deadlock, SQLite lock): retry
    TIMEOUT = "timeout"  # the statement was cancelled for taking too long
    CONFLICT = "conflict"  # a uniqueness or foreign-key rule refused the write
    INVALID = "invalid"  # a value the database cannot store or compare (NUL byte, number out of range)
    OTHER = "other"


_PG_STATES = {"40001": Failure.BUSY, "40P01": Failure.BUSY, "55P03": Failure.BUSY, "57014": Failure.TIMEOUT,
              "42P01": Failure.NOT_READY, "42703": Failure.NOT_READY, "3F000": Failure.NOT_READY,
              "57P01": Failure.UNREACHABLE, "57P02": Failure.UNREACHABLE, "57P03": Failure.UNREACHABLE,
              "53300": Failure.BUSY}
_SQLITE_NAMES = {"SQLITE_BUSY": Failure.BUSY, "SQLITE_LOCKED": Failure.BUSY, "SQLITE_CANTOPEN": Failure.UNREACHABLE,
                 "SQLITE_NOTADB": Failure.UNREACHABLE, "SQLITE_TOOBIG": Failure.INVALID,
                 "SQLITE_MISMATCH": Failure.INVALID}


def classify(exc: DBAPIError) -> Failure:
    """Tell apart the failures a user can do something about: before, every OperationalError was
    reported as "database not reachable", a busy SQLite file and a missing table alike."""
    if isinstance(exc, IntegrityError):
        return Failure.CONFLICT
    if isinstance(exc, DataError):
        return Failure.INVALID
    orig = exc.orig
    state = getattr(orig, "sqlstate", None)
    if state:
        if state.startswith("08"):  # connection exceptions
            return Failure.UNREACHABLE
        if state.startswith("22"):  # data exceptions
            return Failure.INVALID
        return _PG_STATES.get(state, Failure.OTHER)
    if exc.connection_invalidated:
        return Failure.UNREACHABLE
    name = getattr(orig, "sqlite_errorname", None)
    if name is None:  # psycopg without a SQLSTATE: the connection itself failed
        return Failure.UNREACHABLE if isinstance(exc, OperationalError) else Failure.OTHER
    if "no such table" in str(orig) or "no such column" in str(orig):
        return Failure.NOT_READY
    return _SQLITE_NAMES.get(name, Failure.OTHER)
