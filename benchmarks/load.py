"""HTTP load on loopback: real servers (`stemma serve --workers N`) under wrk.

For each database (SQLite, PostgreSQL) and number of worker processes, a server is started on
the 1x corpus, and each page family (HTML page and JSON twin, alternating) is driven by wrk at
each concurrency: throughput, p50/p95/p99, errors (socket errors, timeouts, non-2xx), and the
server's own CPU per request (read from /proc for the server and its workers, so the load
generator's CPU on the same cores is not counted). Each cell runs with the response cache off
(the work a page does, warm process caches) and on (what a reader gets); the ratio between the
two is the evidence, measured in the same run on the same machine. Cold is the first request
of each page to a freshly started server.

Needs wrk (Debian: `apt-get install wrk`). Until the pool deadlock is fixed (issue 13), more
than ~60 uncached requests in flight stall the server: `--max-uncached` caps the concurrency of
uncached cells (default 50) and the report says which cells were skipped.

    python -m benchmarks.load [--dbs sqlite,postgresql] [--workers 1,2] [--concurrency 10,50,200] [--duration 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from benchmarks import pages as page_set
from benchmarks.scale import load as load_scale
from benchmarks.session_corpus import ROOT

LUA = Path(__file__).with_name("wrk_report.lua")
CLK_TCK = os.sysconf("SC_CLK_TCK")


@dataclass
class Cell:
    db: str
    workers: int
    cache: bool
    family: str
    clients: int
    rps: float
    p50: float
    p95: float
    p99: float
    errors: int
    cpu_ms: float  # server CPU per request


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return out


def server_cpu_s(pid: int) -> float:
    """User + system CPU seconds of the server and every process under it, so far."""
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / CLK_TCK


class Server:
    """`stemma serve` in a child process, on a free port, until stopped."""

    def __init__(self, url: str, workers: int, cache: bool) -> None:
        self.port = _free_port()
        env = dict(os.environ, DATABASE_URL=url, STEMMA_RESPONSE_CACHE_MB="64" if cache else "0")
        self.proc = subprocess.Popen([sys.executable, "-m", "app.cli", "serve", "--port", str(self.port),
                                      "--workers", str(workers)], env=env, cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        """SIGTERM to the server's process group (its workers too), SIGKILL if a stalled worker hangs on."""
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.proc.pid, sig)
                self.proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue
            except ProcessLookupError:
                return


def wrk(base: str, paths: list[str], clients: int, duration: int) -> dict[str, int]:
    env = dict(os.environ, WRK_PATHS="|".join(paths))
    done = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{duration}s", "--timeout", "10s", "-s", str(LUA), base],
                          env=env, capture_output=True, text=True, timeout=duration + 60)
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if not line:
        raise RuntimeError(f"wrk printed no summary:\n{done.stdout}\n{done.stderr}")
    return json.loads(line[-1])


def cold(base: str) -> dict[str, float]:
    """The first request of each path to a server that has served nothing else, in ms."""
    out = {}
    with httpx.Client(base_url=base, timeout=120) as c:
        for path in page_set.all_paths():
            t = time.perf_counter()
            c.get(path)
            out[path] = (time.perf_counter() - t) * 1000
    return out


def run(dbs: list[str], workers: list[int], concurrency: list[int], duration: int, max_uncached: int,
        work: Path) -> tuple[list[Cell], dict[str, dict[str, float]], list[str]]:
    cells: list[Cell] = []
    colds: dict[str, dict[str, float]] = {}
    skipped: list[str] = []
    for db in dbs:
        url = load_scale(db, 1, work, reuse=True).url
        for n in workers:
            for cache in (False, True):
                server = Server(url, n, cache)
                try:
                    if n == workers[0]:
                        colds[f"{db}, cache {'on' if cache else 'off'}"] = cold(server.base)
                    for family, paths in page_set.PAGES.items():
                        wrk(server.base, list(paths), 10, 1)  # warm every worker's process caches
                        for c in concurrency:
                            if not cache and c > max_uncached:
                                skipped.append(f"{db} {n}w uncached {family} c={c}")
                                continue
                            before = server_cpu_s(server.proc.pid)
                            r = wrk(server.base, list(paths), c, duration)
                            cpu = server_cpu_s(server.proc.pid) - before
                            secs = r["duration_us"] / 1e6
                            errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
                            cell = Cell(db, n, cache, family, c, r["requests"] / secs, r["p50_us"] / 1000,
                                        r["p95_us"] / 1000, r["p99_us"] / 1000, errors,
                                        cpu * 1000 / max(r["requests"], 1))
                            cells.append(cell)
                            print(_row(cell), flush=True)
                finally:
                    server.stop()
    return cells, colds, skipped


def _row(c: Cell) -> str:
    return (f"| {c.db} | {c.workers} | {'on' if c.cache else 'off'} | {c.family} | {c.clients} | {c.rps:.0f} | "
            f"{c.p50:.1f} | {c.p95:.1f} | {c.p99:.1f} | {c.errors} | {c.cpu_ms:.2f} |")


def report(cells: list[Cell], colds: dict[str, dict[str, float]], skipped: list[str]) -> None:
    print("\n## cached against uncached, same server setup and concurrency (throughput x, server CPU / request x)")
    print("| db | workers | page | clients | req/s off | req/s on | x | CPU ms off | CPU ms on | x |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    on = {(c.db, c.workers, c.family, c.clients): c for c in cells if c.cache}
    for off in (c for c in cells if not c.cache):
        hit = on.get((off.db, off.workers, off.family, off.clients))
        if hit:
            print(f"| {off.db} | {off.workers} | {off.family} | {off.clients} | {off.rps:.0f} | {hit.rps:.0f} | "
                  f"{hit.rps / off.rps:.1f} | {off.cpu_ms:.1f} | {hit.cpu_ms:.2f} | {off.cpu_ms / hit.cpu_ms:.0f} |")
    print("\n## cold: first request of each page to a fresh server (ms)")
    keys = list(colds)
    print("| path | " + " | ".join(keys) + " |")
    print("|---|" + "---:|" * len(keys))
    for path in page_set.all_paths():
        print(f"| {path} | " + " | ".join(f"{colds[k][path]:.0f}" for k in keys) + " |")
    if skipped:
        print(f"\nskipped (uncached above --max-uncached, the pool deadlock): {len(skipped)} cells")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dbs", default="sqlite,postgresql")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--concurrency", default="10,50,200")
    parser.add_argument("--duration", type=int, default=5, help="seconds per cell")
    parser.add_argument("--max-uncached", type=int, default=50)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stemma-bench"))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install wrk")
    args.work.mkdir(parents=True, exist_ok=True)
    print("| db | workers | cache | page | clients | req/s | p50 ms | p95 ms | p99 ms | errors | server CPU ms/req |")
    print("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    cells, colds, skipped = run(args.dbs.split(","), [int(w) for w in args.workers.split(",")],
                                [int(c) for c in args.concurrency.split(",")], args.duration,
                                args.max_uncached, args.work)
    report(cells, colds, skipped)


if __name__ == "__main__":
    main()
