"""Responses of unchanged records, kept per process and revalidated against the database.

Every page and JSON answer is a function of the stored records, and every write bumps a
generation number in the same transaction (app/generation.py). So a GET answered once can be
answered again from memory while the generations are the same: each request costs one
primary-key-sized query (the validator) instead of the page's queries, text work and
rendering (20-120 ms of CPU before). A write through any process changes the validator that
every process reads on its next request, so no process serves what another has changed.

The ETag is a hash of the body, so two processes give the same tag for the same answer and a
client revalidating with If-None-Match gets a 304 from whichever process it reaches, even
after a bump that did not change this page. Requests that carry a cookie or credentials pass
through untouched (a signed-in page may differ per person), as do answers other than 200,
answers that set a cookie or say `Cache-Control: private` / `no-store`.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import anyio
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import generation

# Paths whose answer is not a function of the records: liveness, files served as they are, the schema.
PASSTHROUGH = ("/healthz", "/static/", "/docs", "/redoc", "/openapi.json")
PRIVATE_REQUEST = (b"cookie", b"authorization")
Validator = tuple[int, ...]


@dataclass
class Entry:
    validator: Validator
    etag: bytes
    headers: list[tuple[bytes, bytes]]
    body: bytes


class Store:
    """A least-recently-used map bounded by the bytes of the bodies it holds."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[bytes, Entry] = OrderedDict()

    def get(self, key: bytes) -> Entry | None:
        entry = self._items.get(key)
        if entry is not None:
            self._items.move_to_end(key)
        return entry

    def put(self, key: bytes, entry: Entry) -> None:
        if len(entry.body) > self.max_bytes // 4:  # one page may not push out everything else
            return
        old = self._items.pop(key, None)
        if old is not None:
            self.size -= len(old.body)
        self._items[key] = entry
        self.size += len(entry.body)
        while self.size > self.max_bytes:
            _, evicted = self._items.popitem(last=False)
            self.size -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._items)


def etag_of(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def _matches(if_none_match: bytes | None, etag: bytes) -> bool:
    if not if_none_match:
        return False
    tags = [t.strip() for t in if_none_match.split(b",")]
    return b"*" in tags or etag in tags or b"W/" + etag in tags


def _cache_control_forbids(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name.lower() == b"set-cookie":
            return True
        if name.lower() == b"cache-control" and (b"private" in value or b"no-store" in value):
            return True
    return False


class ResponseCache:
    """ASGI middleware: serve GETs of unchanged records from memory, with ETag and 304."""

    def __init__(self, app: ASGIApp, *, engine: Engine, max_bytes: int,
                 validator: Callable[[Connection], Validator] = generation.validator,
                 gate: anyio.CapacityLimiter | None = None) -> None:
        self.app = app
        self.engine = engine
        # The validator's query takes its turn at the same database gate as the requests (app/deps.py),
        # so no worker thread ever waits in the pool while the requests holding connections need one.
        self.gate = gate
        self.store = Store(max_bytes)
        self._validator = validator

    def _read_validator(self) -> Validator:
        with self.engine.connect() as conn:
            return self._validator(conn)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith(PASSTHROUGH):
            await self.app(scope, receive, send)
            return
        request_headers = dict(scope["headers"])
        if any(h in request_headers for h in PRIVATE_REQUEST):
            await self.app(scope, receive, send)
            return
        # Read before the page is built: a write landing in between leaves a newer page under an
        # older validator (recomputed on the next request), never an older page under a newer one.
        try:
            if self.gate is not None:
                async with self.gate:
                    validator = await anyio.to_thread.run_sync(self._read_validator)
            else:
                validator = await anyio.to_thread.run_sync(self._read_validator)
        except DBAPIError:  # unreachable, not migrated, busy: the app answers that with a 503 saying why
            await self.app(scope, receive, send)
            return
        key = scope["path"].encode() + b"?" + scope.get("query_string", b"")
        if_none_match = request_headers.get(b"if-none-match")
        entry = self.store.get(key)
        if entry is None or entry.validator != validator:
            entry = await self._render(scope, receive, send, validator)
            if entry is None:
                return  # already sent as the application answered it
            self.store.put(key, entry)
        await self._send(send, entry, not_modified=_matches(if_none_match, entry.etag))

    async def _render(self, scope: Scope, receive: Receive, send: Send, validator: Validator) -> Entry | None:
        """Run the application; keep its answer if it may be shared, else pass it on as it is."""
        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, capture)
        if start is None:  # the application answered nothing (its client went away)
            return None
        headers = list(start.get("headers", []))
        body = b"".join(chunks)
        if start["status"] != 200 or _cache_control_forbids(headers):
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return None
        headers = [(n, v) for n, v in headers if n.lower() not in (b"etag", b"cache-control")]
        return Entry(validator, etag_of(body), headers, body)

    @staticmethod
    async def _send(send: Send, entry: Entry, *, not_modified: bool) -> None:
        extra = [(b"etag", entry.etag), (b"cache-control", b"no-cache")]
        if not_modified:
            kept = [(n, v) for n, v in entry.headers if n.lower() not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": 304, "headers": kept + extra})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": entry.headers + extra})
        await send({"type": "http.response.body", "body": entry.body})
