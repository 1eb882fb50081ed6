"""The deadline burst: 193 delegations each submit 20 inputs in the last minute, over HTTP.

A fresh PostgreSQL database gets the 1x corpus plus 193 delegations (added to a copy of
delegations.yaml and loaded by the real loader), one account and API token per delegation and a
facilitator who opens a round on the first draft. `stemma serve --workers N` serves it; each
delegation's client (an asyncio task, one connection) starts at a random moment of the first
second and sends its 20 inputs one after another, spread over the minute (one a paragraph, each
text carrying a unique marker); nobody retries. Then the database is asked: is every input stored
exactly once, is any lost, and did the answers say so? Latencies are of the POSTs.

    python -m benchmarks.burst [--delegations 193] [--inputs 20] [--seconds 60] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import time
from collections import Counter
from pathlib import Path

import httpx
import sqlalchemy as sa
import yaml
from sqlmodel import Session, select

from app import migrate
from app.corpus.catalog import read_corpus
from app.corpus.loader import load_corpus
from app.db import make_engine
from app.models import Amendment, AmendmentRevision, Document, Paragraph
from app.services import accounts
from benchmarks.load import Server, server_cpu_s
from benchmarks.scale import PG_ADMIN, _recreate
from benchmarks.session_corpus import generate

FIRST = "2010-04-16-first-draft"
ROUND = "burst-round"


def setup(url: str, work: Path, delegations: int) -> tuple[list[tuple[str, str]], str, list[str]]:
    """Database, delegations, accounts and tokens, an open round: (delegation, token) pairs, the
    facilitator's token, and the labels of the base draft's paragraphs."""
    corpus = work / "burst-corpus"
    generate(1, corpus)
    dfile = corpus / "amendments" / "delegations.yaml"
    data = yaml.safe_load(dfile.read_text(encoding="utf-8"))
    slugs = [f"burst-{i:03d}" for i in range(1, delegations + 1)]
    data["delegations"] += [{"slug": s, "name": f"Delegation {s[-3:]}", "kind": "state"} for s in slugs]
    dfile.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _recreate(url)
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as s:
        load_corpus(s, read_corpus(corpus / "drafts", corpus / "amendments"))
        accounts.add_user(s, name="facilitator", role="facilitator")
        chair = accounts.create_token(s, name="facilitator")
        pairs = []
        for slug in slugs:
            accounts.add_user(s, name=f"{slug}-member", role="delegation", delegation=slug)
            pairs.append((slug, accounts.create_token(s, name=f"{slug}-member")))
        labels = list(s.exec(select(Paragraph.label).join(Document).where(Document.slug == FIRST)
                             .order_by(Paragraph.order)))
    engine.dispose()
    return pairs, chair, labels


async def delegation_client(base: str, slug: str, token: str, labels: list[str], n: int, seconds: float,
                            results: list[tuple[str, int, float]], attempted: list[str]) -> None:
    """One delegation: its inputs one after another, spread over the minute, never retried."""
    rnd = random.Random(slug)
    chosen = rnd.sample(labels, n)
    start = time.monotonic() + rnd.uniform(0, 1)
    gap = (seconds - 1) / n
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120) as c:
        for k, label in enumerate(chosen):
            await asyncio.sleep(max(0.0, start + k * gap + rnd.uniform(0, gap / 2) - time.monotonic()))
            marker = f"[{slug} input {k + 1:02d}]"
            t = time.perf_counter()
            attempted.append(marker)
            try:
                r = await c.post(f"/api/rounds/{ROUND}/inputs",
                                 json={"label": label, "kind": "comment", "text": "",
                                       "rationale": f"{marker} The delegation asks that this paragraph be "
                                                    "read with the commitments of the Protocol."})
                status = r.status_code
            except httpx.HTTPError:
                status = 0
            results.append((marker, status, (time.perf_counter() - t) * 1000))


def verify(url: str, answered: dict[str, int], attempted: list[str]) -> dict[str, int]:
    """Every input sent, against the database: stored once, more than once or not at all, and
    whether what the client was told (201 or not) agrees with what was stored."""
    engine = make_engine(url)
    with Session(engine) as s:
        rows = s.exec(select(AmendmentRevision.rationale).join(Amendment)
                      .join(Document, Document.id == Amendment.compilation_id)
                      .where(Document.slug == ROUND, AmendmentRevision.is_current)).all()
    engine.dispose()
    stored = Counter((r or "").split("]", 1)[0] + "]" for r in rows)
    ok = [m for m in attempted if answered.get(m) == 201]
    return {"sent": len(attempted), "answered 201": len(ok),
            "201 and stored once": sum(1 for m in ok if stored[m] == 1),
            "stored more than once": sum(1 for m in attempted if stored[m] > 1),
            "201 but lost": sum(1 for m in ok if stored[m] == 0),
            "no 201 (error or no answer) but stored": sum(1 for m in attempted if m not in ok and stored[m]),
            "no 201 and not stored": sum(1 for m in attempted if m not in ok and not stored[m]),
            "rows in the round": len(rows)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegations", type=int, default=193)
    parser.add_argument("--inputs", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/stemma-bench"))
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    url = sa.engine.make_url(PG_ADMIN).set(database="stemma_bench_burst").render_as_string(hide_password=False)
    pairs, chair, labels = setup(url, args.work, args.delegations)
    server = Server(url, args.workers, cache=True)
    try:
        deadline = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).isoformat()
        r = httpx.post(f"{server.base}/api/rounds", headers={"Authorization": f"Bearer {chair}"}, timeout=60,
                       json={"slug": ROUND, "title": "Burst", "base": FIRST, "deadline": deadline})
        r.raise_for_status()
        results: list[tuple[str, int, float]] = []
        attempted: list[str] = []
        cpu0, t0 = server_cpu_s(server.proc.pid), time.perf_counter()

        async def burst() -> None:
            clients = asyncio.gather(*(delegation_client(server.base, slug, token, labels, args.inputs,
                                                         args.seconds, results, attempted) for slug, token in pairs))
            try:  # bounded: a stalled server ends the run, and what was not answered is reported
                await asyncio.wait_for(clients, timeout=args.seconds * 3 + 60)
            except asyncio.TimeoutError:
                print("the burst did not finish in time: stopped")

        asyncio.run(burst())
        wall, cpu = time.perf_counter() - t0, server_cpu_s(server.proc.pid) - cpu0
    finally:
        server.stop()
    lat = sorted(ms for _, status, ms in results if status == 201)
    statuses = Counter(status for _, status, _ in results)
    q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else [float("nan")] * 99
    print(f"{args.delegations} delegations x {args.inputs} inputs over {args.seconds:.0f} s, {args.workers} workers, "
          f"PostgreSQL: {len(results)} POSTs in {wall:.1f} s ({len(results) / wall:.1f}/s)")
    print(f"answers: {dict(statuses)}; latency of 201s: p50 {q[49]:.0f} ms, p95 {q[94]:.0f} ms, "
          f"p99 {q[98]:.0f} ms, max {lat[-1] if lat else float('nan'):.0f} ms; server CPU {cpu * 1000 / len(results):.1f} ms/input")
    print(verify(url, {m: status for m, status, _ in results}, attempted))


if __name__ == "__main__":
    main()
