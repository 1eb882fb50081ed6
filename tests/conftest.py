"""Shared fixtures: the real corpus, real databases, the real app.

The suite runs against whatever DATABASE_URL names (CI runs it once on SQLite and once
on PostgreSQL); without one it uses a SQLite file in a temporary folder. Tests that
write get a fresh, migrated database of the same kind.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from app import migrate
from app.config import REPO_ROOT, Settings
from app.corpus.catalog import Corpus, read_corpus
from app.corpus.loader import load_corpus
from app.db import make_engine

DRAFTS = REPO_ROOT / "drafts"
AMENDMENTS = REPO_ROOT / "amendments"
RECORD = DRAFTS / "sources" / "003_4916da8653de9fbc.txt"


def _base_url(tmp: Path) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'stemma-test.db'}"


def new_database(base_url: str, tmp: Path) -> str:
    """A new empty database of the same kind as `base_url` (a file, or a PostgreSQL database)."""
    url = make_url(base_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp / f'scratch-{uuid.uuid4().hex[:8]}.db'}"
    name = f"{url.database}_t{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url.set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_database(db_url: str) -> None:
    url = make_url(db_url)
    if url.get_backend_name() != "postgresql":
        return
    admin = sa.create_engine(url.set(database="postgres", drivername="postgresql+psycopg"),
                             isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    """The curated corpus, read and validated from drafts/ and amendments/."""
    return read_corpus(DRAFTS, AMENDMENTS)


@pytest.fixture(scope="session")
def tmp_session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("stemma")


def _load(url: str, corpus: Corpus) -> None:
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        load_corpus(session, corpus)
    engine.dispose()


def loaded_database(tmp: Path, corpus: Corpus | Callable[[], Corpus]) -> str:
    """A new database of the suite's kind, migrated to head, with the whole corpus loaded.

    On SQLite the loaded database is built once and kept as a template file, named by a hash of
    everything that decides its content (the code under app/, the migrations, the curated corpus);
    each caller gets a copy. A copy takes milliseconds where a load takes seconds, which is what
    makes mutation testing of the services (one pytest run per mutant) affordable. `corpus` may be
    a callable so a run that finds its template never reads the corpus at all."""
    url = new_database(_base_url(tmp), tmp)
    if make_url(url).get_backend_name() != "sqlite":
        _load(url, corpus() if callable(corpus) else corpus)
        return url
    template = _template_path()
    if not template.exists():
        part = template.with_name(f"{template.name}.{uuid.uuid4().hex[:8]}.part")
        _load(f"sqlite:///{part}", corpus() if callable(corpus) else corpus)
        os.replace(part, template)  # atomic: a parallel run sees the whole file or none
    shutil.copyfile(template, make_url(url).database or "")
    return url


def _template_path() -> Path:
    """Where the loaded SQLite template of this code and corpus lives (STEMMA_TEST_TEMPLATES, else
    the system's temporary folder)."""
    digest = hashlib.sha256()
    for root in (REPO_ROOT / "app", REPO_ROOT / "migrations", DRAFTS, AMENDMENTS):
        for f in sorted(root.rglob("*")):
            # not mutmut's .meta files, which it rewrites beside a mutated module after each mutant
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".meta":
                digest.update(str(f.relative_to(REPO_ROOT)).encode() + b"\0" + f.read_bytes())
    folder = Path(os.environ.get("STEMMA_TEST_TEMPLATES") or Path(tempfile.gettempdir()) / "stemma-test-templates")
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("loaded-*.db"):  # templates of code long gone
        if old.stat().st_mtime < time.time() - 86400:
            old.unlink(missing_ok=True)
    return folder / f"loaded-{digest.hexdigest()[:16]}.db"


@pytest.fixture(scope="session")
def db_url(tmp_session_dir: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database with the corpus loaded, shared by read-only tests."""
    url = loaded_database(tmp_session_dir, lambda: request.getfixturevalue("corpus"))
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as s:
        yield s


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[str]:
    """An empty database of the suite's kind, migrated to head, for tests that write."""
    url = new_database(_base_url(tmp_path), tmp_path)
    migrate.upgrade(url)
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def app(db_url: str):  # type: ignore[no-untyped-def]
    from app.main import create_app

    return create_app(Settings(database_url=db_url))


@pytest.fixture(scope="session")
def client(app):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="module")
def loaded_url(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[str]:
    """A database of its own with the corpus loaded, for one module of tests that write."""
    url = loaded_database(tmp_path_factory.mktemp("writes"), lambda: request.getfixturevalue("corpus"))
    yield url
    drop_database(url)


class Accounts:
    """Users made as `stemma user add` makes them, with an API token each (`stemma token create`)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.tokens: dict[str, str] = {}

    def add(self, name: str, role: str, delegation: str | None = None, password: str | None = None) -> str:
        from app.services import accounts

        engine = make_engine(self.url)
        try:
            with Session(engine) as s:
                accounts.add_user(s, name=name, role=role, delegation=delegation, password=password)
                self.tokens[name] = accounts.create_token(s, name=name)
        finally:
            engine.dispose()
        return self.tokens[name]

    def headers(self, name: str | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"} if name else {}
