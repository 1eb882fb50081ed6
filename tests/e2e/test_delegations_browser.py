"""A delegate's pages in Chromium at a laptop's width (1366 px) and a phone's (390 px).

Screenshots of the delegation page and the EU vs USA page at both widths go to test-artifacts/
for a person to look at; what a browser can check is asserted: nothing scrolls sideways, the
filter form round-trips through the URL and keeps its values, the fold opens on the curators'
notes.
"""

from __future__ import annotations

import pytest

from tests.e2e.chromium import ARTIFACTS

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
PAGES = {"delegation-eu": "/delegations/eu", "versus-eu-usa": "/delegations/eu/vs/usa",
         "delegation-usa-filtered": "/delegations/usa?outcome=partial&section=annex-ii",
         "versus-both-commented": "/delegations/eu/vs/usa?both=true", "delegations": "/delegations", "home": "/"}


@pytest.mark.parametrize("size", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_delegation_pages_fit_the_screen(page, server: str, name: str, size: str) -> None:  # type: ignore[no-untyped-def]
    width, height = WIDTHS[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(server + PAGES[name])
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=False)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"{PAGES[name]} scrolls sideways at {width} px: {overflow} px wide"


def test_outcome_filter_round_trips_through_the_url(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/delegations/eu")
    page.select_option("#f-outcome", "partial")
    page.select_option("#f-section", "annex-ii")
    page.click(".deleg-filter button[type=submit]")
    page.wait_for_url("**/delegations/eu?outcome=partial&section=annex-ii")
    assert page.input_value("#f-outcome") == "partial" and page.input_value("#f-section") == "annex-ii"
    outcomes = page.eval_on_selector_all("article.outcome-card", "els => els.map(e => e.dataset.outcome)")
    assert outcomes and set(outcomes) == {"partial"}
    assert f"Showing {len(outcomes)} of" in page.inner_text("#shown")


def test_the_fold_holds_the_curators_reading(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(server + "/delegations/usa#input-usa-pp6-1")
    card = page.locator("#input-usa-pp6-1")
    note = card.locator("details.reading li", has_text="needs a person")
    assert not note.is_visible()
    assert card.get_by_text("We could not apply this instruction").is_visible()
    card.locator("details.reading summary").click()
    assert note.is_visible()
    card.screenshot(path=str(ARTIFACTS / "input-card-fold-open.png"))


def test_both_commented_checkbox(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(server + "/delegations/eu/vs/usa")
    page.check("#f-both")
    page.click(".versus-summary form button[type=submit]")
    page.wait_for_url("**/delegations/eu/vs/usa?both=true")
    assert page.is_checked("#f-both")
    assert page.locator("tr.vs-row").count() == page.locator("tr.vs-row.both").count() == 27


def test_each_stacked_versus_cell_names_its_delegation_on_a_phone(open_page, server: str) -> None:  # type: ignore[no-untyped-def]
    """At 390 px the EU vs USA table stacks: the column headers are gone from the screen, so each cell
    says whose it is ("EU", "USA") above its cards or its "No input."."""
    page = open_page(390, 844)
    page.goto(server + "/delegations/eu/vs/usa")
    cells = page.evaluate("""() => [...document.querySelectorAll('table.versus tbody td')].map(td => {
        const label = getComputedStyle(td, '::before'), first = td.firstElementChild;
        return {side: td.dataset.side, content: label.content, display: label.display,
                room: first ? first.getBoundingClientRect().top - td.getBoundingClientRect().top : 0,
                empty: td.innerText.trim() === 'No input.'};
    })""")
    names = {h.strip() for h in page.locator("table.versus thead th").all_inner_texts()[1:]}
    assert len(cells) > 40 and {c["side"] for c in cells} == names
    assert any(c["empty"] for c in cells)  # the cells the issue is about: "No input." with no owner
    for c in cells:
        assert c["content"] == f'"{c["side"]}"' and c["display"] == "block", c
        assert c["room"] >= 10, c  # the label takes a line of its own above the cell's content
    page.locator("table.versus tbody tr td[data-side] > .muted").first.locator("xpath=ancestor::tr").screenshot(
        path=str(ARTIFACTS / "versus-eu-usa-cells-390.png"))
    wide = open_page(1366)
    wide.goto(server + "/delegations/eu/vs/usa")  # side by side, the column headers say it: no label
    assert wide.evaluate("getComputedStyle(document.querySelector('table.versus tbody td'), '::before').content") == "none"
