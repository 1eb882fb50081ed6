"""HEAD answers as GET does, without the body (`curl -I`, link checkers, uptime probes).

Found by hand against a started server: every page and API answer was 405 to HEAD.
"""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.live import serving

SAME = ("content-type", "content-length", "etag", "cache-control", "content-disposition", "content-security-policy")


@pytest.mark.parametrize("path", [
    "/", "/delegations/eu", "/documents/2010-07-19-draft/42", "/api/documents",
    "/api/documents/2010-07-19-draft", "/favicon.ico", "/docs", "/openapi.json",
    "/api/documents/2010-07-19-draft/export.docx", "/api/compilations/2010-05-18-table-of-inputs/export.csv?label=36",
])
def test_head_gives_gets_status_and_headers_and_no_body(client, path: str) -> None:  # type: ignore[no-untyped-def]
    got = client.get(path)
    head = client.head(path)
    assert got.status_code == 200 and head.status_code == 200, (path, head.status_code)
    assert head.content == b""
    for name in SAME:
        assert head.headers.get(name) == got.headers.get(name), (path, name)


def test_head_on_what_is_missing_or_write_only(client) -> None:  # type: ignore[no-untyped-def]
    assert client.head("/documents/no-such-draft").status_code == 404
    assert client.head("/api/documents/no-such").status_code == 404
    assert client.head("/api/redline").status_code == 405  # POST only: HEAD is GET, and there is none


def test_a_conditional_head_is_not_modified(app) -> None:  # type: ignore[no-untyped-def]
    client = TestClient(app)  # its own: a shared client may hold another test's cookie, and a signed-in answer has no ETag
    etag = client.get("/api/documents/2010-07-19-draft").headers["etag"]
    r = client.head("/api/documents/2010-07-19-draft", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b""


def test_the_real_server_answers_head_without_a_body(db_url: str) -> None:
    with serving(db_url) as base:
        got = httpx.get(base + "/api/documents")
        head = httpx.head(base + "/api/documents")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == got.headers["content-length"] == str(len(got.content))
