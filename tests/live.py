"""A real `stemma serve` process on a free port, for tests that need real sockets and threads.

TestClient runs the app in the test's own thread and never shows what a server does under
concurrent clients (the thread pool, the connection pool, clients that go away).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Base(str):
    """The server's base URL, which also knows the server's process id."""

    pid: int


@contextmanager
def serving(db_url: str, *args: str, log: Path | None = None, **env: str) -> Iterator[Base]:
    """`stemma serve` on `db_url` with extra environment; yields its base URL, stops it after.

    With `log`, the server's output (uvicorn's access log: one line per answered request) goes there.
    """
    port = free_port()
    full_env = {**os.environ, "DATABASE_URL": db_url, **env}
    out = log.open("wb") if log else subprocess.DEVNULL
    # stderr to a file, never an unread pipe: a server that logs past the pipe's 64 KB (a traceback a
    # request, over a browser test's thousand pages) would block on the write and hang its clients
    err = tempfile.TemporaryFile() if not log else None
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                             *args], env=full_env, stdout=out, stderr=subprocess.STDOUT if log else err)
    base = Base(f"http://127.0.0.1:{port}")
    base.pid = proc.pid
    try:
        for _ in range(200):
            if proc.poll() is not None:
                said = log.read_text() if log else _read(err)
                raise RuntimeError(f"the server exited: {said[-2000:]}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the server did not start")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()  # type: ignore[union-attr]
        if err is not None:
            err.close()


def _read(f: IO[bytes] | None) -> str:
    if f is None:
        return ""
    f.seek(0)
    return f.read().decode(errors="replace")
