"""Writes at the same moment through a real server (threads, sockets, the database's own locking):
two members of one delegation submitting on one paragraph both get their input, each under its own
key; two revisions of one revision: one wins, the other is told which is current; nothing is lost."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import Accounts
from tests.live import serving


@pytest.fixture(scope="module")
def site(loaded_url: str) -> Iterator[tuple[str, Accounts]]:
    people = Accounts(loaded_url)
    people.add("fac", "facilitator")
    for n in range(6):
        people.add(f"eu{n}", "delegation", "eu")
    with serving(loaded_url) as base:
        deadline = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).isoformat()
        r = httpx.post(f"{base}/api/rounds", headers=people.headers("fac"), json={
            "slug": "race-round", "title": "t", "base": "2010-07-19-draft", "deadline": deadline})
        assert r.status_code == 201, r.text
        yield base, people


def _at_once(calls: list) -> list[httpx.Response]:  # type: ignore[type-arg]
    barrier = threading.Barrier(len(calls))
    out: list[httpx.Response | None] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        out[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return out  # type: ignore[return-value]


def test_members_of_one_delegation_submitting_at_once_all_get_their_input(site) -> None:  # type: ignore[no-untyped-def]
    base, people = site
    calls = [lambda n=n: httpx.post(f"{base}/api/rounds/race-round/inputs", headers=people.headers(f"eu{n}"),
                                    json={"label": "12", "kind": "comment", "rationale": f"member {n}"}, timeout=120)
             for n in range(6)]
    answers = _at_once(calls)
    assert [a.status_code for a in answers] == [201] * 6, [a.text for a in answers]
    keys = {a.json()["key"] for a in answers}
    assert len(keys) == 6
    listed = httpx.get(f"{base}/api/rounds/race-round", headers=people.headers("fac")).json()["inputs"]
    assert sorted(i["rationale"] for i in listed) == sorted(f"member {n}" for n in range(6))


def test_two_revisions_of_the_same_revision_at_once_one_wins_and_nothing_is_lost(site) -> None:  # type: ignore[no-untyped-def]
    base, people = site
    made = httpx.post(f"{base}/api/rounds/race-round/inputs", headers=people.headers("eu0"),
                      json={"label": "13", "kind": "replace", "text": "First."}, timeout=60).json()
    calls = [lambda n=n: httpx.put(f"{base}/api/inputs/{made['id']}", headers=people.headers(f"eu{n}"),
                                   json={"revision": 1, "text": f"Second, by member {n}."}, timeout=120)
             for n in range(2)]
    answers = _at_once(calls)
    codes = sorted(a.status_code for a in answers)
    assert codes == [200, 409], [a.text for a in answers]
    winner = next(a for a in answers if a.status_code == 200).json()
    loser = next(a for a in answers if a.status_code == 409).json()
    assert loser["error"]["current"]["revision"] == 2 and loser["error"]["current"]["text"] == winner["text"]
    revs = httpx.get(f"{base}/api/inputs/{made['id']}/revisions", headers=people.headers("eu0")).json()
    assert [r["text"] for r in revs] == ["First.", winner["text"]]
