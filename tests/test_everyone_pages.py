"""Issue 11, "everyone": the pages as any reader uses them, through the real app on the real corpus.

Expectations are read from the curated files themselves (drafts/*.yaml, amendments/*/*.yaml) with
plain YAML, not from the services under test: which inputs were made on first-draft PP12, which
paragraph the July draft says is new, which labels exist.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
import yaml

from app.config import REPO_ROOT
from app.middleware.security import DOCS_CSP

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"
DRAFTS, AMENDMENTS = REPO_ROOT / "drafts", REPO_ROOT / "amendments"


def draft(slug: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((DRAFTS / f"{slug}.yaml").read_text())


def paragraph_of(slug: str, label: str) -> dict:  # type: ignore[type-arg]
    return next(p for p in draft(slug)["paragraphs"] if str(p["label"]) == label)


def inputs_on(compilation: str, target: str) -> dict[str, str]:
    """Input id -> delegation slug, for every input the compilation's files record on `target`."""
    found = {}
    for f in sorted((AMENDMENTS / compilation).glob("*.yaml")):
        if f.name == "compilation.yaml":
            continue
        data = yaml.safe_load(f.read_text())
        for i in data["inputs"]:
            if str(i["target"]) == target:
                found[i["id"]] = data["delegation"]
    return found


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


# Labels typed in any case ---------------------------------------------------------------------

def test_labels_are_unique_whatever_their_case_in_every_draft() -> None:
    """What makes a case-insensitive look-up safe: no document has two labels differing only in case."""
    for f in DRAFTS.glob("*.yaml"):
        data = yaml.safe_load(f.read_text())
        labels = [str(p["label"]) for p in data.get("paragraphs", [])]
        if labels:
            assert len({x.lower() for x in labels}) == len(labels), f.name


@pytest.mark.parametrize("typed,label", [("pp1", "PP1"), ("Pp1", "PP1"), ("op2", "OP2"), ("PP12", "PP12")])
def test_a_label_in_another_case_redirects_to_the_records_spelling(client, typed: str, label: str) -> None:  # type: ignore[no-untyped-def]
    assert any(str(p["label"]) == label for p in draft(FIRST)["paragraphs"])
    r = client.get(f"/documents/{FIRST}/{typed}", follow_redirects=False)
    if typed == label:
        assert r.status_code == 200
    else:
        assert r.status_code == 308 and r.headers["location"] == f"/documents/{FIRST}/{label}"
        assert client.get(f"/documents/{FIRST}/{typed}").url.path == f"/documents/{FIRST}/{label}"


def test_july_1bis_in_capitals_reaches_it(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/documents/{JULY}/1BIS", follow_redirects=False)
    assert r.status_code == 308 and r.headers["location"].endswith("/1bis")


def test_the_api_answers_a_label_in_any_case_with_the_records_label(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/api/documents/{FIRST}/paragraphs/pp1")
    assert r.status_code == 200
    assert r.json()["label"] == "PP1" and r.json()["text"] == client.get(f"/api/documents/{FIRST}/paragraphs/PP1").json()["text"]


def test_an_unknown_label_is_still_404(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(f"/documents/{FIRST}/pp999").status_code == 404
    assert client.get(f"/api/documents/{FIRST}/paragraphs/pp999").status_code == 404


# Favicon ----------------------------------------------------------------------------------------

def test_pages_name_a_favicon_that_is_served(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/").text
    href = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    icon = client.get(href)
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.lstrip().startswith("<svg")


def test_favicon_ico_no_longer_404s(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/favicon.ico", follow_redirects=False)
    assert r.status_code == 301
    assert client.get("/favicon.ico").headers["content-type"].startswith("image/svg+xml")


# New paragraphs and inputs on ancestors ------------------------------------------------------------

def test_july_1bis_says_it_is_new_in_this_draft(client) -> None:  # type: ignore[no-untyped-def]
    curated = paragraph_of(JULY, "1bis")["lineage"]
    assert [x["relation"] for x in curated] == ["new"] and "from" not in curated[0]
    api = client.get(f"/api/documents/{JULY}/paragraphs/1bis").json()
    assert api["new_in_this_draft"]["note"] == curated[0]["note"]
    assert [e["direction"] for e in api["lineage"]] == ["self"]
    page = text_of(client.get(f"/documents/{JULY}/1bis").text)
    assert "New in this draft" in page and text_of(curated[0]["note"]) in page


def test_a_paragraph_with_an_ancestor_is_not_new(client) -> None:  # type: ignore[no-untyped-def]
    assert paragraph_of(JULY, "PP1")["lineage"][0]["from"] == f"{FIRST}#PP1"
    assert client.get(f"/api/documents/{JULY}/paragraphs/PP1").json()["new_in_this_draft"] is None
    assert "New in this draft" not in client.get(f"/documents/{JULY}/PP1").text


def test_july_pp13_shows_the_inputs_made_on_its_ancestor_first_draft_pp12(client) -> None:  # type: ignore[no-untyped-def]
    ancestor = paragraph_of(JULY, "PP13")["lineage"][0]["from"]
    assert ancestor == f"{FIRST}#PP12"
    expected = inputs_on(TABLE, "PP12")
    assert "usa" in expected.values()  # the USA asked to replace "Noting" with "Recognizing"
    api = client.get(f"/api/documents/{JULY}/paragraphs/PP13").json()
    assert api["inputs"] == []  # nobody commented on the July paragraph itself
    (on_pp12,) = api["ancestor_inputs"]
    assert (on_pp12["document"], on_pp12["label"]) == (FIRST, "PP12")
    assert {i["key"].split("/")[-1]: i["delegation"] for i in on_pp12["inputs"]} == expected
    html = client.get(f"/documents/{JULY}/PP13").text
    page = text_of(html)
    assert "Inputs on PP12 of the draft of 16 April 2010, its earlier version" in page
    usa = next(i for i in on_pp12["inputs"] if i["delegation"] == "usa")
    assert text_of(usa["text"]) in page and 'href="/delegations/usa"' in html
    assert f"Inputs (0, and {len(expected)} on earlier versions)" in page


def test_a_first_draft_paragraph_has_no_ancestors_inputs(client) -> None:  # type: ignore[no-untyped-def]
    api = client.get(f"/api/documents/{FIRST}/paragraphs/PP12").json()
    assert api["ancestor_inputs"] == [] and len(api["inputs"]) == len(inputs_on(TABLE, "PP12"))


# Who wrote what, as tints ------------------------------------------------------------------------

def test_authorship_is_a_tint_with_a_title_and_a_key_not_inline_tags(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/documents/{JULY}/42").text
    blame = html[html.index('<p class="blame">'):]
    blame = blame[:blame.index("</p>")]
    assert "<sup" not in blame  # the old inline "[2010-04-16; canada]" tags
    spans = re.findall(r'<span class="b (author-\d)[^"]*" data-doc="([^"]+)" title="([^"]+)">', blame)
    api = client.get(f"/api/documents/{JULY}/paragraphs/42").json()
    assert len(spans) == len(api["blame"])
    tint = {doc: klass for klass, doc, _ in spans}
    assert len(set(tint.values())) == len(tint) == len({b["document"] for b in api["blame"]})  # one tint per document
    for (klass, doc, title), b in zip(spans, api["blame"]):
        assert doc == b["document"] and title.startswith("from the draft of")
        assert ("also proposed by" in title) == bool(b["delegations"])
    key = html[html.index('class="blame-key"'):]
    for doc, klass in tint.items():
        title = client.get(f"/api/documents/{doc}").json()["title"]
        assert re.search(rf'swatch {klass}" aria-hidden="true"></span> {re.escape(title)}', unescape(key))
    assert '<span class="sr-only">[from the draft of 19 July 2010' in blame  # not colour alone


# Names, not slugs ------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [f"/documents/{JULY}/PP13", f"/documents/{FIRST}/36", f"/compare/{FIRST}/{JULY}",
                                 f"/documents/{FIRST}"])
def test_titles_headings_and_crumbs_name_documents_not_slugs(client, url: str) -> None:  # type: ignore[no-untyped-def]
    html = client.get(url).text
    for tag in ("title", "h1"):
        shown = re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", html, re.S).group(1)  # type: ignore[union-attr]
        assert FIRST not in shown and JULY not in shown, (tag, shown)
    crumbs = re.search(r'<p class="crumbs">(.*?)</p>', html, re.S)
    if crumbs:
        assert FIRST not in text_of(crumbs.group(1)) and JULY not in text_of(crumbs.group(1))


def test_the_paragraph_page_names_its_section_by_its_title(client) -> None:  # type: ignore[no-untyped-def]
    section = paragraph_of(JULY, "PP13")["section"]
    title = next(s["title"] for s in draft(JULY)["sections"] if s["key"] == section)
    crumbs = re.search(r'<p class="crumbs">(.*?)</p>', client.get(f"/documents/{JULY}/PP13").text, re.S).group(1)  # type: ignore[union-attr]
    assert title in unescape(crumbs) and draft(JULY)["title"] in unescape(crumbs)



@pytest.mark.parametrize("url", [f"/documents/{FIRST}/36", f"/compilations/{TABLE}?label=36", f"/rounds/{TABLE}",
                                 "/negotiations/2010-global-plan-of-action", "/delegations/eu"])
def test_no_document_slug_is_shown_as_text(client, url: str) -> None:  # type: ignore[no-untyped-def]
    """In links' targets, yes; in what a reader reads (cards, the timeline), never."""
    html = client.get(url).text
    shown = text_of(html[html.index("<main"):])
    slugs = [s for s in [f.stem for f in DRAFTS.glob("*.yaml")] + [d.name for d in AMENDMENTS.iterdir()] if s[:4].isdigit()]
    assert FIRST in slugs and TABLE in slugs
    assert [s for s in slugs if s in shown] == [], url


@pytest.mark.parametrize("url", [f"/documents/{FIRST}/36", f"/compilations/{TABLE}?label=36"])
def test_paragraph_36_cards_show_proposal_vs_outcome_by_name(client, url: str) -> None:  # type: ignore[no-untyped-def]
    """The card of delegation.html and versus.html, here too: the proposal against the base, and beside
    it what the July draft did, named as a reader says it."""
    html = client.get(url).text
    cards = html.split('<article class="input outcome-card"')[1:]
    assert len(cards) == len(inputs_on(TABLE, "36")) == 13
    assert all('<div class="outcome-pair">' in c and 'class="outcome"' in c for c in cards)
    vs = [c for c in cards if "Proposal vs outcome" in c]
    assert vs, "no card on 36 redlines its proposal against the July draft"
    for c in vs:
        assert f'<a href="/documents/{JULY}/36">paragraph 36 of the draft of 19 July 2010</a>' in c
        assert "<del>" in c.split('class="outcome"')[1] or "<ins>" in c.split('class="outcome"')[1]

# The legend ------------------------------------------------------------------------------------

@pytest.mark.parametrize("url,outcomes", [(f"/compare/{FIRST}/{JULY}", False), (f"/documents/{JULY}/42", True),
                                          ("/delegations/eu", True), ("/delegations/eu/vs/usa", True),
                                          (f"/compilations/{TABLE}?section=preamble", True)])
def test_pages_with_redlines_carry_the_legend(client, url: str, outcomes: bool) -> None:  # type: ignore[no-untyped-def]
    html = client.get(url).text
    assert html.count('<aside class="legend no-print" aria-label="Legend">') == 1
    legend = text_of(html[html.index('aria-label="Legend"'):html.index("</aside>")])
    assert "struck through" in legend and "underlined" in legend and "text lost in the scan" in legend
    assert ("partial · 49%" in legend) == outcomes


def test_the_legend_states_the_engines_thresholds(client) -> None:  # type: ignore[no-untyped-def]
    from app.text.uptake import ADOPTED_AT, PARTIAL_AT

    legend = text_of(client.get("/delegations/eu").text.split('aria-label="Legend"')[1].split("</aside>")[0])
    assert f"{round(ADOPTED_AT * 100)}% or more" in legend and f"under {round(PARTIAL_AT * 100)}%" in legend


# API docs without a network ----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_load_only_this_sites_files_and_no_inline_script(client, path: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(path)
    assert r.status_code == 200
    assert "script-src 'self';" in r.headers["content-security-policy"] and "http" not in DOCS_CSP
    refs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert refs and all(ref.startswith("/") for ref in refs), refs
    assert re.search(r"<script>\s*\S", r.text) is None and "<script>" not in r.text  # no inline script
    for ref in refs:
        assert client.get(ref).status_code == 200, ref


def test_the_docs_files_ship_in_the_installed_package() -> None:
    """The files come from an installed dependency (fastapi-offline), not from this checkout."""
    from app.web.api_docs import ASSETS_DIR

    assert "site-packages" in ASSETS_DIR.parts and "fastapi_offline" in ASSETS_DIR.parts
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        assert (ASSETS_DIR / name).stat().st_size > 100_000
    assert (REPO_ROOT / "templates" / "static" / "swagger-init.js").is_file()
