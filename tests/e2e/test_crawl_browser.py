"""No page scrolls sideways on a phone: every page of the crawl, in Chromium at 390 px.

The URLs are the ones tests/test_crawl.py follows (tests/crawling.py, one crawl for both): every
HTML page reachable from the home page as an anonymous reader, about 1,360 of them (the JSON twins
the crawl also follows are not pages). All of them are opened, not a sample of each kind of page:
measured on this 2-core machine, Chromium loads and lays one out in about 0.08-0.1 s, so the whole
test takes about three minutes, the crawl's own minute included, which a suite run can afford, and
a sample would leave the one odd page (a long unbroken word in one input) to be found by a reader.

A reader signed in sees pages no anonymous link reaches: the round, the submission form, an input
and its revision form, the workbench, the imports and the audit log are opened signed in as a
facilitator and as a delegation member; and the error pages (404, 422, the refused comparison of a
delegation with itself) as anyone.

What overflows is named in the failure: the page, its width, and the last elements past 390 px.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from tests.conftest import Accounts
from tests.crawling import crawl
from tests.e2e.chromium import ARTIFACTS
from tests.e2e.conftest import PHONE, sign_in
from tests.live import serving

pytestmark = pytest.mark.browser
PASSWORD = "crawl tests password"
JULY, TABLE = "2010-07-19-draft", "2010-05-18-table-of-inputs"
ROUND = "phone-round"

WIDEST = f"""() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > {PHONE + 1}).slice(-3).map(e => e.tagName + '.' + e.className)"""

ERROR_PAGES = {
    "/documents/no-such-draft": 404,
    f"/documents/{JULY}/999": 404,
    f"/compilations/{TABLE}?uptake=bogus": 422,
    "/delegations/eu/vs/eu": 422,
    "/no/such/page": 404,
}


@pytest.fixture(scope="module")
def site(loaded_url: str) -> Iterator[tuple[str, Accounts, int]]:
    """A server on a database of this module's own, with a facilitator, an EU member, an open round
    and one input in it (the write pages need them)."""
    people = Accounts(loaded_url)
    people.add("fac", "facilitator", password=PASSWORD)
    people.add("eu", "delegation", "eu", password=PASSWORD)
    with serving(loaded_url) as base:
        r = httpx.post(f"{base}/api/rounds", headers=people.headers("fac"),
                       json={"slug": ROUND, "title": "Comments on the July draft", "base": JULY,
                             "deadline": "2099-01-01T00:00:00+00:00"})
        assert r.status_code == 201, r.text
        made = httpx.post(f"{base}/api/rounds/{ROUND}/inputs", headers=people.headers("eu"), json={
            "label": "13", "kind": "replace", "text": "Strengthen cooperation with civil society " + "x" * 300 + "."})
        assert made.status_code == 201, made.text
        yield base, people, made.json()["id"]


def overflowing(page, base: str, urls: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for url in urls:
        page.goto(base + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE:  # only then the walk over every element, to name the widest
            out.append(f"{url}: {width} px ({', '.join(page.evaluate(WIDEST))})")
    return out


def test_no_page_of_the_crawl_scrolls_sideways_at_390_px(open_page, site, loaded_url: str) -> None:  # type: ignore[no-untyped-def]
    from app.main import create_app

    base, _, _ = site
    with TestClient(create_app(Settings(database_url=loaded_url))) as client:
        found = crawl(client)
    assert len(found.html) > 1000, len(found.html)  # the crawl reached the site, not a login wall
    page = open_page(PHONE, 844)
    wide = overflowing(page, base, found.html)
    assert not wide, f"{len(wide)} of {len(found.html)} pages scroll sideways at {PHONE} px:\n" + "\n".join(wide)


def test_error_pages_fit_a_phone(open_page, site) -> None:  # type: ignore[no-untyped-def]
    base, _, _ = site
    for url, status in ERROR_PAGES.items():
        assert httpx.get(base + url).status_code == status, url
    page = open_page(PHONE, 844)
    wide = overflowing(page, base, list(ERROR_PAGES))
    assert not wide, wide
    page.goto(base + "/no/such/page")
    page.screenshot(path=str(ARTIFACTS / f"error-404-{PHONE}.png"))


@pytest.mark.parametrize("who", ["fac", "eu"])
def test_write_pages_fit_a_phone_signed_in(open_page, site, who: str) -> None:  # type: ignore[no-untyped-def]
    base, _, input_id = site
    page = open_page(PHONE, 844)
    sign_in(page, base, who, PASSWORD)
    urls = ["/", f"/rounds/{ROUND}", f"/inputs/{input_id}", "/negotiations"]
    if who == "eu":
        urls += [f"/rounds/{ROUND}/submit", f"/inputs/{input_id}/revise"]
    else:
        urls += [f"/workbench/new?base={JULY}", f"/rounds/{ROUND}/import-docx", "/documents/import", "/audit"]
        page.goto(f"{base}/workbench/new?base={JULY}")
        page.fill("#w-slug", f"phone-draft-{who}")
        page.fill("#w-title", "Draft of October 2010")
        page.fill("#w-date", "2010-10-01")
        page.get_by_role("button", name="Start composing").click()
        page.wait_for_url(f"**/workbench/phone-draft-{who}")
        urls += [f"/workbench/phone-draft-{who}", f"/workbench/phone-draft-{who}?at=13"]
    for url in urls:  # each answers, signed in, before its width is worth measuring
        assert page.goto(base + url).status == 200, url  # type: ignore[union-attr]
    wide = overflowing(page, base, urls)
    page.goto(base + urls[-1])
    page.screenshot(path=str(ARTIFACTS / f"write-{who}-{PHONE}.png"))
    assert not wide, wide
