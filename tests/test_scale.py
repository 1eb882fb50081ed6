"""A page about one paragraph, draft or delegation costs the same however many other
negotiations the database holds: checked with a corpus of seven copies of the 2010 negotiation
(benchmarks/session_corpus.py writes it in the corpus format; the real loader loads it)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session, func, select

from app import migrate
from app.config import Settings
from app.corpus.catalog import read_corpus
from app.corpus.loader import load_corpus
from app.db import make_engine
from app.main import create_app
from app.models import Amendment, Document, LineageLink, Paragraph
from app.services.lineage import Graph, Node, lineage_of, walk
from benchmarks.session_corpus import generate
from tests.conftest import _base_url, drop_database, new_database

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"
COPIES = 7  # more negotiations than fit one audit key (a load of 6+ once failed on it)

# Pages about one record (not lists of everything): neither their statements nor their rows may move.
SCOPED = [f"/documents/{FIRST}/36", f"/api/documents/{FIRST}/paragraphs/36", f"/documents/{JULY}/42",
          f"/documents/{FIRST}/3", f"/compare/{FIRST}/{JULY}", f"/api/compare/{FIRST}/{JULY}",
          f"/compilations/{TABLE}", f"/api/compilations/{TABLE}", f"/documents/{FIRST}"]
# A delegation's pages hold one negotiation (the latest it spoke in, or the one asked for): the same
# statements and the same inputs, plus one row per negotiation it spoke in (the picker of the others).
DELEGATION = ["/delegations/japan", "/api/delegations/japan", "/delegations/eu/vs/usa", "/api/delegations/eu/vs/usa"]


@pytest.fixture(scope="module")
def copies_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("copies")
    generate(COPIES, tmp / "corpus")
    url = new_database(_base_url(tmp), tmp)
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as s:
        load_corpus(s, read_corpus(tmp / "corpus" / "drafts", tmp / "corpus" / "amendments"))
    engine.dispose()
    yield url
    drop_database(url)


def test_the_generated_corpus_is_copies_of_the_negotiation(copies_url: str, corpus) -> None:  # type: ignore[no-untyped-def]
    """Copy 0 keeps the original slugs, the others are suffixed; precedents are shared."""
    inputs = sum(len(f.data.inputs) for c in corpus.compilations for f in c.files)
    engine = make_engine(copies_url)
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Amendment)).one() == COPIES * inputs
        slugs = set(s.exec(select(Document.slug)))
    engine.dispose()
    assert {FIRST, f"{FIRST}-n0001", f"{FIRST}-n0006", f"{TABLE}-n0006", "1998-bangkok-accord"} <= slugs
    assert "1998-bangkok-accord-n0001" not in slugs


def _cost(url: str, paths: list[str]) -> dict[str, tuple[int, int]]:
    """(statements, rows) of a repeated request to each path, the response cache off. Rows are
    what the driver reports for each statement: psycopg gives a SELECT's row count, sqlite3 gives
    -1, so on SQLite only the statements are compared."""
    app = create_app(Settings(database_url=url, response_cache_mb=0))
    counted = [0, 0]

    def tick(_conn: object, cursor, *_args: object) -> None:  # type: ignore[no-untyped-def]
        counted[0] += 1
        counted[1] += max(cursor.rowcount, 0)

    out = {}
    with TestClient(app) as client:
        event.listen(app.state.engine, "after_cursor_execute", tick)
        try:
            for path in paths:
                assert client.get(path).status_code == 200, path
                counted[:] = [0, 0]
                client.get(path)
                out[path] = (counted[0], counted[1])
        finally:
            event.remove(app.state.engine, "after_cursor_execute", tick)
    return out


def test_pages_read_the_same_rows_whatever_else_is_loaded(db_url: str, copies_url: str) -> None:
    """Statements and rows read by pages about one record, with one and with seven negotiations loaded."""
    assert _cost(copies_url, SCOPED) == _cost(db_url, SCOPED)
    one, seven = _cost(db_url, DELEGATION), _cost(copies_url, DELEGATION)
    for path in DELEGATION:
        assert seven[path][0] == one[path][0], path
        assert seven[path][1] - one[path][1] in (0, COPIES - 1), (path, one[path], seven[path])  # SQLite: -1 rows


def test_pages_about_one_record_read_the_same_with_other_negotiations_loaded(db_url: str, copies_url: str) -> None:
    """The paragraph's lineage, inputs and blame, the comparison and the comment table are those of
    its own negotiation: nothing from the copies leaks in."""
    one, seven = (TestClient(create_app(Settings(database_url=u, response_cache_mb=0))) for u in (db_url, copies_url))
    for path in (f"/api/documents/{FIRST}/paragraphs/36", f"/api/documents/{JULY}/paragraphs/42",
                 f"/api/documents/{FIRST}/paragraphs/3"):
        a, b = one.get(path).json(), seven.get(path).json()
        for part in ("lineage", "inputs", "blame", "text", "provenance"):
            assert a[part] == b[part], (path, part)
    for path in (f"/api/compare/{FIRST}/{JULY}", f"/api/compilations/{TABLE}"):
        assert one.get(path).json() == seven.get(path).json(), path


def test_a_delegation_page_holds_one_negotiation_and_offers_the_others(db_url: str, copies_url: str) -> None:
    """Japan spoke in all seven negotiations: its page shows one of them (the inputs of the seed
    negotiation, as with one loaded), names the others, and shows a copy's when asked."""
    one, seven = (TestClient(create_app(Settings(database_url=u, response_cache_mb=0))) for u in (db_url, copies_url))
    alone, among = one.get("/api/delegations/japan").json(), seven.get("/api/delegations/japan").json()
    assert [i["key"] for i in among["inputs"]] == [i["key"] for i in alone["inputs"]]
    assert len(among["negotiations"]) == COPIES and among["negotiation"] == alone["negotiation"]
    copy = seven.get("/api/delegations/japan", params={"negotiation": f"{alone['negotiation']}-n0003"}).json()
    assert len(copy["inputs"]) == len(alone["inputs"])
    assert {i["document"] for i in copy["inputs"]} == {f"{i['document']}-n0003" for i in alone["inputs"]}
    assert seven.get("/api/delegations/japan", params={"negotiation": "no-such-negotiation"}).status_code == 404
    page = seven.get("/delegations/japan").text
    assert page.count('name="negotiation"') >= 1 and f"{alone['negotiation']}-n0006" in page


def _full_graph(session: Session) -> Graph:
    """Every link and paragraph, as the walk was given before it loaded only what it needs."""
    links = session.exec(select(LineageLink).order_by(LineageLink.id)).all()
    nodes = {p.id: Node(p, d) for p, d in session.exec(select(Paragraph, Document).join(Document))}
    incoming, outgoing = defaultdict(list), defaultdict(list)
    for ln in links:
        incoming[ln.to_paragraph_id].append(ln)
        if ln.from_paragraph_id:
            outgoing[ln.from_paragraph_id].append(ln)
    return Graph(nodes, incoming, outgoing)  # type: ignore[arg-type]


def test_lineage_loads_only_what_the_walk_reaches_and_misses_nothing(session: Session) -> None:
    """Every paragraph of the record: the lineage read from its own links equals the walk over all links."""
    full = _full_graph(session)
    checked = 0
    for node in list(full.nodes.values()):
        assert lineage_of(session, node) == walk(_full_graph(session), node), (node.document.slug, node.paragraph.label)
        checked += 1
    assert checked == session.exec(select(func.count()).select_from(Paragraph)).one()
