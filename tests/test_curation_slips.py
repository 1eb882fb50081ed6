"""Curation slips found by reading the corpus against the record (issue 12), each held by a rule
that would catch it again. Expectations come from the record's lines, not from the files under test."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from app.corpus.catalog import Corpus
from tests.conftest import RECORD

LINES = RECORD.read_text(encoding="utf-8").split("\n")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _inputs(corpus: Corpus):  # type: ignore[no-untyped-def]
    for comp in corpus.compilations:
        for f in comp.files:
            yield from f.data.inputs


def _cited(first: int, last: int) -> set[str]:
    """The words of record lines first..last, with words hyphenated across lines rejoined both ways."""
    text = " ".join(LINES[first - 1:last])
    return set(_words(text)) | set(_words(re.sub(r"-\s+", "", text))) | set(_words(text.replace("-", " ")))


def test_every_rationale_is_worded_as_the_record_within_its_citation(corpus: Corpus) -> None:
    """A rationale is the delegation's words from the input's own lines: not a curator's paraphrase
    (eu-3-1 said "EU switches the order of paragraphs 2 and 3"; the record, line 1974, "Switch order
    of paragraph 2 and 3"), nor a line outside the citation (japan-27-1/27-2, malaysia-3-2, canada-9-2).
    One word in ten may differ (an OCR repair)."""
    bad = []
    for i in _inputs(corpus):
        if not i.rationale:
            continue
        cited = _cited(*i.source)
        said = _words(i.rationale)
        missing = [w for w in said if w not in cited]
        if len(missing) > max(1, len(said) // 10):
            bad.append((i.id, i.source, missing[:8]))
    assert bad == []


def test_eu_3_1_rationale_is_the_records_line_1974(corpus: Corpus) -> None:
    eu = {i.id: i for i in _inputs(corpus) if i.id.startswith("eu-3-")}
    assert LINES[1974 - 1] == "EU: Switch order of paragraph 2 and 3"
    assert eu["eu-3-1"].rationale == "Switch order of paragraph 2 and 3"
    assert eu["eu-3-1"].source[0] <= 1974 <= eu["eu-3-1"].source[1]


def _ends_in_open_quote(text: str) -> bool:
    return text.rfind("“") > text.rfind("”")


def test_a_missing_closing_quote_is_judged_the_same_way_everywhere(corpus: Corpus) -> None:
    """usa-31-1 was `ok` and usa-61-1 `incomplete` for the same thing: an instruction whose closing
    quotation mark the record lacks (lines 3727-3728 and 5320, each followed at once by the next
    row). Unless a note says the input breaks off, such an input is not `incomplete` (it may be
    `repaired` for another reason) and has a note saying the mark is missing."""
    judged = {}
    for i in _inputs(corpus):
        if not _ends_in_open_quote(i.text):
            continue
        notes = " ".join(i.curation).lower()
        if "breaks off" in notes and "quotation" not in notes:
            continue
        judged[i.id] = (i.quality.value != "incomplete", "quotation mark" in notes)
    assert judged["usa-31-1"] == judged["usa-61-1"] == (True, True)
    assert set(judged.values()) == {(True, True)}


@pytest.mark.parametrize("one,other", [("holy-see-1-1", "holy-see-2-1"), ("norway-pp8-1", "norway-8-1")])
def test_an_input_printed_twice_says_so_on_both(corpus: Corpus, one: str, other: str) -> None:
    """The record prints some words twice, in two rows (the Holy See's "...and human rights and dignity"
    at lines 1927 and 1978; Norway's at 1213-1219 and 2387-2393): each copy is kept and names the other
    (holy-see-2-1 repeated holy-see-1-1 without a note). Same proposals made on purpose on two paragraphs
    (IOM's Migrant Workers Convention on PP4 and 3) are not repeats of one print."""
    inputs = {i.id: i for i in _inputs(corpus)}
    a, b = inputs[one], inputs[other]
    assert _words(a.text) == _words(b.text)
    assert str(b.source[0]) in " ".join(a.curation) and str(a.source[0]) in " ".join(b.curation)


def _paragraphs(corpus: Corpus, slug: str):  # type: ignore[no-untyped-def]
    return next(f.doc for f in corpus.documents if f.doc.slug == slug).paragraphs


def test_july_14_note_blames_no_page_break_the_record_does_not_have(corpus: Corpus) -> None:
    """Lines 6119 and 6120 are consecutive lines of text: no page number, no blank, no balloon between."""
    p14 = next(p for p in _paragraphs(corpus, "2010-07-19-draft") if p.label == "14")
    assert LINES[6119 - 1].endswith("at the national level and as")
    assert LINES[6120 - 1].startswith("are in line with")
    claims = [n for n in p14.curation if "page break" in n and "no page break" not in n and "not in the record" not in n]
    assert claims == []


def test_a_first_draft_paragraph_has_no_conflicting_successors(corpus: Corpus) -> None:
    """A paragraph the July draft declares deleted ("[Paragraph deleted]") is not also moved or
    continued elsewhere: first-draft 68 was deleted (line 6354), moved to 10bis and taken up by the
    IV fragment at once."""
    successors: dict[str, set[str]] = defaultdict(set)
    for p in _paragraphs(corpus, "2010-07-19-draft"):
        for link in p.lineage:
            if link.from_:
                successors[link.from_].add(link.relation.value)
    conflicting = {k: v for k, v in successors.items() if "deleted" in v and len(v) > 1}
    assert conflicting == {}
    assert successors["2010-04-16-first-draft#68"] == {"deleted"}


def test_july_10bis_says_it_came_from_the_eus_proposal(corpus: Corpus, client) -> None:  # type: ignore[no-untyped-def]
    """July 10bis (lines 6101-6105) is the EU's proposed 10bis (eu-10-2, lines 2501-2508) nearly word for word."""
    july = " ".join(_words(" ".join(LINES[6101 - 1:6105])))
    eu = " ".join(_words(" ".join(LINES[2503 - 1:2508])))
    assert eu.replace("urging", "urge") in july.replace("hereinafter icat", "").replace("  ", " ") or \
        len(set(eu.split()) - set(july.split())) <= 1
    p = client.get("/api/documents/2010-07-19-draft/paragraphs/10bis").json()
    assert "2010-05-18-table-of-inputs/eu-10-2" in p["reflects"]
    html = client.get("/documents/2010-07-19-draft/10bis").text
    assert "eu-10-2" in html[html.index('id="lineage"'):html.index('id="inputs"')]
