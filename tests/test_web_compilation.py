"""The Table of Inputs as a facilitator works in it, through the real app on the seed corpus.

Expected counts are read from the curated files (amendments/, drafts/) with plain YAML here, not
from the service under test: what the page shows must agree with what the record holds.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

TABLE, FIRST = "2010-05-18-table-of-inputs", "2010-04-16-first-draft"
ROOT = Path(__file__).resolve().parents[1]
PAGE = f"/compilations/{TABLE}"


def record_inputs() -> list[dict]:
    """Every input of the 2010 table as curated, with its delegation (one file per delegation)."""
    out = []
    for f in sorted((ROOT / "amendments" / TABLE).glob("*.yaml")):
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        out += [{**i, "delegation": d["delegation"], "target": str(i["target"])} for i in d.get("inputs", [])]
    return out


def first_draft() -> dict:
    return yaml.safe_load((ROOT / "drafts" / f"{FIRST}.yaml").read_text(encoding="utf-8"))


def cards(page: str) -> list[str]:
    """The input cards of a page, each from its opening tag to the next card's."""
    return page.split('<article class="input ')[1:]


def rows(page: str) -> list[str]:
    return re.findall(r'<tr id="row-([^"]+)">', page)


def links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]


def test_paragraph_36_shows_its_13_inputs(client) -> None:  # type: ignore[no-untyped-def]
    expected = sum(1 for i in record_inputs() if i["target"] == "36")
    assert expected == 13  # the record's count, as the issue states it
    page = client.get(PAGE, params={"label": "36"}).text
    assert rows(page) == ["36"]
    assert len(cards(page)) == expected
    assert "<strong>Paragraph 36</strong>: 13 inputs" in " ".join(page.split())
    twin = client.get(f"/api{PAGE}", params={"label": "36"}).json()
    assert [r["label"] for r in twin["rows"]] == ["36"] and len(twin["rows"][0]["inputs"]) == expected


@pytest.mark.parametrize("typed", ["pp1", "Pp1", "PP1"])
def test_paragraph_labels_are_case_insensitive(client, typed: str) -> None:  # type: ignore[no-untyped-def]
    label = first_draft()["paragraphs"][0]["label"]  # the draft spells it "PP1"
    assert label == "PP1"
    assert rows(client.get(PAGE, params={"label": typed}).text) == [label]
    assert client.get(f"/api{PAGE}", params={"label": typed}).json()["filters"]["label"] == label


def test_an_unknown_paragraph_or_filter_value_is_said_so(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(PAGE, params={"label": "999"}).status_code == 404
    assert client.get(PAGE, params={"section": "annex-ix"}).status_code == 404
    assert client.get(f"/api{PAGE}", params={"section": "annex-ix"}).status_code == 404
    for name in ("kind", "stance", "uptake", "has_text"):
        assert client.get(PAGE, params={name: "nonsense"}).status_code == 422, name
        assert client.get(f"/api{PAGE}", params={name: "nonsense"}).status_code == 422, name


def test_the_page_shows_one_section_at_a_time_and_links_the_whole_table(client) -> None:  # type: ignore[no-untyped-def]
    draft = first_draft()
    first_section = draft["sections"][0]["key"]
    in_first = [p["label"] for p in draft["paragraphs"] if p["section"] == first_section]
    page = client.get(PAGE).text
    assert rows(page) == in_first
    assert len(cards(page)) == sum(1 for i in record_inputs() if i["target"] in in_first)
    assert f"{PAGE}?all=1" in links(page)
    whole = client.get(PAGE, params={"all": "1"}).text
    assert rows(whole) == [p["label"] for p in draft["paragraphs"]]
    assert len(cards(whole)) == len(record_inputs())


def test_a_section_page_is_a_small_fraction_of_the_whole_table(client) -> None:  # type: ignore[no-untyped-def]
    """Relative sizes, not times: what a reader loads is what is shown."""
    whole = len(client.get(PAGE, params={"all": "1"}).content)
    assert len(client.get(PAGE).content) < whole / 5
    assert len(client.get(PAGE, params={"label": "36"}).content) < whole / 20
    for s in first_draft()["sections"]:
        assert len(client.get(PAGE, params={"section": s["key"]}).content) < whole / 2, s["key"]


def test_section_tabs_name_the_sections_and_count_their_inputs(client) -> None:  # type: ignore[no-untyped-def]
    draft = first_draft()
    section_of = {p["label"]: p["section"] for p in draft["paragraphs"]}
    per_section = Counter(section_of[i["target"]] for i in record_inputs())
    page = client.get(PAGE, params={"section": "annex-ii"}).text
    tabs = page[page.index('<nav class="toi-tabs'):page.index("</nav>", page.index('<nav class="toi-tabs'))]
    for s in draft["sections"]:
        assert re.search(rf'href="{PAGE}\?section={s["key"]}"( aria-current="page")?>{re.escape(html.escape(s["title"]))}'
                         rf' <span class="count" aria-label="{per_section[s["key"]]} inputs">', tabs), s["key"]
    assert tabs.count('aria-current="page"') == 1 and 'section=annex-ii" aria-current="page"' in tabs


def test_filters_combine_and_each_shows_as_a_removable_chip(client) -> None:  # type: ignore[no-untyped-def]
    expected = [i for i in record_inputs() if i["delegation"] == "eu" and i["kind"] == "delete"]
    page = client.get(PAGE, params={"delegation": "eu", "kind": "delete"}).text
    shown = cards(page)
    assert len(shown) == len(expected) > 0
    assert all('href="/delegations/eu"' in c and '<span class="kind">delete' in c for c in shown)
    assert sorted(rows(page)) == sorted({i["target"] for i in expected})
    chips = page[page.index('<ul class="chips"'):]
    chips = chips[:chips.index("</ul>")]
    assert links(chips) == [f"{PAGE}?kind=delete", f"{PAGE}?delegation=eu"]  # each link drops its own filter
    # the form keeps what was chosen
    assert '<option value="eu" selected>' in page and "<option selected>delete</option>" in page


def test_text_and_outcome_filters(client) -> None:  # type: ignore[no-untyped-def]
    wordless = [i for i in record_inputs() if not (i.get("text") or "").strip()]
    page = client.get(PAGE, params={"has_text": "no", "all": "1"}).text
    assert len(cards(page)) == len(wordless) and "As submitted:" not in page
    adopted = client.get(PAGE, params={"uptake": "adopted", "all": "1"}).text
    assert cards(adopted) and all('class="badge uptake-adopted"' in c for c in cards(adopted))
    twin = client.get(f"/api{PAGE}", params={"uptake": "adopted", "has_text": "true"}).json()
    assert sum(len(r["inputs"]) for r in twin["rows"]) == len(cards(adopted))  # every adopted input proposes words
    assert {i["uptake"]["class"] for r in twin["rows"] for i in r["inputs"]} == {"adopted"}


def test_the_grid_opens_each_input(client) -> None:  # type: ignore[no-untyped-def]
    expected = {i["delegation"] for i in record_inputs() if i["target"] == "36"}
    page = client.get(PAGE, params={"label": "36", "view": "grid"}).text
    cells = re.findall(r'<a class="g uptake-([a-z_]+)" href="(/inputs/\d+)" title="([^"]+)">', page)
    assert len(cells) == 13
    heads = re.findall(r'<th scope="col">([^<]+)</th>', page)[1:]
    assert len(heads) == len(expected)
    for _klass, href, _title in cells[:3]:
        assert client.get(href).status_code == 200, href


def test_the_header_source_link_opens_and_pages_through_the_range(client) -> None:  # type: ignore[no-untyped-def]
    meta = yaml.safe_load((ROOT / "amendments" / TABLE / "compilation.yaml").read_text())["source"]
    first, last = meta["lines"]
    href = f"/sources/{meta['file']}/{first}-{last}"
    assert href in links(client.get(PAGE).text)
    seen: list[int] = []
    url: str | None = href
    while url:
        r = client.get(url)
        assert r.status_code == 200, url
        seen += [int(n) for n in re.findall(r'<span class="line cited" id="L(\d+)">', r.text)]
        nxt = re.search(r'<a rel="next" href="([^"]+)"', r.text)
        url = html.unescape(nxt.group(1)) if nxt else None
    assert seen == list(range(first, last + 1))  # every cited line once, in order, over the pages
    api = client.get(f"/api{href}", params={"start": first + 400}).json()
    assert api["page"]["lines"][0] == first + 400 and api["page"]["previous_start"] == first
    assert client.get(href, params={"start": last + 1}).status_code == 422


def test_a_paragraph_page_steps_to_the_paragraphs_around_it_that_have_inputs(client) -> None:  # type: ignore[no-untyped-def]
    labels = [p["label"] for p in first_draft()["paragraphs"]]
    commented = {i["target"] for i in record_inputs()}
    at = labels.index("36")
    before = [lb for lb in labels[:at] if lb in commented][-1]
    after = [lb for lb in labels[at + 1:] if lb in commented][0]
    page = client.get(PAGE, params={"label": "36"}).text
    assert re.search(rf'<a rel="prev" href="{PAGE}\?label={before}">', page)
    assert re.search(rf'<a rel="next" href="{PAGE}\?label={after}">', page)
    section_of = {p["label"]: p["section"] for p in first_draft()["paragraphs"]}
    eu_sections = {section_of[i["target"]] for i in record_inputs() if i["delegation"] == "eu"}
    keys = [s["key"] for s in first_draft()["sections"]]
    nxt = [k for k in keys[keys.index("annex-ii") + 1:] if k in eu_sections][0]
    section = client.get(PAGE, params={"section": "annex-ii", "delegation": "eu"}).text
    assert re.search(rf'<a rel="next" href="{PAGE}\?section={nxt}&amp;delegation=eu">', section)  # filters kept
