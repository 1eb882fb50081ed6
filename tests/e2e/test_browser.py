"""Browser tests: Playwright driving Debian's Chromium against the real server.

Screenshots go to test-artifacts/ (looked at by a person; not asserted on). Without
Chromium these tests are skipped with the reason shown, except in CI, where they fail.
"""

from __future__ import annotations


import pytest

from tests.e2e.chromium import ARTIFACTS

pytestmark = pytest.mark.browser


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_home_to_a_paragraph_lineage(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    shot(page, "01-home")
    page.locator("#neg-h + ul").get_by_role("link", name="Global Plan of Action").first.click()
    page.wait_for_url("**/negotiations/2010-global-plan-of-action")
    assert "Table of Inputs on First Draft" in page.locator("#rounds-h + table").inner_text()
    page.get_by_role("link", name="DRAFT (19 July 2010)").first.click()
    page.wait_for_url("**/documents/2010-07-19-draft")
    page.goto(server + "/documents/2010-07-19-draft/42")
    lineage = page.locator("#lineage .version")
    assert lineage.count() >= 7
    page.locator("#lineage").get_by_role("link", name="43 of the draft of 16 April 2010").click()
    page.wait_for_url("**/documents/2010-04-16-first-draft/43")
    assert "merged into" in page.locator("#lineage").inner_text().lower()
    shot(page, "02-paragraph-lineage")


def test_toggle_side_by_side_and_inline(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/compare/2010-04-16-first-draft/2010-07-19-draft?changed_only=true")
    assert page.locator(".redline.side-by-side").count() > 10
    shot(page, "03-compare-side-by-side")
    page.locator("#toggle-view").click()
    page.wait_for_url("**view=inline**")
    assert page.locator(".redline.inline").count() > 10 and page.locator(".redline.side-by-side").count() == 0
    assert page.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert page.locator("ins").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    shot(page, "04-compare-inline")


def test_delegation_positions_by_keyboard(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/delegations")
    link = page.get_by_role("link", name="Japan")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/delegations/japan")
    assert "What became of its" in page.locator("main").inner_text()
    assert page.locator("article.input").count() > 30
    shot(page, "05-delegation-japan")
    page.select_option("#other", "usa")
    page.get_by_role("button", name="Side by side").click()
    page.wait_for_url("**/delegations/japan/vs/usa")
    shot(page, "06-japan-vs-usa")


def test_search_from_the_header(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/")
    page.fill("#site-q", "trust fund")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=trust+fund**")
    assert page.locator("ol.hits li").count() >= 3
    assert page.locator("ol.hits mark").count() >= 3
    shot(page, "07-search")


def test_skip_link_is_first_in_tab_order(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/contention")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    shot(page, "08-contention")
