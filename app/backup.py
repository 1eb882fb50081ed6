"""`stemma backup FILE` / `stemma restore FILE`: the whole database, every revision and the audit log.

SQLite: the online backup API (a consistent copy while the service keeps reading and writing,
which copying the file is not under WAL). PostgreSQL: pg_dump's custom format, restored by
pg_restore in one transaction, so a failed restore leaves the database as it was.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from app.db import make_engine


class BackupError(Exception):
    """The backup or restore could not be made; the message says why, in one line."""


def backup(database_url: str, target: Path) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with _sqlite(url) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
        return
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *_pg_args(url)], url)


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents with the backup's (the backup must come from the same kind of database).

    Generation numbers then move past both the backup's and the replaced database's: a running
    process that cached pages at a later number must not take the restored records for them.
    """
    if not source.is_file():
        raise BackupError(f"no backup file at {source}")
    url = make_url(database_url)
    seen = _generations(database_url)
    if url.get_backend_name() == "sqlite":
        with source.open("rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{source} is not a SQLite backup")
        with sqlite3.connect(source) as src, _sqlite(url) as dst:
            src.backup(dst)
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
              *_pg_args(url), str(source)], url)
    _move_generations_past(database_url, seen)


def _generations(database_url: str) -> dict[str, int]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("generation"):
                return {}
            return {k: int(v) for k, v in conn.execute(sa.text("SELECT key, value FROM generation"))}
    finally:
        engine.dispose()


def _move_generations_past(database_url: str, seen: dict[str, int]) -> None:
    restored = _generations(database_url)
    if not restored and not seen:
        return
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            for key in sorted(set(seen) | set(restored)):
                value = max(seen.get(key, 0), restored.get(key, 0)) + 1
                if key in restored:
                    conn.execute(sa.text("UPDATE generation SET value = :v WHERE key = :k"), {"v": value, "k": key})
                else:
                    conn.execute(sa.text("INSERT INTO generation (key, value) VALUES (:k, :v)"), {"v": value, "k": key})
    finally:
        engine.dispose()


def _sqlite(url: URL) -> sqlite3.Connection:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return sqlite3.connect(url.database)


def _pg_args(url: URL) -> list[str]:
    args = [f"--dbname={url.database}"]
    if url.host:
        args.append(f"--host={url.host}")
    if url.port:
        args.append(f"--port={url.port}")
    if url.username:
        args.append(f"--username={url.username}")
    return args


def _run(cmd: list[str], url: URL) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(f"{cmd[0]} is not installed (Debian: apt-get install postgresql-client)")
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["failed"])[0]
        raise BackupError(f"{cmd[0]}: {first}")
