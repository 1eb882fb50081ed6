"""The Table of Inputs in Chromium, as a facilitator uses it: pick a paragraph, filter, open an input
from the grid, follow the record link, print. Counts are read from amendments/ with plain YAML.

Screenshots at 1366 and 390 px go to test-artifacts/ (looked at by a person; not asserted on).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.e2e.chromium import ARTIFACTS

ROOT = Path(__file__).resolve().parents[2]
TABLE = "2010-05-18-table-of-inputs"
PAGE = f"/compilations/{TABLE}"

pytestmark = pytest.mark.browser


def inputs_on(label: str) -> list[dict]:
    out = []
    for f in sorted((ROOT / "amendments" / TABLE).glob("*.yaml")):
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        out += [{**i, "delegation": d["delegation"]} for i in d.get("inputs", []) if str(i["target"]) == label]
    return out


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_a_facilitator_picks_paragraph_36_and_sees_its_13_inputs(page, server: str) -> None:  # type: ignore[no-untyped-def]
    expected = len(inputs_on("36"))
    page.goto(server + PAGE)
    with page.expect_navigation():
        page.select_option("#f-label", "36")  # the picker applies at once (compilation.js)
    assert "label=36" in page.url and "section=" not in page.url
    assert page.locator("table.compilation article.input").count() == expected == 13
    assert page.locator("table.compilation tbody tr").count() == 1
    # the form kept the choice, and the chip removes it
    assert page.locator("#f-label").input_value() == "36"
    page.get_by_role("link", name=re.compile("^Paragraph 36")).click()
    page.wait_for_load_state()
    assert "label=" not in page.url
    # a further filter combines with the paragraph, and a label typed in lower case finds PP1
    page.goto(server + PAGE + "?label=36&kind=comment")
    comments = [i for i in inputs_on("36") if i["kind"] == "comment"]
    assert page.locator("table.compilation article.input").count() == len(comments) > 0
    page.goto(server + PAGE + "?label=pp1")
    assert page.locator("tr#row-PP1").count() == 1


def test_the_grid_opens_an_input(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + PAGE + "?label=36")
    page.get_by_role("link", name="grid").click()
    page.wait_for_load_state()
    assert "view=grid" in page.url
    cells = page.locator("table.toi-grid a.g")
    assert cells.count() == 13
    japan = page.locator('table.toi-grid a.g[title^="Japan on 36"]').first
    japan.click()
    page.wait_for_load_state()
    assert re.search(r"/inputs/\d+$", page.url)
    opened = " ".join(page.locator("main").inner_text().split()).casefold()
    assert "japan" in opened and "paragraph 36" in opened
    said = [" ".join((i.get("text") or i.get("rationale") or "").split())[:60].casefold() for i in inputs_on("36")
            if i["delegation"] == "japan"]
    assert any(s and s in opened for s in said)  # one of Japan's two inputs on 36, as the record has it


def test_the_header_record_link_opens_and_pages(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + PAGE)
    with page.expect_navigation() as nav:
        page.locator("main > p.meta a.source").click()  # the compilation's own, in its header
    assert nav.value.status == 200
    assert page.locator("pre.source .line.cited").first.get_attribute("id") == "L1033"
    with page.expect_navigation() as nav:
        page.locator('nav.pager a[rel="next"]').first.click()
    assert nav.value.status == 200 and "start=1433" in page.url
    assert page.locator("pre.source .line.cited").first.get_attribute("id") == "L1433"


def test_headers_stay_on_screen(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + PAGE + "?section=annex-ii")
    row = page.locator("tr#row-36")
    row.scroll_into_view_if_needed()
    page.mouse.wheel(0, 600)  # into the middle of paragraph 36's inputs
    page.wait_for_timeout(200)
    head = page.locator("table.compilation thead th").first.bounding_box()
    base = page.locator("tr#row-36 .toi-base").bounding_box()
    row_box = row.bounding_box()
    assert row_box["y"] < 0  # the row began above the screen ...
    assert abs(head["y"]) <= 1  # ... yet the column headers are at its top
    assert head["y"] + head["height"] - 1 <= base["y"] < 120  # and paragraph 36's text right below them


def test_printing_a_paragraph_is_a_handful_of_pages(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + PAGE + "?label=36")
    page.emulate_media(media="print")
    for sel in ('a[href^="/api/compilations"]', "a.source", "#toi-filters", "nav.toi-tabs"):
        assert not any(page.locator(sel).nth(i).is_visible() for i in range(page.locator(sel).count())), sel
    one = pdf_pages(page.pdf(format="A4"))
    page.goto(server + PAGE + "?section=preamble")
    section = pdf_pages(page.pdf(format="A4"))
    page.goto(server + PAGE + "?all=1")
    whole = pdf_pages(page.pdf(format="A4"))
    print(f"printed pages: paragraph 36 {one}, preamble {section}, whole table {whole}")
    assert one <= 5
    assert section <= 10
    assert whole > 5 * section


@pytest.mark.parametrize("width", [1366, 390])
def test_screenshots_and_no_sideways_scroll(open_page, server: str, width: int) -> None:  # type: ignore[no-untyped-def]
    pg = open_page(width)
    for name, query in (("toi", ""), ("toi-paragraph-36", "?label=36"), ("toi-grid", "?section=annex-ii&view=grid"),
                        ("toi-all", "?all=1")):
        pg.goto(server + PAGE + query)
        if name != "toi-all":
            pg.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"))
        assert pg.evaluate("document.documentElement.scrollWidth") <= width, (name, width)
