"""The formats in the pages: download links where a reader looks for them, through the real app
(the upload pages are in test_formats_rounds.py, with the accounts they need)."""

from __future__ import annotations

import html
import re

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


