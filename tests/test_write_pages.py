"""The write side in HTML: signing in, CSRF on every form, and untrusted text shown as text.

Browsers post forms with a session cookie; a form (or a cookie-authenticated API call) that does
not carry the session's CSRF token is refused and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from tests.conftest import Accounts

BASE = "2010-07-19-draft"
PASSWORD = "a long enough password"
SCRIPT = "<script>alert('owned')</script>"
IMG = '<img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def people(loaded_url: str) -> Accounts:
    a = Accounts(loaded_url)
    a.add("fac", "facilitator", password=PASSWORD)
    a.add("eu", "delegation", "eu", password=PASSWORD)
    a.add("usa", "delegation", "usa", password=PASSWORD)
    return a


@pytest.fixture(scope="module")
def app(loaded_url: str):  # type: ignore[no-untyped-def]
    from app.main import create_app

    return create_app(Settings(database_url=loaded_url))


def browser(app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, follow_redirects=False)


def sign_in(app, name: str) -> tuple[TestClient, str]:  # type: ignore[no-untyped-def]
    """A browser signed in as `name`, and its session's CSRF token (read from a page, as a form would)."""
    c = browser(app)
    form = c.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    r = c.post("/login", data={"name": name, "password": PASSWORD, "csrf_token": token, "next": "/"})
    assert r.status_code == 303, r.text
    page = c.get("/negotiations").text
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return c, csrf


def audit_count(people: Accounts, app) -> int:  # type: ignore[no-untyped-def]
    return len(TestClient(app).get("/api/audit?limit=5000", headers=people.headers("fac")).json())


@pytest.fixture(scope="module")
def open_round(app, people: Accounts) -> str:  # type: ignore[no-untyped-def]
    deadline = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)).isoformat()
    r = TestClient(app).post("/api/rounds", headers=people.headers("fac"),
                             json={"slug": "html-round", "title": "HTML round", "base": BASE, "deadline": deadline})
    assert r.status_code == 201, r.text
    return "html-round"


def test_sign_in_sets_a_safe_session_cookie_and_sign_out_ends_it(app, people: Accounts) -> None:  # type: ignore[no-untyped-def]
    c = browser(app)
    form = c.get("/login?next=/negotiations").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    wrong = c.post("/login", data={"name": "eu", "password": "not it at all", "csrf_token": token})
    assert wrong.status_code == 401 and "wrong user name or password" in wrong.text
    ok = c.post("/login", data={"name": "eu", "password": PASSWORD, "csrf_token": token, "next": "/negotiations"})
    assert ok.status_code == 303 and ok.headers["location"] == "/negotiations"
    cookie = ok.headers["set-cookie"]
    assert "stemma_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    page = c.get("/negotiations").text
    assert "eu <span class=\"muted\">(delegation, European Union)</span>" in page  # its name, not its slug
    csrf = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert c.post("/logout", data={}).status_code == 403  # no token: refused, still signed in
    assert "Sign out" in c.get("/negotiations").text
    assert c.post("/logout", data={"csrf_token": csrf}).status_code == 303
    assert "Sign in" in c.get("/negotiations").text


def test_an_offsite_redirect_after_sign_in_is_refused(app, people: Accounts) -> None:  # type: ignore[no-untyped-def]
    c = browser(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
    r = c.post("/login", data={"name": "eu", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/x"})
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_sign_in_without_the_forms_token_is_refused(app, people: Accounts) -> None:  # type: ignore[no-untyped-def]
    c = browser(app)
    assert c.post("/login", data={"name": "eu", "password": PASSWORD}).status_code == 403
    c.get("/login")
    assert c.post("/login", data={"name": "eu", "password": PASSWORD, "csrf_token": "forged"}).status_code == 403


def test_sign_in_attempts_are_rate_limited(app, people: Accounts) -> None:  # type: ignore[no-untyped-def]
    TestClient(app)  # the app's own client is not needed: a browser from one address
    c = browser(app)
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)  # type: ignore[union-attr]
    codes = [c.post("/login", data={"name": "usa", "password": f"guess number {n}", "csrf_token": token}).status_code
             for n in range(6)]
    assert codes == [401] * 5 + [429]
    again = c.post("/login", data={"name": "usa", "password": PASSWORD, "csrf_token": token})
    assert again.status_code == 429 and int(again.headers["retry-after"]) > 0  # even the right password waits


FORMS = [
    ("/negotiations", {"slug": "n-csrf", "title": "t"}),
    ("/rounds", {"slug": "r-csrf", "title": "t", "base": BASE, "deadline": "2099-01-01T00:00:00+00:00"}),
    ("/rounds/html-round/submit", {"label": "12", "kind": "comment", "rationale": "x", "delegation": "eu"}),
    ("/rounds/html-round/close", {}),
    ("/rounds/html-round/publish", {}),
    ("/workbench", {"base": BASE, "slug": "w-csrf", "title": "t", "date": "2010-09-01"}),
    ("/logout", {}),
]


@pytest.mark.parametrize(("url", "data"), FORMS)
@pytest.mark.parametrize("token", [None, "forged"])
def test_every_form_refuses_a_post_without_the_csrf_token(app, people: Accounts, open_round: str, url: str,  # type: ignore[no-untyped-def]
                                                          data: dict[str, str], token: str | None) -> None:
    c, _ = sign_in(app, "fac")
    before = audit_count(people, app)
    r = c.post(url, data={**data, **({"csrf_token": token} if token else {})})
    assert r.status_code == 403, (url, r.status_code, r.text[:200])
    assert audit_count(people, app) == before


def test_input_and_workbench_forms_refuse_a_post_without_the_csrf_token(app, people: Accounts,  # type: ignore[no-untyped-def]
                                                                        open_round: str) -> None:
    c, csrf = sign_in(app, "eu")
    made = c.post(f"/rounds/{open_round}/submit", data={"label": "12", "kind": "comment", "rationale": "ours",
                                                        "csrf_token": csrf})
    assert made.status_code == 303
    input_url = made.headers["location"]
    before = audit_count(people, app)
    assert c.post(input_url, data={"revision": "1", "kind": "comment", "rationale": "changed"}).status_code == 403
    assert c.post(f"{input_url}/withdraw", data={"csrf_token": "forged"}).status_code == 403
    fac, fac_csrf = sign_in(app, "fac")
    started = fac.post("/workbench", data={"base": BASE, "slug": "csrf-draft", "title": "t", "date": "2010-09-01",
                                           "csrf_token": fac_csrf})
    assert started.status_code == 303
    before = audit_count(people, app)
    assert fac.post("/workbench/csrf-draft/paragraphs/1", data={"action": "delete"}).status_code == 403
    assert fac.post("/workbench/csrf-draft/publish", data={}).status_code == 403
    assert audit_count(people, app) == before


def test_a_cookie_authenticated_api_write_needs_the_csrf_header(app, people: Accounts,  # type: ignore[no-untyped-def]
                                                                open_round: str) -> None:
    c, csrf = sign_in(app, "eu")
    body = {"label": "12", "kind": "comment", "rationale": "via the page's script"}
    assert c.post(f"/api/rounds/{open_round}/inputs", json=body).status_code == 403
    r = c.post(f"/api/rounds/{open_round}/inputs", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201 and r.json()["delegation"] == "eu"


def test_submitted_markup_is_text_on_every_page_and_in_every_json_field(app, people: Accounts) -> None:  # type: ignore[no-untyped-def]
    api = TestClient(app)
    deadline = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=2)).isoformat()
    api.post("/api/rounds", headers=people.headers("fac"),
             json={"slug": "xss-round", "title": f"Round {SCRIPT}", "base": BASE, "deadline": deadline})
    made = api.post("/api/rounds/xss-round/inputs", headers=people.headers("eu"), json={
        "label": "12", "kind": "replace", "text": f"Strengthen {SCRIPT} cooperation {IMG}", "rationale": IMG})
    assert made.status_code == 201, made.text
    iid = made.json()["id"]
    assert api.post("/api/rounds/xss-round/publish", headers=people.headers("fac")).status_code == 200
    c, _ = sign_in(app, "fac")
    pages = ["/rounds/xss-round", "/compilations/xss-round", "/delegations/eu", f"/documents/{BASE}/12",
             f"/inputs/{iid}", "/search?q=strengthen+cooperation", "/audit", "/contention?round=xss-round",
             "/negotiations/2010-global-plan-of-action"]
    for url in pages:
        html = c.get(url).text
        assert SCRIPT not in html and "<img src=x" not in html, url
    assert "&lt;script&gt;" in c.get(f"/inputs/{iid}").text
    for url in (f"/api/inputs/{iid}", "/api/rounds/xss-round", "/api/compilations/xss-round"):
        body = api.get(url).text
        assert "Strengthen" in body  # the text is there, as data
    preview = api.post("/api/rounds/xss-round/preview", json={"label": "12", "kind": "replace", "text": SCRIPT})
    assert SCRIPT not in preview.json()["html_inline"] and "&lt;script&gt;" in preview.json()["html_inline"]
    hits = api.get("/api/search", params={"q": "strengthen cooperation", "document": BASE, "delegation": "eu",
                                          "size": 100}).json()["hits"]
    assert any(h["ref"].startswith("xss-round/") for h in hits)
    assert all("<script" not in str(h) and "<img" not in str(h) for h in hits)
