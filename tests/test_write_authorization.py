"""Every write endpoint against every kind of caller: anonymous 401, reader 403, a delegation on
another delegation's input 403, a facilitator of another negotiation 403, and the allowed ones
succeed. Each case builds the records it writes to, so the cases do not depend on each other."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from tests.conftest import Accounts

BASE = "2010-07-19-draft"
ACTORS = ("anonymous", "reader", "eu", "usa", "other_fac", "fac")
_n = itertools.count(1)


@pytest.fixture(scope="module")
def people(loaded_url: str, api: TestClient) -> Accounts:
    from sqlmodel import Session

    from app.db import make_engine
    from app.services import accounts

    a = Accounts(loaded_url)
    a.add("fac", "facilitator")
    r = api.post("/api/negotiations", headers=a.headers("fac"),
                 json={"slug": "another-negotiation", "title": "Another negotiation"})
    assert r.status_code == 201, r.text
    engine = make_engine(loaded_url)
    with Session(engine) as s:
        accounts.add_user(s, name="other_fac", role="facilitator", negotiation="another-negotiation")
        a.tokens["other_fac"] = accounts.create_token(s, name="other_fac")
    engine.dispose()
    a.add("reader", "reader")
    a.add("eu", "delegation", "eu")
    a.add("usa", "delegation", "usa")
    return a


@pytest.fixture(scope="module")
def api(loaded_url: str) -> Iterator[TestClient]:
    from app.main import create_app

    with TestClient(create_app(Settings(database_url=loaded_url))) as c:
        yield c


def _headers(people: Accounts, actor: str) -> dict[str, str]:
    return {} if actor == "anonymous" else people.headers(actor)


def _round(api: TestClient, people: Accounts) -> str:
    slug = f"auth-round-{next(_n)}"
    deadline = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).isoformat()
    r = api.post("/api/rounds", headers=people.headers("fac"),
                 json={"slug": slug, "title": "t", "base": BASE, "deadline": deadline})
    assert r.status_code == 201, r.text
    return slug


def _eu_input(api: TestClient, people: Accounts) -> int:
    r = api.post(f"/api/rounds/{_round(api, people)}/inputs", headers=people.headers("eu"),
                 json={"label": "12", "kind": "comment", "rationale": "ours"})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def _workbench_draft(api: TestClient, people: Accounts) -> str:
    slug = f"auth-draft-{next(_n)}"
    r = api.post("/api/documents", headers=people.headers("fac"), json={
        "slug": slug, "title": "t", "date": "2010-09-01", "base": BASE, "publish": False,
        "paragraphs": [{"label": "1", "text": "One.", "from": ["1"]}]})
    assert r.status_code == 201, r.text
    return slug


Call = Callable[[TestClient, Accounts, dict[str, str]], int]

CASES: dict[str, tuple[Call, dict[str, int]]] = {
    "POST /api/negotiations": (
        lambda api, p, h: api.post("/api/negotiations", headers=h,
                                   json={"slug": f"neg-{next(_n)}", "title": "A new one"}).status_code,
        {"fac": 201, "other_fac": 403}),
    "POST /api/rounds": (
        lambda api, p, h: api.post("/api/rounds", headers=h, json={
            "slug": f"r-{next(_n)}", "title": "t", "base": BASE,
            "deadline": (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).isoformat()}).status_code,
        {"fac": 201}),
    "PATCH /api/rounds/{slug}": (
        lambda api, p, h: api.patch(f"/api/rounds/{_round(api, p)}", headers=h, json={"title": "new"}).status_code,
        {"fac": 200}),
    "POST /api/rounds/{slug}/close": (
        lambda api, p, h: api.post(f"/api/rounds/{_round(api, p)}/close", headers=h).status_code,
        {"fac": 200}),
    "POST /api/rounds/{slug}/publish": (
        lambda api, p, h: api.post(f"/api/rounds/{_round(api, p)}/publish", headers=h).status_code,
        {"fac": 200}),
    "POST /api/rounds/{slug}/inputs (own delegation)": (
        lambda api, p, h: api.post(f"/api/rounds/{_round(api, p)}/inputs", headers=h, json={
            "label": "12", "kind": "comment", "rationale": "r", "delegation": "usa" if "usa" in str(h) else None
        }).status_code,
        {"eu": 201, "usa": 201, "fac": 422}),
    "POST /api/rounds/{slug}/inputs (for the EU)": (
        lambda api, p, h: api.post(f"/api/rounds/{_round(api, p)}/inputs", headers=h, json={
            "label": "12", "kind": "comment", "rationale": "r", "delegation": "eu"}).status_code,
        {"eu": 201, "fac": 201}),
    "PUT /api/inputs/{id} (the EU's)": (
        lambda api, p, h: api.put(f"/api/inputs/{_eu_input(api, p)}", headers=h,
                                  json={"revision": 1, "rationale": "changed"}).status_code,
        {"eu": 200, "fac": 200}),
    "DELETE /api/inputs/{id} (the EU's)": (
        lambda api, p, h: api.delete(f"/api/inputs/{_eu_input(api, p)}", headers=h).status_code,
        {"eu": 200, "fac": 200}),
    "POST /api/documents": (
        lambda api, p, h: api.post("/api/documents", headers=h, json={
            "slug": f"d-{next(_n)}", "title": "t", "date": "2010-09-01", "base": BASE,
            "paragraphs": [{"label": "1", "text": "One.", "from": ["1"]}]}).status_code,
        {"fac": 201}),
    "PUT /api/documents/{slug}/paragraphs": (
        lambda api, p, h: api.put(f"/api/documents/{_workbench_draft(api, p)}/paragraphs", headers=h, json={
            "paragraphs": [{"label": "1", "text": "Uno.", "from": ["1"]}]}).status_code,
        {"fac": 200}),
    "POST /api/documents/{slug}/publish": (
        lambda api, p, h: api.post(f"/api/documents/{_workbench_draft(api, p)}/publish", headers=h).status_code,
        {"fac": 200}),
}


def _expected(allowed: dict[str, int], actor: str) -> int:
    if actor in allowed:
        return allowed[actor]
    return 401 if actor == "anonymous" else 403


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("endpoint", list(CASES))
def test_authorization_matrix(endpoint: str, actor: str, api: TestClient, people: Accounts) -> None:
    call, allowed = CASES[endpoint]
    expected = _expected(allowed, actor)
    if endpoint.startswith(("PATCH /api/rounds", "POST /api/rounds/{slug}/close", "POST /api/rounds/{slug}/publish",
                            "PUT /api/documents", "POST /api/documents/{slug}")) and actor == "other_fac":
        expected = 403
    assert call(api, people, _headers(people, actor)) == expected


def test_an_unknown_or_revoked_token_is_refused(api: TestClient, people: Accounts, loaded_url: str) -> None:
    from sqlmodel import Session

    from app.db import make_engine
    from app.services import accounts

    assert api.get("/api/audit", headers={"Authorization": "Bearer stm_nope"}).status_code == 401
    engine = make_engine(loaded_url)
    with Session(engine) as s:
        accounts.add_user(s, name="revoked_fac", role="facilitator")
        token = accounts.create_token(s, name="revoked_fac")
        assert api.get("/api/audit", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        accounts.revoke_tokens(s, token_or_prefix=token)
    engine.dispose()
    assert api.get("/api/audit", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert api.get("/api/audit", headers={"Authorization": "Basic abc"}).status_code == 401


def test_a_delegation_cannot_read_another_delegations_unpublished_input(api: TestClient, people: Accounts) -> None:
    eu_input = _eu_input(api, people)
    assert api.get(f"/api/inputs/{eu_input}", headers=people.headers("usa")).status_code == 404
    assert api.get(f"/api/inputs/{eu_input}/revisions", headers=people.headers("usa")).status_code == 404
    assert api.get(f"/api/inputs/{eu_input}").status_code == 404
    assert api.get(f"/api/inputs/{eu_input}", headers=people.headers("reader")).status_code == 404
    assert api.get(f"/api/inputs/{eu_input}", headers=people.headers("eu")).status_code == 200
    assert api.get(f"/api/inputs/{eu_input}", headers=people.headers("fac")).status_code == 200
