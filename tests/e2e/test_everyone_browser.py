"""Issue 11, "everyone", in a real browser: the legend, phones (390 px), the API docs offline.

Playwright drives Debian's Chromium against a real `stemma serve`. Screenshots of the main pages
at 1366 and 390 px go to test-artifacts/ for a person to look at; the assertions are on what the
browser laid out (scroll widths, visible elements), not on the pictures.
"""

from __future__ import annotations


import httpx
import pytest

from tests.e2e.chromium import ARTIFACTS

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"

MAIN_PAGES = {
    "home": "/",
    "document": f"/documents/{JULY}",
    "paragraph": f"/documents/{JULY}/42",
    "paragraph-ancestor-inputs": f"/documents/{JULY}/PP13",
    "compare": f"/compare/{FIRST}/{JULY}",
    "delegation-eu": "/delegations/eu",
    "eu-vs-usa": "/delegations/eu/vs/usa",
    "compilation": f"/compilations/{TABLE}",
    "contention": "/contention",
    "alignment": "/alignment",
    "search": "/search?q=trust+fund",
}

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_no_main_page_scrolls_sideways_on_a_phone(open_page, server: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """390 px is a common phone's width; before this work search was 893 px wide, contention 699,
    EU vs USA 591, the Table of Inputs 432, compare 416."""
    for width in (1366, 390):
        page = open_page(width)
        try:
            page.goto(server + MAIN_PAGES[name])
            page.screenshot(path=str(ARTIFACTS / f"everyone-{name}-{width}.png"))
            if width == 390:
                scroll = page.evaluate("document.documentElement.scrollWidth")
                widest = page.evaluate("""() => [...document.querySelectorAll('main *')]
                    .filter(e => e.getBoundingClientRect().right > 391).slice(0, 3)
                    .map(e => e.tagName + '.' + e.className)""")
                assert scroll <= 390, (name, scroll, widest)
        finally:
            page.context.close()


@pytest.mark.parametrize("path", [f"/compare/{FIRST}/{JULY}", f"/documents/{JULY}/42", "/delegations/eu",
                                  f"/compilations/{TABLE}?section=preamble", "/delegations/eu/vs/usa",
                                  f"/rounds/{TABLE}"])
def test_the_legend_is_on_pages_with_redlines(open_page, server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(1366)
    try:
        page.goto(server + path)
        legend = page.get_by_role("complementary", name="Legend")
        assert legend.count() == 1 and legend.is_visible()
        # after the page's heading, in the document and on the screen: the page says what it is first
        after = page.evaluate("""() => { const h = document.querySelector('main h1'), l = document.querySelector('aside.legend');
            return [!!(h.compareDocumentPosition(l) & Node.DOCUMENT_POSITION_FOLLOWING),
                    l.getBoundingClientRect().top >= h.getBoundingClientRect().bottom]; }""")
        assert after == [True, True], (path, after)
        assert legend.locator("del").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
        assert legend.locator("ins").evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
        outcomes = legend.locator("details.outcomes")
        if outcomes.count():
            outcomes.locator("summary").click()
            assert legend.get_by_text("partial · 49%").is_visible()
    finally:
        page.context.close()


def test_authorship_is_shown_as_tints_with_a_key(open_page, server: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(1366)
    try:
        page.goto(server + f"/documents/{JULY}/42#blame")
        first = page.locator(f'.blame .b[data-doc="{FIRST}"]').first
        july = page.locator(f'.blame .b[data-doc="{JULY}"]').first
        tint = "e => getComputedStyle(e).backgroundColor"
        assert first.evaluate(tint) != july.evaluate(tint) != "rgba(0, 0, 0, 0)"
        assert page.locator(".blame sup").count() == 0
        assert page.locator(".blame-key li").count() == 3  # two drafts and the dotted "carried" mark
        page.locator("#blame").screenshot(path=str(ARTIFACTS / "everyone-blame.png"))
    finally:
        page.context.close()


@pytest.mark.parametrize("path,operation", [("/docs", ".opblock"), ("/redoc", "[data-section-id^='operation/']")])
def test_api_docs_render_with_the_network_blocked(open_page, server: str, path: str, operation: str) -> None:  # type: ignore[no-untyped-def]
    """Only the app's own origin answers; everything else is aborted, as on a laptop with no network."""
    operations = sum(len(methods) for methods in httpx.get(server + "/openapi.json").json()["paths"].values())
    page = open_page(1366)
    asked_elsewhere: list[str] = []

    def only_the_app(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(server):
            route.continue_()
        else:
            asked_elsewhere.append(route.request.url)
            route.abort()

    try:
        page.route("**/*", only_the_app)
        page.goto(server + path)
        page.locator(operation).first.wait_for()
        assert page.locator(operation).count() == operations
        assert asked_elsewhere == []
        page.screenshot(path=str(ARTIFACTS / f"everyone-api{path.replace('/', '-')}.png"))
    finally:
        page.context.close()
