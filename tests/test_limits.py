"""Bounded resources: body size (413 while streaming), redline work (422), redline rate (429)."""

from __future__ import annotations

import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.live import serving

MB = 1024 * 1024


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def post_raw(base: str, headers: list[str], body_chunks, total: int) -> bytes:  # type: ignore[no-untyped-def]
    """POST through a raw socket, sending until the server answers or closes; returns what it answered."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    with socket.create_connection((host, port), timeout=60) as s:
        s.sendall(("\r\n".join(["POST /api/redline HTTP/1.1", f"Host: {host}", "Content-Type: application/json",
                                 *headers]) + "\r\n\r\n").encode())
        sent = 0
        try:
            for chunk in body_chunks:
                s.sendall(chunk)
                sent += len(chunk)
                if sent >= total:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: what it said is still readable
        s.settimeout(30)
        answer = b""
        try:
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
                data = s.recv(65536)
                if not data:
                    break
                answer += data
        except (ConnectionResetError, TimeoutError):
            pass
    return answer


def _plain(total: int, size: int = MB):  # type: ignore[no-untyped-def]
    head = b'{"old": "'
    yield head
    for _ in range(total // size):
        yield b"a" * size


def _chunked(total: int, size: int = MB):  # type: ignore[no-untyped-def]
    for block in _plain(total, size):
        yield f"{len(block):x}\r\n".encode() + block + b"\r\n"


@pytest.mark.parametrize("how", ["content-length", "chunked"])
def test_a_200_mb_body_is_refused_without_being_read(db_url: str, how: str) -> None:
    """Issue 13: the body was read whole (RSS to 718 MB) before a 422."""
    total = 200 * MB
    with serving(db_url) as base:
        before = peak_rss_mb(base.pid)
        if how == "content-length":
            answer = post_raw(base, [f"Content-Length: {total}"], _plain(total), total)
        else:
            answer = post_raw(base, ["Transfer-Encoding: chunked"], _chunked(total), total)
        grew = peak_rss_mb(base.pid) - before
    assert answer.startswith(b"HTTP/1.1 413"), answer[:300]
    assert b'"code":"too_large"' in answer and b"16777216 bytes" in answer
    assert grew < 50, f"the server's peak memory grew by {grew:.0f} MB"


@pytest.fixture(scope="module")
def small(db_url: str) -> TestClient:
    app = create_app(Settings(database_url=db_url, max_body_bytes=1000, redline_rate="3/minute"))
    return TestClient(app)


def test_a_body_one_byte_over_the_limit_is_413_and_one_under_is_read(small: TestClient) -> None:
    over = small.post("/api/redline", content=b"{" + b" " * 1000, headers={"content-type": "application/json"})
    assert over.status_code == 413 and over.json()["error"]["code"] == "too_large"
    under = small.post("/api/redline", content=b"{" + b" " * 998 + b"}", headers={"content-type": "application/json"})
    assert under.status_code == 422  # read, and refused for what it holds: no old, no new


def test_redline_work_is_bounded_by_tokens_not_characters(client) -> None:  # type: ignore[no-untyped-def]
    """30,000 punctuation marks are 30,000 tokens in 30,000 characters, far under the character limit."""
    r = client.post("/api/redline", json={"old": ".," * 15_000, "new": "a"})
    assert r.status_code == 422
    assert "old: 30000 words and marks, more than the 20000" in r.json()["error"]["message"]
    ok = client.post("/api/redline", json={"old": "a " * 5_000, "new": "b " * 5_000})
    assert ok.status_code == 200


def test_an_address_past_its_redline_rate_gets_429_with_retry_after(db_url: str) -> None:
    c = TestClient(create_app(Settings(database_url=db_url, redline_rate="3/minute")))
    codes = [c.post("/api/redline", json={"old": "a", "new": "b"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    r = c.post("/api/redline", json={"old": "a", "new": "b"})
    assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 60
    assert r.json()["error"]["code"] == "too_many_attempts" and "3 per 1 minute" in r.json()["error"]["message"]
    assert c.get("/api/events").status_code == 200  # other routes are not limited
