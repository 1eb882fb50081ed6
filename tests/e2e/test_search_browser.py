"""The search page in Debian's Chromium: a phrase in quotes, the section list, a phone's width.

Screenshots at 1366 and 390 px go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re

import httpx
import pytest

from tests.e2e.chromium import ARTIFACTS

PHONE, DESKTOP = 390, 1366
FIRST = "2010-04-16-first-draft"

pytestmark = pytest.mark.browser


def test_search_with_quotes_finds_the_phrase(open_page, server: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(DESKTOP)
    page.goto(server + "/search")
    page.fill("#q", "national action plans")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=national+action+plans**")
    apart = int(re.match(r"(\d+) hits?", page.locator("p.meta[role=status]").inner_text()).group(1))  # type: ignore[union-attr]
    page.fill("#q", '"national action plans"')
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=%22national+action+plans%22**")
    status = page.locator("p.meta[role=status]").inner_text()
    together = int(re.match(r"(\d+) hits?", status).group(1))  # type: ignore[union-attr]
    assert 0 < together < apart
    assert page.locator("ol.hits > li").count() == together  # fewer than a page
    # Each hit shows the phrase marked as one piece: the three words together, in order.
    marks = [m.lower() for m in page.locator("ol.hits mark").all_inner_texts()]
    assert marks and all(re.fullmatch(r"national\s+action\s+plans?", m) for m in marks), marks
    page.screenshot(path=str(ARTIFACTS / f"search-phrase-{DESKTOP}.png"))


def test_search_page_does_not_scroll_sideways_on_a_phone(open_page, server: str) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: the search page was 893 px wide at 390 (the section titles widened the selects)."""
    for width in (PHONE, DESKTOP):
        page = open_page(width)
        for name, query in (("results", "q=victims+OR+survivors"), ("none", "q=non-punishment"),
                            ("section", f"q=victims&section={FIRST}:annex-ii")):
            page.goto(f"{server}/search?{query}")
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
            page.screenshot(path=str(ARTIFACTS / f"search-{name}-{width}.png"))
        if width == PHONE:
            page.goto(f"{server}/search?q=non-punishment")
            assert page.get_by_role("link", name="punishment", exact=True).is_visible()
            assert "No results for “non-punishment”" in page.locator(".no-results").inner_text()


def test_the_section_list_follows_the_document(open_page, server: str) -> None:  # type: ignore[no-untyped-def]
    page = open_page(DESKTOP)
    page.goto(server + "/search?q=victims")
    sections = page.locator("#s-section optgroup")
    everywhere = sections.count()
    assert everywhere > 1
    page.select_option("#s-document", FIRST)
    shown = page.locator("#s-section optgroup:not([hidden])")
    assert shown.count() == 1 and shown.get_attribute("data-document") == FIRST
    # Choosing a section and searching keeps both, and every hit is in that section of that document.
    page.select_option("#s-section", f"{FIRST}:annex-ii")
    page.click("form.search-form button[type=submit]")
    page.wait_for_url(f"**section={FIRST}%3Aannex-ii**")
    assert page.locator("#s-document").input_value() == FIRST
    where = page.locator("ol.hits .hit-where").all_inner_texts()
    api = httpx.get(f"{server}/api/search", params={"q": "victims", "section": f"{FIRST}:annex-ii"}).json()
    title = api["hits"][0]["section_title"]
    assert where and all(w.endswith(title) for w in where)
    assert re.match(rf"{api['total']} hits", page.locator("p.meta[role=status]").inner_text())
