"""Submissions at the same moment, as at a deadline: every input answered 201 is stored exactly
once, including two members of one delegation writing on one paragraph at once (their inputs'
keys are numbered per delegation and paragraph). A real server with two worker processes."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator

import httpx
import pytest
from sqlmodel import Session, select

from app.db import make_engine
from app.models import Amendment, AmendmentRevision, Document
from tests.conftest import Accounts
from tests.live import serving

BASE = "2010-04-16-first-draft"
DELEGATIONS = ["eu", "usa", "japan", "canada", "norway", "china", "cuba", "syria"]


@pytest.fixture(scope="module")
def server(loaded_url: str) -> Iterator[str]:
    with serving(loaded_url, "--workers", "2") as base:
        yield base


def _stored(url: str, round_slug: str) -> list[tuple[str, str]]:
    engine = make_engine(url)
    with Session(engine) as s:
        rows = s.exec(select(Amendment.key, AmendmentRevision.rationale).join(AmendmentRevision)
                      .join(Document, Document.id == Amendment.compilation_id)
                      .where(Document.slug == round_slug, AmendmentRevision.is_current)).all()
    engine.dispose()
    return [(k, r or "") for k, r in rows]


def test_a_burst_of_submissions_is_stored_exactly_once(loaded_url: str, server: str) -> None:
    people = Accounts(loaded_url)
    people.add("chair", "facilitator")
    for d in DELEGATIONS:  # two members each
        people.add(f"{d}-1", "delegation", d)
        people.add(f"{d}-2", "delegation", d)
    deadline = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).isoformat()
    r = httpx.post(server + "/api/rounds", headers=people.headers("chair"), timeout=60,
                   json={"slug": "burst", "title": "Burst", "base": BASE, "deadline": deadline})
    assert r.status_code == 201, r.text

    async def member(c: httpx.AsyncClient, name: str) -> list[tuple[str, int]]:
        out = []
        for label in ("PP4", "12", "36"):  # both members of a delegation on the same paragraphs
            marker = f"[{name} {label}]"
            r = await c.post("/api/rounds/burst/inputs", headers=people.headers(name),
                             json={"label": label, "kind": "comment", "rationale": marker})
            out.append((marker, r.status_code))
        return out

    async def burst() -> list[tuple[str, int]]:
        async with httpx.AsyncClient(base_url=server, timeout=60) as c:
            done = await asyncio.gather(*(member(c, f"{d}-{m}") for d in DELEGATIONS for m in (1, 2)))
        return [x for xs in done for x in xs]

    answers = asyncio.run(burst())
    assert [s for _, s in answers] == [201] * len(DELEGATIONS) * 2 * 3
    stored = _stored(loaded_url, "burst")
    assert sorted(r for _, r in stored) == sorted(m for m, _ in answers)  # each once, none lost
    assert len({k for k, _ in stored}) == len(stored)
