"""Responses of unchanged records come from memory, revalidated against the stored generations:
an ETag and a 304 for a client that has the page, and no process ever serves a page another
process's write has changed (tested with two apps in one process, and two real servers)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from app import generation
from app.config import REPO_ROOT, Settings
from app.corpus.catalog import read_corpus
from app.corpus.loader import load_corpus
from app.db import make_engine
from app.main import create_app
from benchmarks.session_corpus import generate

FIRST = "2010-04-16-first-draft"
JAPAN_FILE = Path("amendments/2010-05-18-table-of-inputs/japan.yaml")
REVISED = "Delete “aforementioned”"  # japan-pp5-1 reads Delete “aforementioned United Nations”


def _client(url: str, cache_mb: int = 64) -> TestClient:
    return TestClient(create_app(Settings(database_url=url, response_cache_mb=cache_mb)))


def _japan_pp5(client: TestClient | httpx.Client) -> str:
    inputs = client.get("/api/delegations/japan").json()["inputs"]
    return next(i["text"] for i in inputs if i["key"].endswith("japan-pp5-1"))


def _revise_japan(corpus_dir: Path) -> None:
    """A delegation revises an input in the files (the loader is the writer until the write side lands)."""
    path = corpus_dir / JAPAN_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for inp in data["inputs"]:
        if inp["id"] == "japan-pp5-1":
            inp["text"] = REVISED
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("path", ["/", f"/documents/{FIRST}/36", f"/api/documents/{FIRST}/paragraphs/36",
                                  "/delegations/japan", "/api/compilations/2010-05-18-table-of-inputs",
                                  "/search?q=trust+fund", "/api/search?q=trust+fund"])
def test_a_cached_page_is_the_page_with_an_etag_and_a_304(db_url: str, path: str) -> None:
    client = _client(db_url)  # its own: a shared client may hold a cookie from another test (a signed-in page)
    fresh = _client(db_url, cache_mb=0).get(path)
    first, second = client.get(path), client.get(path)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content == fresh.content
    assert first.headers["content-type"] == fresh.headers["content-type"]
    etag = first.headers["etag"]
    assert etag == second.headers["etag"] and first.headers["cache-control"] == "no-cache"
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_repeated_page_costs_one_query_and_no_rendering(db_url: str) -> None:
    c = _client(db_url)
    counted = [0]

    def tick(*_args: object) -> None:
        counted[0] += 1

    event.listen(c.app.state.engine, "before_cursor_execute", tick)  # type: ignore[attr-defined]
    try:
        c.get(f"/documents/{FIRST}/36")
        counted[0] = 0
        c.get(f"/documents/{FIRST}/36")
        assert counted[0] == 1
    finally:
        event.remove(c.app.state.engine, "before_cursor_execute", tick)  # type: ignore[attr-defined]


def test_what_may_differ_per_person_or_is_no_page_is_not_cached(client: TestClient) -> None:
    assert "etag" not in client.get("/delegations/japan", headers={"Cookie": "stemma_session=x"}).headers
    assert "etag" not in client.get("/delegations/japan", headers={"Authorization": "Bearer x"}).headers
    missing = client.get("/delegations/nobody")
    assert missing.status_code == 404 and "etag" not in missing.headers
    assert "etag" not in client.get("/healthz").headers


@pytest.fixture
def writable(fresh_db: str, tmp_path: Path) -> tuple[str, Path]:
    """A loaded database of the suite's kind and a copy of the corpus files to revise."""
    generate(1, tmp_path / "corpus")
    engine = make_engine(fresh_db)
    with Session(engine) as s:
        load_corpus(s, read_corpus(tmp_path / "corpus" / "drafts", tmp_path / "corpus" / "amendments"))
    engine.dispose()
    return fresh_db, tmp_path / "corpus"


def test_a_write_through_one_process_is_read_through_another_at_once(writable: tuple[str, Path]) -> None:
    """Two apps with caches of their own (two processes' worth) on one database; the loader writes."""
    url, corpus_dir = writable
    a, b = _client(url), _client(url)
    for c in (a, b):
        assert _japan_pp5(c) == _japan_pp5(c) == "Delete “aforementioned United Nations”"
    etag = a.get("/api/delegations/japan").headers["etag"]
    _revise_japan(corpus_dir)
    engine = make_engine(url)
    with Session(engine) as s:
        assert load_corpus(s, read_corpus(corpus_dir / "drafts", corpus_dir / "amendments")).changed
    engine.dispose()
    assert _japan_pp5(a) == _japan_pp5(b) == REVISED
    assert a.get("/api/delegations/japan", headers={"If-None-Match": etag}).status_code == 200


def test_a_bump_that_changes_nothing_on_a_page_keeps_its_etag(writable: tuple[str, Path]) -> None:
    """The tag is the answer's hash: after another negotiation's write, a client's copy is still good."""
    url, _ = writable
    c = _client(url)
    etag = c.get("/api/delegations/japan").headers["etag"]
    engine = make_engine(url)
    with Session(engine) as s:
        before = generation.validator(s.connection())
        generation.bump(s, "negotiation:another")
        s.commit()
        assert generation.validator(s.connection()) != before
    engine.dispose()
    assert c.get("/api/delegations/japan", headers={"If-None-Match": etag}).status_code == 304


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def two_servers(writable: tuple[str, Path]) -> Iterator[tuple[list[httpx.Client], str, Path]]:
    url, corpus_dir = writable
    env = dict(os.environ, DATABASE_URL=url)
    procs, clients = [], []
    try:
        for _ in range(2):
            port = _free_port()
            procs.append(subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
                                          env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL))
            clients.append(httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30))
        for c in clients:
            for _ in range(200):
                try:
                    if c.get("/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
            else:
                pytest.fail("a server did not start")
        yield clients, url, corpus_dir
    finally:
        for c in clients:
            c.close()
        for p in procs:
            p.terminate()
            p.wait(timeout=10)


def test_two_servers_on_one_database_serve_a_write_at_once(two_servers) -> None:  # type: ignore[no-untyped-def]
    """`stemma load` (another process) revises an input; both running servers answer the new text."""
    (a, b), url, corpus_dir = two_servers
    old = [(_japan_pp5(c), c.get(f"/documents/{FIRST}/PP5").text) for c in (a, b, a, b)]
    assert {t for t, _ in old} == {"Delete “aforementioned United Nations”"}
    _revise_japan(corpus_dir)
    done = subprocess.run([sys.executable, "-m", "app.cli", "load", "--drafts", str(corpus_dir / "drafts"),
                           "--amendments", str(corpus_dir / "amendments")], env=dict(os.environ, DATABASE_URL=url),
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for c in (a, b):
        assert _japan_pp5(c) == REVISED
        page = c.get(f"/documents/{FIRST}/PP5")
        assert "aforementioned United Nations”" not in page.text and "Delete “aforementioned”" in page.text
