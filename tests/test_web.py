"""The HTML pages through the real app: what a reader sees, escaped, in few queries."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from app.config import Settings

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"

PAGES = ["/", f"/documents/{FIRST}", f"/documents/{JULY}/42", f"/documents/{FIRST}/36",
         f"/compare/{FIRST}/{JULY}", f"/compare/{FIRST}/{JULY}?view=inline&changed_only=true&section=annex-iii",
         "/delegations", "/delegations/eu", "/delegations/eu/vs/usa", f"/compilations/{TABLE}",
         f"/compilations/{TABLE}?delegation=japan&kind=instruction", "/contention", "/alignment",
         "/search?q=trust+fund", "/search", "/sources/003_4916da8653de9fbc.txt/1080-1085",
         "/documents/2015-asean-plan"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_with_landmarks(client, url: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(url)
    assert r.status_code == 200, url
    html = r.text
    assert html.count("<h1") == 1 and '<main id="main"' in html and 'role="banner"' in html
    assert '<nav aria-label="Main">' in html and 'role="contentinfo"' in html


def test_pages_serve_in_a_bounded_number_of_queries(db_url: str) -> None:
    """Counted with the response cache off: with it, a repeated page costs one query whatever it does."""
    from fastapi.testclient import TestClient

    from app.main import create_app

    app = create_app(Settings(database_url=db_url, response_cache_mb=0))
    client = TestClient(app)
    count = [0]

    def tick(*_args, **_kwargs) -> None:  # type: ignore[no-untyped-def]
        count[0] += 1

    event.listen(app.state.engine, "before_cursor_execute", tick)
    try:
        for url in (f"/compilations/{TABLE}", f"/compilations/{TABLE}?all=1", f"/compilations/{TABLE}?view=grid",
                    f"/compilations/{TABLE}?label=pp1&delegation=eu&uptake=partial&has_text=yes", "/delegations/eu", "/delegations/eu/vs/usa", f"/documents/{JULY}/42",
                    f"/documents/{FIRST}/3", f"/documents/{FIRST}/36",  # many inputs, each with shared language
                    f"/compare/{FIRST}/{JULY}", f"/documents/{FIRST}", "/"):
            client.get(url)
            count[0] = 0
            client.get(url)
            # constant per page, never per input: a merged paragraph's lineage walk reads one generation a
            # query (July 42: three), and the inputs its text reflects one more
            assert count[0] <= 14, (url, count[0])
    finally:
        event.remove(app.state.engine, "before_cursor_execute", tick)


def test_compilation_lists_inputs_in_alphabetical_order(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/compilations/{TABLE}?section=annex-ii").text
    row = html[html.index('id="row-36"'):]
    row = row[:row.index("</tr>")]
    names = re.findall(r'<h4 id="h-[^"]+">\s*<a href="/delegations/([a-z-]+)">([^<]+)</a>', row)
    shown = [name for _slug, name in names]
    assert shown == sorted(shown, key=str.casefold) and len(shown) >= 5


def test_inputs_are_escaped(client) -> None:  # type: ignore[no-untyped-def]
    """Amendment text is untrusted: nothing in it may become markup. "<" and "&" in the record
    (e.g. OCR debris) come out as entities."""
    html = client.get(f"/compilations/{TABLE}?all=1").text  # the whole table on one page
    scripts = re.findall(r"<script[^>]*>", html, flags=re.IGNORECASE)  # only the page's own, from /static/
    assert scripts == ['<script src="http://testserver/static/compilation.js" defer>'], scripts
    assert "OCR noise &#39;&lt;+&#39; dropped" in html  # UNAIDS's curation note quotes the record's "<+"
    for m in re.finditer(r"<([a-z]+)[\s>]", html):
        assert m.group(1) in {"html", "head", "meta", "title", "link", "body", "a", "header", "nav", "ul", "li",
                              "form", "label", "input", "button", "main", "h1", "p", "time", "span", "select",
                              "option", "table", "thead", "tr", "th", "tbody", "td", "article", "h4", "div",
                              "del", "ins", "details", "summary", "footer", "aside", "em",
                              "script", "optgroup", "strong"}, m.group(0)  # the page's own elements


def test_paragraph_page_has_lineage_inputs_blame_and_sources(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/documents/{FIRST}/36").text
    assert 'id="lineage"' in html and 'id="inputs"' in html and 'id="blame"' in html and 'id="provenance"' in html
    assert "Proposed: delete the paragraph" in html and "not reflected" in html
    assert re.search(r'href="/sources/003_4916da8653de9fbc.txt/\d+-\d+"', html)
    assert "<del><span class=\"sr-only\">[deleted: </span>" in html


def test_compare_toggles_between_side_by_side_and_inline(client) -> None:  # type: ignore[no-untyped-def]
    side = client.get(f"/compare/{FIRST}/{JULY}").text
    inline = client.get(f"/compare/{FIRST}/{JULY}?view=inline").text
    assert 'class="redline side-by-side"' in side and 'class="redline inline"' not in side
    assert 'class="redline inline"' in inline and 'class="redline side-by-side"' not in inline
    assert "merged" in side and "42, 43, 44, 45, 46, 47" in side


def test_compare_page_and_api_filter_alike(client) -> None:  # type: ignore[no-untyped-def]
    """An empty section (the form's "all") is no filter in either; a real section narrows both alike."""
    everything = len(client.get(f"/api/compare/{FIRST}/{JULY}").json()["pairs"])
    shown = {}
    for query in ("section=", "section=annex-iii", "changed_only=true&section="):
        api = client.get(f"/api/compare/{FIRST}/{JULY}?{query}").json()["pairs"]
        page = client.get(f"/compare/{FIRST}/{JULY}?{query}").text
        assert len(api) == page.count('<li class="pair '), query
        shown[query] = len(api)
    assert shown["section="] == everything and 0 < shown["section=annex-iii"] < everything
    assert 0 < shown["changed_only=true&section="] < everything


def test_delegation_page_summary_and_versus_form(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/delegations/japan").text
    summary = client.get("/api/delegations/japan").json()["summary"]
    counts = dict(re.findall(r'href="/delegations/japan\?outcome=([a-z_]+)"[^>]*><span class="n">(\d+)</span>', html))
    assert {k: int(n) for k, n in counts.items()} == summary
    assert f"What became of its {sum(summary.values())} inputs" in html and summary["adopted"] > 0
    r = client.get("/delegations/japan/vs?other=usa", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/delegations/japan/vs/usa"


def test_search_page_highlights_hits(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/search?q=trust+fund&document=2010-04-16-first-draft").text
    assert "<mark>" in html
    assert re.search(r"\d+ hits? for “trust fund”", html)


def test_charts_are_svg_with_text_alternatives(client) -> None:  # type: ignore[no-untyped-def]
    contention = client.get("/contention").text
    assert '<svg class="chart"' in contention and "<title id=\"bars-title\">" in contention
    ranked = [c["label"] for c in client.get("/api/contention").json()["paragraphs"][:25]]
    bars = re.findall(r'<rect [^>]*class="bar"><title>([^:]+):', contention)
    assert ranked and bars == ranked  # one bar per charted paragraph, in rank order
    alignment = client.get("/alignment").text
    assert '<svg class="chart heatmap"' in alignment and 'class="cell' in alignment
    # each cell counts agreements over paragraphs both touched, as the JSON twin gives them
    m = client.get("/api/alignment").json()
    eu, usa = m["delegations"].index("eu"), m["delegations"].index("usa")
    assert f'>{m["agreements"][eu][usa]}/{m["shared"][eu][usa]}</text>' in alignment
    assert f'eu and usa: the same change on {m["agreements"][eu][usa]} of the {m["shared"][eu][usa]} paragraphs' in alignment


def test_unknown_pages_are_404_pages(client) -> None:  # type: ignore[no-untyped-def]
    for url in ("/documents/nowhere", f"/documents/{FIRST}/999", "/delegations/atlantis", "/sources/x.txt/1-2"):
        r = client.get(url)
        assert r.status_code == 404 and "<h1>404</h1>" in r.text


def test_print_stylesheet_is_served(client) -> None:  # type: ignore[no-untyped-def]
    css = client.get("/static/stemma.css").text
    assert "@media print" in css and "size: A4" in css


def test_home_most_contested_shows_the_score_it_is_sorted_by(client) -> None:  # type: ignore[no-untyped-def]
    """The home page's "Most contested" lists the first eight of /api/contention, each with its score
    (delegations + deletion requests), the number the list is sorted by, not the delegation count."""
    ranking = client.get("/api/contention").json()["paragraphs"][:8]
    html = client.get("/").text
    base = client.get("/api/contention").json()["round"]["base"]
    for c in ranking:
        assert f'/documents/{base}/{c["label"]}">{c["label"]}</a> ({int(c["score"])})' in html
    assert any(c["score"] != c["delegations"] for c in ranking)  # the two differ: the page shows the score


def test_paragraph_page_lists_where_its_wording_was_reused_later(client) -> None:  # type: ignore[no-untyped-def]
    """First-draft 20's capacity-building clause is repeated by the 2015 ASEAN plan IV-A-b (record: 003
    lines 700-704, 001 line 51): the page lists it under "Reused in", and labels PP4's CEDAW match a
    citation, not agreed language."""
    html = client.get("/documents/2010-04-16-first-draft/20").text
    reused = html[html.index('id="reused"'):]
    assert 'href="/documents/2015-asean-plan/IV-A-b"' in reused
    shared = html[html.index('id="provenance"'):html.index('id="reused"')]
    assert "2015-asean-plan" not in shared
    pp4 = client.get("/documents/2010-04-16-first-draft/PP4").text
    assert "citation of an instrument" in pp4
