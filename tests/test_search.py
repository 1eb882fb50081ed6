"""Search as a reader uses it: phrases, OR, filters by name, suggestions, named and escaped hits.

The suite runs once on SQLite (FTS5) and once on PostgreSQL (tsvector). Each query's expected
hits are computed here, from the search entries' texts, without either database's index: the
words stemmed, a phrase being its stems side by side. Both databases must give exactly that
set, so they give the same results as each other.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.config import Settings
from app.db import make_engine
from app.models import SearchEntry
from app.services.search_query import STOP_WORDS, parse
from app.text.search_text import index_terms, stem
from app.text.tokens import words

FIRST = "2010-04-16-first-draft"


@pytest.fixture(scope="module")
def entries(engine: Engine) -> dict[str, list[str]]:
    """Each entry's ref and kind, with its text's stems in order: the oracle's index."""
    with Session(engine) as session:
        rows = session.exec(select(SearchEntry.kind, SearchEntry.ref, SearchEntry.text)).all()
    return {f"{kind}:{ref}": [stem(w) for w in words(text)] for kind, ref, text in rows}


def _has(stems: list[str], phrase: tuple[str, ...]) -> bool:
    want = [stem(w) for w in phrase]
    return any(stems[i:i + len(want)] == want for i in range(len(stems) - len(want) + 1))


def expected(entries: dict[str, list[str]], q: str) -> set[str]:
    """The entries a query must find, read the way the search page documents it."""
    query = parse(q)
    return {k for k, stems in entries.items()
            if all(any(_has(stems, t.words) for t in group) for group in query.groups)}


def found(client: TestClient, q: str, **filters: str) -> set[str]:
    """Every hit of a query through the JSON API, all pages."""
    out: set[str] = set()
    page = 1
    while True:
        r = client.get("/api/search", params={"q": q, "page": page, "size": 100, **filters})
        assert r.status_code == 200, r.text
        body = r.json()
        out |= {f"{h['kind']}:{h['ref']}" for h in body["hits"]}
        if page * 100 >= body["total"]:
            assert len(out) == body["total"]
            return out
        page += 1


QUERIES = ['"national action plans"', "national action plans", "victims OR survivors", "punishment", "penalized",
           '"trust fund"', '"trust fund" OR "national action plans"', "compensation victims OR survivors",
           "non-punishment", '"trafficking in persons" prosecution', "the victims"]


@pytest.mark.parametrize("q", QUERIES)
def test_each_query_finds_exactly_what_its_words_say(client, entries, q: str) -> None:  # type: ignore[no-untyped-def]
    assert found(client, q) == expected(entries, q)


def test_a_phrase_finds_the_words_together_not_apart(client, entries) -> None:  # type: ignore[no-untyped-def]
    apart = found(client, "national action plans")
    together = found(client, '"national action plans"')
    assert together and together < apart  # 2 of the 28 entries that hold all three words
    for key in apart - together:
        assert not _has(entries[key], ("national", "action", "plans"))
    r = client.get("/api/search", params={"q": '"national action plans"'}).json()
    assert all(re.search(r"<mark>[^<]*national[^<]*action[^<]*plan", h["snippet"], re.I) for h in r["hits"])


def test_or_is_either_and_spaces_are_both(client) -> None:  # type: ignore[no-untyped-def]
    prosecution, punishment = found(client, "prosecution"), found(client, "punishment")
    assert found(client, "prosecution OR punishment") == prosecution | punishment
    assert found(client, "prosecution punishment") == prosecution & punishment
    assert prosecution - punishment and punishment - prosecution and prosecution & punishment  # a real test of both


def test_common_words_are_left_out_and_said(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/search", params={"q": "the victims of"}).json()
    assert r["ignored"] == ["the", "of"] and r["terms"] == ["victims"]
    assert r["total"] == client.get("/api/search", params={"q": "victims"}).json()["total"]
    only = client.get("/search", params={"q": "the"}).text
    assert "No results for “the”" in only and "Common words left out of the search: the." in only
    assert {"the", "of", "not"} <= STOP_WORDS


def test_nothing_found_offers_the_records_nearest_words(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/search", params={"q": "non-punishment"}).json()
    assert r["total"] == 0
    punishment = client.get("/api/search", params={"q": "punishment"}).json()["total"]
    assert {"query": "punishment", "word": "punishment", "total": punishment} in r["suggestions"]
    page = client.get("/search", params={"q": "non-punishment"}).text
    assert "No results for “non-punishment”" in page
    assert f'<a href="/search?q=punishment">punishment</a> <span class="muted">({punishment} hits)</span>' in page
    typo = client.get("/api/search", params={"q": "punishmnet"}).json()
    assert typo["total"] == 0 and typo["suggestions"][0] == {"query": "punishment", "word": "punishment",
                                                             "total": punishment}


def test_suggestions_keep_the_filters_and_find_something_under_them(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/search", params={"q": "protectoin victims", "delegation": "japan"}).json()
    assert r["total"] == 0 and r["suggestions"]
    for s in r["suggestions"]:
        assert found(client, s["query"], delegation="japan") and s["total"] == len(
            found(client, s["query"], delegation="japan"))
    page = client.get("/search", params={"q": "protectoin victims", "delegation": "japan"}).text
    listed = re.findall(r'<ul class="suggestions">.*?</ul>', page, re.S)[0]
    links = [parse_qs(urlsplit(html.unescape(h)).query) for h in re.findall(r'href="([^"]*)"', listed)]
    assert [{k: v[0] for k, v in link.items()} for link in links] == [
        {"q": s["query"], "delegation": "japan"} for s in r["suggestions"]]


def test_nothing_near_says_so(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/search", params={"q": "zzyzxq"}).json()
    assert r["total"] == 0 and r["suggestions"] == []
    assert "No word of the record is near these." in client.get("/search", params={"q": "zzyzxq"}).text


def test_sections_are_offered_by_title_and_filter_by_document_and_section(client, corpus) -> None:  # type: ignore[no-untyped-def]
    first = next(d for d in corpus.documents if d.doc.slug == FIRST)
    titles = [(s.key, s.title) for s in first.doc.sections]
    page = client.get("/search", params={"q": "victims", "document": FIRST}).text
    select_html = page[page.index('<select id="s-section"'):]
    select_html = select_html[:select_html.index("</select>")]
    offered = re.findall(r'<option value="([^"]*)"\s*(?:selected)?>([^<]*)</option>', select_html)
    assert offered == [("", "all sections")] + [(f"{FIRST}:{k}", html.escape(t)) for k, t in titles]
    # The section's value names its document, so choosing it alone filters to that document's section.
    chosen = found(client, "victims", section=f"{FIRST}:annex-ii")
    assert chosen == found(client, "victims", document=FIRST, section="annex-ii")
    assert chosen < found(client, "victims", section="annex-ii")  # the July draft has an annex-ii too
    r = client.get("/api/search", params={"q": "victims", "section": f"{FIRST}:annex-ii", "size": 100}).json()
    assert {(h["document"], h["section"]) for h in r["hits"]} == {(FIRST, "annex-ii")}
    page = client.get("/search", params={"q": "victims", "section": f"{FIRST}:annex-ii"}).text
    assert f'<option value="{FIRST}:annex-ii" selected>' in page and f'<option value="{FIRST}" selected>' in page
    # A section of another document than the one chosen is let go, not a search of nothing.
    other = found(client, "victims", document="2010-07-19-draft", section=f"{FIRST}:annex-ii")
    assert other == found(client, "victims", document="2010-07-19-draft")


def test_documents_are_offered_by_title(client, corpus) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/search").text
    select_html = page[page.index('<select id="s-document"'):]
    select_html = select_html[:select_html.index("</select>")]
    offered = dict(re.findall(r'<option value="([^"]+)"\s*>([^<]*)</option>', select_html))
    searchable = {d.doc.slug: d.doc.title for d in corpus.documents if d.doc.kind != "compilation"}
    assert offered == {slug: html.escape(title) for slug, title in searchable.items()}


def test_hits_are_named_not_slugged(client, corpus) -> None:  # type: ignore[no-untyped-def]
    names = {d.slug: d.name for d in corpus.delegations.delegations}
    first = next(d for d in corpus.documents if d.doc.slug == FIRST)
    r = client.get("/api/search", params={"q": '"trust fund"', "delegation": "japan"}).json()
    hit = r["hits"][0]
    assert (hit["delegation_name"], hit["document_title"]) == (names["japan"], first.doc.title)
    assert hit["section_title"] == next(s.title for s in first.doc.sections if s.key == hit["section"])
    page = client.get("/search", params={"q": '"trust fund"', "delegation": "japan"}).text
    assert f'#input-{hit["ref"].split("/")[-1]}">{names["japan"]} on paragraph {hit["label"]}</a>' in page
    assert html.escape(first.doc.title) in page and "<mark>trust fund</mark>" in page


def test_snippets_escape_untrusted_text(fresh_db: str) -> None:
    """An input is a delegation's text: markup in it is shown as text, only <mark> is ours."""
    from app import search_index
    from app.main import create_app

    engine = make_engine(fresh_db)
    with Session(engine) as s:
        body = '<script>alert("victims")</script> & <b onclick="x()">victims</b> of trafficking'
        entry = SearchEntry(kind="input", document="d", label="1", section="s", delegation="x", ref="c/x-1-1",
                            text=body, terms=index_terms(body))
        search_index._incremental(s, lambda: s.add(entry) or 1)
        s.commit()
    engine.dispose()
    client = TestClient(create_app(Settings(database_url=fresh_db)))
    hit = client.get("/api/search", params={"q": "victims"}).json()["hits"][0]
    assert "<script" not in hit["snippet"] and "<b " not in hit["snippet"]
    assert "&lt;b onclick=&quot;x()&quot;&gt;<mark>victims</mark>&lt;/b&gt;" in hit["snippet"]
    page = client.get("/search", params={"q": "victims"}).text
    assert "<script>alert" not in page and "<b onclick" not in page
    assert "&lt;b onclick=&#34;x()&#34;&gt;<mark>victims</mark>&lt;/b&gt;" in page


def test_pages_link_to_each_other_with_the_filters(client) -> None:  # type: ignore[no-untyped-def]
    second = client.get("/search", params={"q": "victims", "document": FIRST, "page": 2}).text
    assert f'rel="next" href="/search?q=victims&amp;document={FIRST}&amp;page=3"' in second
    assert f'rel="prev" href="/search?q=victims&amp;document={FIRST}&amp;page=1"' in second


@pytest.mark.parametrize(("q", "groups", "dropped"), [
    ("", [], []),
    ("OR", [], []),
    ('"', [], []),
    ('"" OR ""', [], []),
    ("the of", [], ["the", "of"]),
    ("victims", [["victims"]], []),
    ("Victims OR survivors", [["victims", "survivors"]], []),
    ("OR victims OR", [["victims"]], []),
    ("victims OR the OR survivors", [["victims", "survivors"]], ["the"]),
    ('"national action plans"', [['"national action plans"']], []),
    ('"the trafficking in persons of"', [['"trafficking in persons"']], ["the", "of"]),
    ('“curly quotes” work', [['"curly quotes"'], ["work"]], []),
    ('"unclosed phrase', [['"unclosed phrase"']], []),
    ("non-punishment", [['"non punishment"']], []),
    ("a b OR c d", [["b", "c"], ["d"]], ["a"]),
    ("victims victims", [["victims"]], []),
    ("NEAR(victims trafficking)*", [['"near victims"'], ["trafficking"]], []),
])
def test_the_query_as_read(q: str, groups: list[list[str]], dropped: list[str]) -> None:
    query = parse(q)
    assert [[str(t) for t in g] for g in query.groups] == groups and list(query.dropped) == dropped


def test_a_query_is_bounded_to_twelve_words() -> None:
    query = parse(" ".join(f"word{i}" for i in range(30)))
    assert [str(t) for t in query.terms] == [f"word{i}" for i in range(12)]


def test_accents_do_not_matter(client) -> None:  # type: ignore[no-untyped-def]
    assert found(client, "éducation") == found(client, "education") != set()


def test_no_two_suggestions_make_the_same_search(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/search", params={"q": "protectoin victims"}).json()
    queries = [parse(s["query"]).fts5() for s in r["suggestions"]]
    assert len(queries) == len(set(queries)) and len(queries) >= 2


def test_documents_are_grouped_by_negotiation_precedents_last(client, corpus) -> None:  # type: ignore[no-untyped-def]
    titles = {n.slug: n.title for n in corpus.negotiations.negotiations}
    expected: dict[str, list[str]] = {}
    for d in sorted((d.doc for d in corpus.documents), key=lambda d: (d.date, d.slug)):
        if d.kind != "compilation":
            expected.setdefault(titles[d.negotiation] if d.negotiation else "Precedents (outside any negotiation)",
                                []).append(d.slug)
    page = client.get("/search").text
    select_html = page[page.index('<select id="s-document"'):]
    select_html = select_html[:select_html.index("</select>")]
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select_html, re.S)
    shown = {html.unescape(label): re.findall(r'<option value="([^"]+)"', body) for label, body in groups}
    assert shown == expected and list(shown)[-1].startswith("Precedents")
