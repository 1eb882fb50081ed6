"""A delegation's pages as a delegate uses them, through the real app on the loaded corpus.

Expectations are read from the corpus files (drafts/, amendments/) independently of the
service: the July draft's paragraph that continues a first-draft paragraph is found by its
`lineage` in drafts/2010-07-19-draft.yaml, the paragraphs each delegation commented on by the
`target` of its inputs in amendments/.
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
import yaml

from app.config import REPO_ROOT

FIRST, JULY = "2010-04-16-first-draft", "2010-07-19-draft"
INPUTS = REPO_ROOT / "amendments" / "2010-05-18-table-of-inputs"


def _yaml(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _inputs_of(delegation: str) -> list[dict]:  # type: ignore[type-arg]
    data = _yaml(INPUTS / f"{delegation}.yaml")
    return data["inputs"] if isinstance(data, dict) else data


def _july_successor(first_label: str) -> dict | None:  # type: ignore[type-arg]
    """The July paragraph whose declared lineage continues (or merges) the first draft's paragraph;
    None if July marks it deleted or nothing in July comes from it."""
    for p in _yaml(REPO_ROOT / "drafts" / f"{JULY}.yaml")["paragraphs"]:
        for link in p.get("lineage") or []:
            if link.get("from") == f"{FIRST}#{first_label}":
                return None if p.get("status") == "deleted" or link["relation"] == "deleted" else p
    return None


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _sides(ops: list[list]) -> tuple[str, str]:  # type: ignore[type-arg]
    old = "".join(t for op, t in ops if op != 1)
    new = "".join(t for op, t in ops if op != -1)
    return old, new


def _squash(text: str) -> str:
    return " ".join(text.split())


def _card(page: str, key: str) -> str:
    start = page.index(f'<article class="input outcome-card" id="input-{key}"')
    return page[start:page.index("</article>", start)]


def _visible(card: str) -> str:
    """The card without its fold (what a reader sees before opening "How this was read")."""
    return re.sub(r"<details class=\"reading\">.*?</details>", "", card, flags=re.S)


def test_eu_15_outcome_redline_is_the_proposal_against_july_15(client) -> None:  # type: ignore[no-untyped-def]
    proposal = next(i for i in _inputs_of("eu") if i["id"] == "eu-15-1")
    july = _july_successor("15")
    assert july is not None and proposal["kind"] == "replace"
    eu = client.get("/api/delegations/eu").json()
    got = next(i for i in eu["inputs"] if i["key"].endswith("/eu-15-1"))
    assert got["next_version"] == {"document": JULY, "label": july["label"], "status": "present"}
    old, new = _sides(got["outcome_ops"])
    assert _squash(old) == _squash(proposal["text"]) and _squash(new) == _squash(july["text"])
    struck = _words(" ".join(t for op, t in got["outcome_ops"] if op == -1))
    added = _words(" ".join(t for op, t in got["outcome_ops"] if op == 1))
    kept = _words(" ".join(t for op, t in got["outcome_ops"] if op == 0))
    dropped = _words(proposal["text"]) - _words(july["text"])  # "comparative", "fashion", ...
    assert dropped and dropped <= struck and not dropped & kept
    assert _words(july["text"]) - _words(proposal["text"]) <= added
    # the same redline on the delegation page's card, on the input's own page and in its JSON
    card = _card(client.get("/delegations/eu").text, "eu-15-1")
    assert "Proposal vs outcome" in card and f'href="/documents/{JULY}/{july["label"]}"' in card
    for w in sorted(dropped):
        assert re.search(rf"<del><span class=\"sr-only\">\[deleted: </span>[^<]*\b{w}\b", card, re.I), w
    assert client.get(f"/api/inputs/{got['id']}").json()["outcome_ops"] == got["outcome_ops"]
    page = client.get(f"/inputs/{got['id']}").text
    assert "Proposal vs outcome" in page and f"paragraph {july['label']} of the " in page


def test_a_proposal_on_a_paragraph_july_deleted_says_so(client) -> None:  # type: ignore[no-untyped-def]
    """EU on annex 5: no July paragraph continues first-draft 5 (its lineage in the July file)."""
    assert _july_successor("5") is None
    got = next(i for i in client.get("/api/delegations/eu").json()["inputs"] if i["key"].endswith("/eu-5-1"))
    assert got["next_version"]["status"] == "deleted" and got["outcome_ops"] is None
    card = _card(client.get("/delegations/eu").text, "eu-5-1")
    assert "deleted the paragraph" in card and "Proposal vs outcome" not in card


@pytest.mark.parametrize("delegation", ["eu", "usa"])
def test_outcome_filter_shows_only_that_outcome_and_counts_agree(client, delegation: str) -> None:  # type: ignore[no-untyped-def]
    everything = client.get(f"/api/delegations/{delegation}").json()
    assert sum(everything["summary"].values()) == len(everything["inputs"])
    for klass, n in everything["summary"].items():
        api = client.get(f"/api/delegations/{delegation}?outcome={klass}").json()
        assert len(api["inputs"]) == n == sum(i["uptake"]["class"] == klass for i in everything["inputs"])
        assert {i["uptake"]["class"] for i in api["inputs"]} <= {klass}
        page = client.get(f"/delegations/{delegation}?outcome={klass}").text
        shown = re.findall(r'<article class="input outcome-card" id="[^"]+" aria-labelledby="[^"]+" '
                           r'data-outcome="([a-z_]+)"', page)
        assert len(shown) == n and set(shown) <= {klass}, klass
        assert f'<option value="{klass}" selected>' in page  # the form keeps what was asked
        count = re.search(rf'href="/delegations/{delegation}\?outcome={klass}"[^>]*><span class="n">(\d+)</span>',
                          page)
        assert count and int(count.group(1)) == n


def test_section_filter_and_both_filters_together(client) -> None:  # type: ignore[no-untyped-def]
    """Annex II's paragraphs are those drafts/2010-04-16-first-draft.yaml puts in section annex-ii."""
    everything = client.get("/api/delegations/eu").json()["inputs"]
    api = client.get("/api/delegations/eu?section=annex-ii").json()
    labels = {p["label"] for p in _yaml(REPO_ROOT / "drafts" / f"{FIRST}.yaml")["paragraphs"]
              if p.get("section") == "annex-ii"}
    expected = [i for i in everything if i["document"] == FIRST and i["label"] in labels]
    assert [i["key"] for i in api["inputs"]] == [i["key"] for i in expected] and expected
    partial = [i for i in expected if i["uptake"]["class"] == "partial"]
    both = client.get("/api/delegations/eu?section=annex-ii&outcome=partial").json()
    assert [i["key"] for i in both["inputs"]] == [i["key"] for i in partial]
    assert both["counts"]["partial"] == len(partial) and both["summary"] == api["summary"]
    page = client.get("/delegations/eu?section=annex-ii&outcome=partial").text
    assert page.count('<article class="input outcome-card"') == len(partial)
    assert '<option value="annex-ii" selected>' in page and '<option value="partial" selected>' in page
    assert f"Showing <strong>{len(partial)}</strong> of {len(everything)} inputs" in page


def test_an_unknown_outcome_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/delegations/eu?outcome=won").status_code == 422
    assert client.get("/delegations/eu?outcome=won").status_code == 422
    assert client.get("/delegations/eu?outcome=").status_code == 200  # the form's "every outcome"


def test_eu_vs_usa_both_commented_matches_the_files(client) -> None:  # type: ignore[no-untyped-def]
    eu = {i["target"] for i in _inputs_of("eu") if i.get("status", "active") == "active"}
    usa = {i["target"] for i in _inputs_of("usa") if i.get("status", "active") == "active"}
    v = client.get("/api/delegations/eu/vs/usa").json()
    assert len(v["rows"]) == len(eu | usa) == 63
    assert v["paragraphs"]["both"] == len(eu & usa) == 27
    assert v["paragraphs"]["eu"] == len(eu) and v["paragraphs"]["usa"] == len(usa)
    p = v["paragraphs"]
    assert p["agree"] + p["differ"] + p["unclear"] == p["both"]
    row36 = next(r for r in v["rows"] if r["label"] == "36")
    assert row36["agreement"] == "agree"  # both ask to delete the trust fund paragraph
    only = client.get("/api/delegations/eu/vs/usa?both=true").json()
    assert {r["label"] for r in only["rows"]} == eu & usa and only["paragraphs"] == p
    page = client.get("/delegations/eu/vs/usa?both=true").text
    assert page.count('<tr class="vs-row both"') == 27 and '<tr class="vs-row"' not in page
    assert 'id="f-both" name="both" value="true" checked' in page
    assert re.search(r'<span class="n">27</span> both commented on', page)
    full = client.get("/delegations/eu/vs/usa").text
    assert full.count('<tr class="vs-row') == 63
    assert f"the same or a similar change on {p['agree']}</strong>" in full


def test_a_delegation_is_not_compared_with_itself(client) -> None:  # type: ignore[no-untyped-def]
    api = client.get("/api/delegations/eu/vs/eu")
    assert api.status_code == 422 and api.json()["error"]["code"] == "invalid_input"
    assert "itself" in api.json()["error"]["message"]
    page = client.get("/delegations/eu/vs/eu")
    assert page.status_code == 422 and "not with itself" in page.text and "vs-row" not in page.text


def test_home_shows_the_most_active_delegations_with_counts(client) -> None:  # type: ignore[no-untyped-def]
    rows = client.get("/api/delegations?size=100").json()
    counts = {d["slug"]: d["input_count"] for d in rows}
    home = client.get("/").text
    listed = re.findall(r'<li><a href="/delegations/([a-z-]+)">[^<]+</a> <span class="muted">(\d+) inputs</span>',
                        home)
    assert ("eu", str(counts["eu"])) in listed and ("usa", str(counts["usa"])) in listed
    assert all(int(n) == counts[slug] for slug, n in listed)
    assert [int(n) for _s, n in listed] == sorted((int(n) for _s, n in listed), reverse=True)
    assert 'href="/delegations">All ' in home


def test_curators_notes_are_folded_and_the_card_speaks_to_the_delegate(client) -> None:  # type: ignore[no-untyped-def]
    """USA on PP6: an instruction the engine could not apply. The team's note ("needs a person") is
    under the fold; the card says what it means for the reader."""
    usa_pp6 = next(i for i in _inputs_of("usa") if i["id"] == "usa-pp6-1")
    card = _card(client.get("/delegations/usa").text, "usa-pp6-1")
    assert "needs a person" not in _visible(card) and "Needs a person" not in _visible(card)
    assert "We could not apply this instruction to the paragraph automatically" in _visible(card)
    assert usa_pp6["text"] in htmllib.unescape(_visible(card))  # the proposal as written
    fold = card[card.index('<details class="reading">'):]
    assert "instruction not understood: needs a person" in fold
    curated = next(i for i in _inputs_of("eu") if i["id"] == "eu-op2d-1")
    eu_fold = _card(client.get("/delegations/eu").text, "eu-op2d-1")
    eu_fold = eu_fold[eu_fold.index('<details class="reading">'):]
    for note in curated["curation"]:
        assert note in htmllib.unescape(eu_fold)


def test_names_not_slugs_on_the_input_page(client) -> None:  # type: ignore[no-untyped-def]
    names = {d["slug"]: d["name"] for d in _yaml(REPO_ROOT / "amendments" / "delegations.yaml")["delegations"]}
    title = _yaml(REPO_ROOT / "drafts" / f"{FIRST}.yaml")["title"]  # "...: first draft"
    usa = next(i for i in client.get("/api/delegations/usa").json()["inputs"] if i["key"].endswith("/usa-pp6-1"))
    page = client.get(f"/inputs/{usa['id']}").text
    head = re.search(r"<title>([^<]+)</title>", page).group(1)  # type: ignore[union-attr]
    expected = f"{names['usa']} on paragraph PP6 of the {title.rsplit(': ', 1)[1]}"
    assert htmllib.unescape(head).startswith(expected) and FIRST not in head
    h1 = re.search(r"<h1>(.*?)</h1>", page, re.S).group(1)  # type: ignore[union-attr]
    assert re.sub(r"<[^>]+>", "", h1) == expected


def test_an_unattributed_input_names_its_probable_delegation(client) -> None:  # type: ignore[no-untyped-def]
    names = {d["slug"]: d["name"] for d in _yaml(REPO_ROOT / "amendments" / "delegations.yaml")["delegations"]}
    probable = {i["probable_delegation"] for i in _inputs_of("unidentified") if i.get("probable_delegation")}
    page = htmllib.unescape(client.get("/delegations/unidentified").text)
    assert probable
    for slug in probable:
        assert f"probably {names[slug]})" in page and f"probably {slug})" not in page
