"""A delegate's pages in Chromium at a laptop's width (1366 px) and a phone's (390 px).

Screenshots of the delegation page and the EU vs USA page at both widths go to test-artifacts/
for a person to look at; what a browser can check is asserted: nothing scrolls sideways, the
filter form round-trips through the URL and keeps its values, the fold opens on the curators'
notes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.e2e.test_browser import ARTIFACTS, CHROMIUM, FLAGS
from tests.live import serving

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
PAGES = {"delegation-eu": "/delegations/eu", "versus-eu-usa": "/delegations/eu/vs/usa",
         "delegation-usa-filtered": "/delegations/usa?outcome=partial&section=annex-ii"}


@pytest.fixture(scope="module")
def server(db_url: str) -> Iterator[str]:
    with serving(db_url) as base:
        yield str(base)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
        pytest.skip("Chromium is not installed: apt-get install chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS,
                              env={**os.environ, "HOME": str(tmp_path_factory.mktemp("chrome-home"))})
        yield b
        b.close()


def _page(browser, width: int, height: int):  # type: ignore[no-untyped-def]
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.set_default_timeout(30_000)
    return page


@pytest.mark.parametrize("size", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_delegation_pages_fit_the_screen(browser, server: str, name: str, size: str) -> None:  # type: ignore[no-untyped-def]
    width, height = WIDTHS[size]
    page = _page(browser, width, height)
    try:
        page.goto(server + PAGES[name])
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=False)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{PAGES[name]} scrolls sideways at {width} px: {overflow} px wide"
    finally:
        page.context.close()


def test_outcome_filter_round_trips_through_the_url(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = _page(browser, 390, 844)
    try:
        page.goto(server + "/delegations/eu")
        page.select_option("#f-outcome", "partial")
        page.select_option("#f-section", "annex-ii")
        page.click(".deleg-filter button[type=submit]")
        page.wait_for_url("**/delegations/eu?outcome=partial&section=annex-ii")
        assert page.input_value("#f-outcome") == "partial" and page.input_value("#f-section") == "annex-ii"
        outcomes = page.eval_on_selector_all("article.outcome-card", "els => els.map(e => e.dataset.outcome)")
        assert outcomes and set(outcomes) == {"partial"}
        assert f"Showing {len(outcomes)} of" in page.inner_text("#shown")
    finally:
        page.context.close()


def test_the_fold_holds_the_curators_reading(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = _page(browser, 1366, 900)
    try:
        page.goto(server + "/delegations/usa#input-usa-pp6-1")
        card = page.locator("#input-usa-pp6-1")
        note = card.locator("details.reading li", has_text="needs a person")
        assert not note.is_visible()
        assert card.get_by_text("We could not apply this instruction").is_visible()
        card.locator("details.reading summary").click()
        assert note.is_visible()
        card.screenshot(path=str(ARTIFACTS / "input-card-fold-open.png"))
    finally:
        page.context.close()


def test_both_commented_checkbox(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    page = _page(browser, 1366, 900)
    try:
        page.goto(server + "/delegations/eu/vs/usa")
        page.check("#f-both")
        page.click(".versus-summary form button[type=submit]")
        page.wait_for_url("**/delegations/eu/vs/usa?both=true")
        assert page.is_checked("#f-both")
        assert page.locator("tr.vs-row").count() == page.locator("tr.vs-row.both").count() == 27
    finally:
        page.context.close()
