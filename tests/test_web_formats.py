"""The formats in the pages: download links where a reader looks for them, and the two upload
pages with their previews (nothing written), through the real app."""

from __future__ import annotations

import html
import re

import pytest

from tests.conftest import RECORD

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"


def _links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]


@pytest.mark.parametrize("url", ["/documents/import", f"/documents/{FIRST}/import-docx"])
def test_upload_pages_render_with_landmarks(client, url: str) -> None:  # type: ignore[no-untyped-def]
    page = client.get(url).text
    assert page.count("<h1") == 1 and '<main id="main"' in page and 'enctype="multipart/form-data"' in page


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
    assert {f"/api/documents/{JULY}/export.docx", f"/api/documents/{JULY}/export.akn.xml",
            f"/documents/{JULY}/import-docx"} <= set(doc)
    assert f"/api/compare/{FIRST}/{JULY}/export.docx" in _links(client.get(f"/compare/{FIRST}/{JULY}").text)


def test_a_delegations_file_previewed_on_the_page(client) -> None:  # type: ignore[no-untyped-def]
    data = client.get(f"/api/compare/{FIRST}/{JULY}/export.docx").content
    expected = client.post(f"/api/documents/{FIRST}/import-docx", files={"file": ("july.docx", data)}).json()
    page = client.post(f"/documents/{FIRST}/import-docx", files={"file": ("july.docx", data)})
    assert page.status_code == 200
    assert f"{len(expected['inputs'])} inputs from july.docx" in page.text
    assert f"{len(expected['unmatched'])} changes not matched" in page.text
    assert html.escape(expected["unmatched"][0]["reason"]) in page.text


def test_a_bad_file_on_the_page_shows_the_form_again_with_the_reason(client) -> None:  # type: ignore[no-untyped-def]
    page = client.post(f"/documents/{FIRST}/import-docx", files={"file": ("eu.docx", b"not a zip")})
    assert page.status_code == 415
    assert 'role="alert"' in page.text and "not a .docx" in page.text and 'type="file"' in page.text


def test_a_new_document_previewed_on_the_page_and_as_json(client) -> None:  # type: ignore[no-untyped-def]
    """The co-facilitators' statement of 21 April 2010 (record lines 6670-6790), as plain text."""
    text = "\n".join(RECORD.read_text(encoding="utf-8").splitlines()[6669:6790]) + "\n"
    form = {"slug": "2010-04-21-statement", "kind": "precedent", "date": "2010-04-21",
            "title": "Statement of the co-facilitators presenting the first draft"}
    api = client.post("/api/documents/import", files={"file": ("statement.txt", text.encode())}, data=form)
    assert api.status_code == 200
    body = api.json()
    assert body["files"]["drafts/sources/2010-04-21-statement.txt"] == text
    assert body["files"]["drafts/2010-04-21-statement.yaml"].startswith("slug: 2010-04-21-statement\n")
    assert body["paragraphs"] and all(p["source"][0] <= p["source"][1] for p in body["paragraphs"])
    page = client.post("/documents/import", files={"file": ("statement.txt", text.encode())}, data=form)
    assert page.status_code == 200
    assert page.text.count("<tr><td>") == len(body["paragraphs"])
    assert 'download="2010-04-21-statement.yaml" href="data:application/yaml;charset=utf-8;base64,' in page.text
    assert client.get(f"/documents/2010-04-21-statement").status_code == 404  # nothing was written


def test_a_new_document_that_cannot_be_added_says_why(client) -> None:  # type: ignore[no-untyped-def]
    form = {"slug": FIRST, "kind": "precedent", "date": "2010-04-16", "title": "x"}
    page = client.post("/documents/import", files={"file": ("x.txt", b"Some words.\n")}, data=form)
    assert page.status_code == 422 and "already exists" in page.text
    api = client.post("/api/documents/import", files={"file": ("x.pdf", b"%PDF")}, data={**form, "slug": "x"})
    assert api.status_code == 415 and ".txt, .md and .docx" in api.json()["error"]["message"]
