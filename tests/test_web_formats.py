"""The formats in the pages: download links where a reader looks for them, through the real app
(the upload pages are in test_formats_rounds.py, with the accounts they need)."""

from __future__ import annotations

import csv
import html
import io
import re

import docx
import pytest
from lxml import etree

from app.formats import akn

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"


def _links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]


def test_compilation_page_links_its_downloads_with_the_filters_in_force(client) -> None:  # type: ignore[no-untyped-def]
    links = _links(client.get(f"/compilations/{TABLE}?section=annex-ii&delegation=eu").text)
    for ext in ("docx", "csv", "json", "akn.xml"):
        assert f"/api/compilations/{TABLE}/export.{ext}?section=annex-ii&delegation=eu" in links
    plain = _links(client.get(f"/compilations/{TABLE}").text)
    assert f"/api/compilations/{TABLE}/export.docx" in plain
    for url in (u for u in links if "/export." in u):
        assert client.get(url).status_code == 200, url


def test_document_and_compare_pages_link_their_downloads(client) -> None:  # type: ignore[no-untyped-def]
    doc = _links(client.get(f"/documents/{JULY}").text)
    assert {f"/api/documents/{JULY}/export.docx", f"/api/documents/{JULY}/export.akn.xml"} <= set(doc)
    assert f"/api/compare/{FIRST}/{JULY}/export.docx" in _links(client.get(f"/compare/{FIRST}/{JULY}").text)




QUERIES = ["stance=support", "uptake=adopted", "has_text=no", "section=annex-ii&has_text=yes",
           "kind=replace&uptake=partial", "delegation=eu&uptake=not_reflected", "label=36&uptake=not_reflected"]


def _page_ids(client, query: str) -> set[str]:  # type: ignore[no-untyped-def]
    """The inputs the Table of Inputs page shows (the whole table, ?all=1), by the key its cards carry."""
    page = client.get(f"/compilations/{TABLE}?{query}&all=1")
    assert page.status_code == 200, query
    return set(re.findall(r'<article class="input[^"]*" id="input-([^"]+)"', page.text))


@pytest.mark.parametrize("query", QUERIES)
def test_every_download_gives_the_inputs_the_page_shows_for_the_same_filters(client, query: str) -> None:  # type: ignore[no-untyped-def]
    shown = _page_ids(client, query)
    everything = _page_ids(client, "")
    assert shown and shown < everything, query  # the filter keeps some inputs and leaves others
    rows = client.get(f"/api/compilations/{TABLE}?{query}").json()["rows"]
    assert {i["key"].split("/")[-1] for r in rows for i in r["inputs"]} == shown
    links = _links(client.get(f"/compilations/{TABLE}?{query}").text)
    for ext in ("docx", "csv", "json", "akn.xml"):  # the page's own links carry its filters
        assert f"/api/compilations/{TABLE}/export.{ext}?{query}" in links, ext
    csv_rows = list(csv.DictReader(io.StringIO(client.get(f"/api/compilations/{TABLE}/export.csv?{query}").text)))
    assert {r["key"].split("/")[-1] for r in csv_rows} == shown
    exported = client.get(f"/api/compilations/{TABLE}/export.json?{query}").json()
    assert {r["key"].split("/")[-1] for r in exported["inputs"]} == shown
    assert {k: v for k, v in exported["filters"].items() if v} == dict(p.split("=") for p in query.split("&"))
    table = docx.Document(io.BytesIO(client.get(f"/api/compilations/{TABLE}/export.docx?{query}").content)).tables[0]
    assert [row.cells[0].text.split("  ", 1)[0] for row in table.rows[1:]] == [r["label"] for r in rows if r["inputs"]]
    root = etree.fromstring(client.get(f"/api/compilations/{TABLE}/export.akn.xml?{query}").content)
    assert len(root.findall(".//a:amendment", {"a": akn.AKN_NS})) == len(shown)


def test_a_filter_value_no_input_can_have_is_refused_by_the_page_and_the_downloads(client) -> None:  # type: ignore[no-untyped-def]
    for url in (f"/api/compilations/{TABLE}/export.csv?uptake=maybe", f"/api/compilations/{TABLE}?has_text=perhaps",
                f"/api/compilations/{TABLE}/export.docx?stance=neutral"):
        assert client.get(url).status_code == 422, url
