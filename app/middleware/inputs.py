"""Input no route can use, refused in one place before any route sees it.

- A NUL byte in the path or the query: PostgreSQL cannot store or compare it (a 500 on 16 of 18
  routes), SQLite silently can; refusing it here answers both alike.
- A lone surrogate in a JSON body: Python's JSON parser accepts `"\\ud800"`, and the answer that
  echoes it cannot be encoded (a 500 on POST /api/redline); nor could the database store it.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import error_response

SURROGATE = re.compile("[\ud800-\udfff]")
JSON_TYPE = re.compile(r"^application/([\w.+-]+\+)?json\s*(;|$)", re.IGNORECASE)


class RefuseUnusableInput:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"] or b"\x00" in unquote_to_bytes(scope.get("query_string", b"")):
            await self._refuse(scope, receive, send, "the address holds a NUL character")
            return
        if not _is_json(scope):
            await self.app(scope, receive, send)
            return
        body, messages = await _read_body(receive)
        try:
            data = json.loads(body) if body else None
        except (ValueError, UnicodeDecodeError):
            data = None  # not JSON at all: the route's own validation says so
        if _has_lone_surrogate(data):
            await self._refuse(scope, receive, send, "the JSON body holds a lone surrogate (\\ud800-\\udfff), "
                                                     "which is not a character")
            return
        await self.app(scope, _replay(messages, receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, message: str) -> None:
        response = error_response(Request(scope, receive), 422, "invalid_input", message)
        await response(scope, receive, send)


def _is_json(scope: Scope) -> bool:
    if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return False
    ctype = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"content-type"), "")
    return bool(JSON_TYPE.match(ctype))


async def _read_body(receive: Receive) -> tuple[bytes, list[Message]]:
    """The whole body (its size is bounded by the body limit outside), and the messages to replay."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks), messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


def _has_lone_surrogate(data: Any) -> bool:
    """True if a string anywhere in `data` (a key or a value) holds a surrogate: after json.loads every
    valid pair has become one character, so any left is alone."""
    if isinstance(data, str):
        return SURROGATE.search(data) is not None
    if isinstance(data, list):
        return any(_has_lone_surrogate(v) for v in data)
    if isinstance(data, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in data.items())
    return False
