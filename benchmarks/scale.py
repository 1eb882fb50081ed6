"""Does a page cost more because other negotiations exist? The same pages at 1x, 10x, 100x ...

For each scale N: N copies of the 2010 negotiation are written in the corpus format
(benchmarks/session_corpus.py), a fresh database is migrated and `stemma load` loads them (a
child process: its wall time and peak RSS are measured), then the same original pages are
measured in-process (benchmarks/pages.py): cold, warm, SQL statements, size. Ratios are
against the smallest scale of the same run, so a slower shared machine moves every figure
alike and the growth stays visible. Corpora and databases live under --work (default
/tmp/stemma-bench), never in the repository; `--reuse` keeps a database already loaded.

    python -m benchmarks.scale --scales 1,10,100 [--db postgresql] [--reuse]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from benchmarks import pages
from benchmarks.session_corpus import ROOT, generate

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@dataclass
class Loaded:
    scale: int
    url: str
    paragraphs: int
    inputs: int
    load_s: float | None  # None when an existing database was reused
    load_rss_mb: float | None
    db_mb: float


def database_url(kind: str, scale: int, work: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{work / f'bench-{scale}x.db'}"
    return make_url(PG_ADMIN).set(database=f"stemma_bench_{scale}x").render_as_string(hide_password=False)


def _exists(url: str) -> bool:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return Path(u.database or "").exists()
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        found = c.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": u.database}).first()
    admin.dispose()
    return found is not None


def _recreate(url: str) -> None:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{u.database}{suffix}").unlink(missing_ok=True)
        return
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)'))
        c.execute(sa.text(f'CREATE DATABASE "{u.database}"'))
    admin.dispose()


def _stemma(url: str, *args: str) -> tuple[float, float]:
    """Run `stemma ARGS` on `url` in a child process; (wall seconds, peak RSS in MB)."""
    env = dict(os.environ, DATABASE_URL=url)
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    output = proc.stdout.read().decode() if proc.stdout else ""
    if status != 0:
        raise RuntimeError(f"stemma {' '.join(args)} failed:\n{output}")
    return wall, usage.ru_maxrss / 1024


def db_size_mb(url: str) -> float:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return sum(Path(f"{u.database}{s}").stat().st_size for s in ("", "-wal") if Path(f"{u.database}{s}").exists()) / 2**20
    engine = sa.create_engine(url)
    with engine.connect() as c:
        size = c.execute(sa.text("SELECT pg_database_size(current_database())")).scalar_one()
    engine.dispose()
    return size / 2**20


def _counts(url: str) -> tuple[int, int]:
    engine = sa.create_engine(url)
    with engine.connect() as c:
        n = c.execute(sa.text("SELECT (SELECT count(*) FROM paragraph), (SELECT count(*) FROM amendment)")).one()
    engine.dispose()
    return int(n[0]), int(n[1])


def load(kind: str, scale: int, work: Path, reuse: bool) -> Loaded:
    url = database_url(kind, scale, work)
    if reuse and _exists(url):
        try:
            p, i = _counts(url)
            if p:
                return Loaded(scale, url, p, i, None, None, db_size_mb(url))
        except sa.exc.SQLAlchemyError:
            pass
    corpus = work / f"corpus-{scale}x"
    generate(scale, corpus)
    _recreate(url)
    _stemma(url, "db", "upgrade")
    wall, rss = _stemma(url, "load", "--drafts", str(corpus / "drafts"), "--amendments", str(corpus / "amendments"))
    p, i = _counts(url)
    return Loaded(scale, url, p, i, wall, rss, db_size_mb(url))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--db", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--work", type=Path, default=Path("/tmp/stemma-bench"))
    parser.add_argument("--reuse", action="store_true", help="keep a database already loaded at that scale")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    scales = [int(s) for s in args.scales.split(",")]
    results: list[tuple[Loaded, dict[str, pages.Figures]]] = []
    for n in scales:
        loaded = load(args.db, n, args.work, args.reuse)
        took = "reused" if loaded.load_s is None else f"load {loaded.load_s:.1f} s, peak RSS {loaded.load_rss_mb:.0f} MB"
        print(f"\n## {n}x on {args.db}: {loaded.paragraphs} paragraphs, {loaded.inputs} inputs, "
              f"database {loaded.db_mb:.0f} MB, {took}", flush=True)
        figs = pages.measure(loaded.url, pages.all_paths(), args.repeat)
        pages.print_table(figs)
        results.append((loaded, figs))
    report(results)


def report(results: list[tuple[Loaded, dict[str, pages.Figures]]]) -> None:
    """Growth against the smallest scale: warm time, cold time and statements, per page."""
    if len(results) < 2:
        return
    (base, bfigs), rest = results[0], results[1:]
    print(f"\n## growth against {base.scale}x (warm ms ratio / cold ms ratio / SQL statements)")
    head = "".join(f"{f'{r.scale}x':>22}" for r, _ in rest)
    print(f"{'path':58}{head}")
    for path, b in bfigs.items():
        cells = "".join(f"{figs[path].warm_ms / b.warm_ms:7.2f} {figs[path].cold_ms / b.cold_ms:6.2f} "
                        f"{b.queries:>3}->{figs[path].queries:<3}" for _, figs in rest)
        print(f"{path[:58]:58}{cells}")
    print("\n| scale | paragraphs | inputs | load s | load peak RSS MB | database MB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r, _ in results:
        print(f"| {r.scale}x | {r.paragraphs} | {r.inputs} | {r.load_s or float('nan'):.1f} | "
              f"{r.load_rss_mb or float('nan'):.0f} | {r.db_mb:.0f} |")


if __name__ == "__main__":
    main()
