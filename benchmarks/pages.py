"""What each page costs the server, measured in-process: wall and CPU time, and SQL queries.

The same pages (the original 2010 slugs) are measured on any database, so figures from a 1x
and a 100x corpus compare one to one. Cold is the first request after the process's text
caches are emptied (placement/uptake, diffs, the shared-language index); warm is the median
of later requests. The HTTP response cache is off here (this measures the work a page does);
`cached` repeats the warm run with it on, as a client without an ETag sees it.

    python -m benchmarks.pages --url postgresql+psycopg://postgres@127.0.0.1:5432/stemma_bench
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.config import Settings
from app.main import create_app

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"

# page family -> (HTML path, JSON twin)
PAGES: dict[str, tuple[str, str]] = {
    "paragraph": (f"/documents/{FIRST}/36", f"/api/documents/{FIRST}/paragraphs/36"),
    "delegation": ("/delegations/japan", "/api/delegations/japan"),
    "compare": (f"/compare/{FIRST}/{JULY}", f"/api/compare/{FIRST}/{JULY}"),
    "compilation": (f"/compilations/{TABLE}", f"/api/compilations/{TABLE}"),
    "search": ("/search?q=victims+protection", "/api/search?q=victims+protection"),
}


@dataclass
class Figures:
    path: str
    cold_ms: float
    warm_ms: float  # median wall time, cache off
    warm_cpu_ms: float  # median process CPU time, cache off
    cached_ms: float  # median wall time, response cache on (no If-None-Match)
    queries: int  # SQL statements of one warm request, cache off
    cached_queries: int
    kbytes: float


class QueryCounter:
    """Counts the statements an engine runs (SQLAlchemy's cursor event)."""

    def __init__(self, engine: Engine) -> None:
        self.n = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *_args: object) -> None:
        self.n += 1

    @contextmanager
    def counting(self) -> Iterator[list[int]]:
        box = [0]
        start = self.n
        yield box
        box[0] = self.n - start


def clear_process_caches() -> None:
    """Empty the per-process text caches, as a freshly started worker has them."""
    from app.services import positions, provenance
    from app.text import redline

    positions._judge.cache_clear()
    redline.diff_words_cached.cache_clear()
    provenance._CACHE.clear()


def _timed(client: TestClient, path: str) -> tuple[float, float, int]:
    t, c = time.perf_counter(), time.process_time()
    r = client.get(path)
    wall, cpu = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
    if r.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {r.status_code}: {r.text[:200]}")
    return wall, cpu, len(r.content)


def measure(url: str, paths: list[str], repeat: int = 7) -> dict[str, Figures]:
    """Cold, warm and cached figures of each path on the database at `url`."""
    apps = {on: create_app(Settings(database_url=url, response_cache_mb=64 if on else 0)) for on in (False, True)}
    counter = QueryCounter(apps[False].state.engine)  # one engine per URL: both apps share it
    out: dict[str, Figures] = {}
    with TestClient(apps[False]) as plain, TestClient(apps[True]) as cached:
        plain.get("/healthz")
        for path in paths:
            clear_process_caches()
            cold, _, size = _timed(plain, path)
            walls, cpus = [], []
            for _ in range(repeat):
                with counter.counting() as q:
                    w, c, _ = _timed(plain, path)
                walls.append(w)
                cpus.append(c)
            hits = []
            _timed(cached, path)  # fills the response cache
            for _ in range(repeat):
                with counter.counting() as cq:
                    hits.append(_timed(cached, path)[0])
            out[path] = Figures(path, cold, statistics.median(walls), statistics.median(cpus),
                                statistics.median(hits), q[0], cq[0], size / 1024)
    return out


def all_paths() -> list[str]:
    return [p for pair in PAGES.values() for p in pair]


def print_table(figs: dict[str, Figures]) -> None:
    print(f"{'path':58} {'cold ms':>8} {'warm ms':>8} {'cpu ms':>7} {'cached':>7} {'SQL':>4} {'KB':>7}")
    for f in figs.values():
        print(f"{f.path[:58]:58} {f.cold_ms:8.1f} {f.warm_ms:8.1f} {f.warm_cpu_ms:7.1f} {f.cached_ms:7.2f} "
              f"{f.queries:4d} {f.kbytes:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="a loaded database")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print_table(measure(args.url, all_paths(), args.repeat))


if __name__ == "__main__":
    main()
