"""Agreed language: what the Global Plan's first draft shares with the precedents.

The real cases come from the corpus: the first draft (16 April 2010) takes whole clauses
from the ASEAN instruments (the 2015 Plan of Action printed those clauses too) and cites the
Palermo Protocol and the conventions as the 1998 Bangkok Accord and the 2004 ASEAN
Declaration do. The synthetic cases are the edges: empty, identical, too short, non-Latin.
"""

from __future__ import annotations

import pytest

from app.corpus.catalog import Corpus
from app.text.provenance import Match, ShingleIndex
from app.text.tokens import words

FIRST_DRAFT = "2010-04-16-first-draft"


def _paragraph(corpus: Corpus, slug: str, label: str) -> str:
    doc = corpus.document(slug)
    assert doc is not None
    return next(p.text for p in doc.paragraphs if p.label == label)


@pytest.fixture(scope="module")
def precedents(corpus: Corpus) -> ShingleIndex:
    """Every paragraph of the precedents (kind: precedent), keyed "slug#label"."""
    index = ShingleIndex()
    for f in corpus.documents:
        if f.doc.kind.value == "precedent":
            for p in f.doc.paragraphs:
                index.add(f"{f.doc.slug}#{p.label}", p.text)
    return index


@pytest.fixture(scope="module")
def everything(corpus: Corpus) -> ShingleIndex:
    """Every paragraph of every document, the Global Plan's own drafts included."""
    index = ShingleIndex()
    for f in corpus.documents:
        for p in f.doc.paragraphs:
            index.add(f"{f.doc.slug}#{p.label}", p.text)
    return index


def _sides(index: ShingleIndex, query: str, m: Match) -> tuple[str, str]:
    return query[m.query_span[0]:m.query_span[1]], index.text(m.key)[m.source_span[0]:m.source_span[1]]


# --- the real corpus ------------------------------------------------------------------------

def test_annex_54_repeats_asean_plan_iv_d_c_on_related_crimes(corpus: Corpus, precedents: ShingleIndex) -> None:
    query = _paragraph(corpus, FIRST_DRAFT, "54")
    found = [m for m in precedents.search(query) if m.key == "2015-asean-plan#IV-D-c"]
    assert len(found) == 1
    m = found[0]
    assert (m.words, m.score) == (20, 1.0)
    ours, theirs = _sides(precedents, query, m)
    assert ours == ("crimes that might be connected with trafficking in persons, including money "
                    "laundering, corruption, smuggling of migrants and all forms of")
    assert words(theirs) == words(ours)


def test_annex_20_capacity_building_shares_27_words_with_asean_plan_iv_a_b(
        corpus: Corpus, precedents: ShingleIndex) -> None:
    query = _paragraph(corpus, FIRST_DRAFT, "20")
    found = [m for m in precedents.search(query) if m.key.startswith("2015-asean-plan#")]
    assert [m.key for m in found] == ["2015-asean-plan#IV-A-b"]
    m = found[0]
    ours, theirs = _sides(precedents, query, m)
    assert ours == ("and other relevant officials in the prevention of trafficking in persons, taking "
                    "into account the need to respect human rights and child-and gender-sensitive issues and")
    assert theirs == ("and other relevant officials in the prevention of trafficking in persons, taking "
                      "into account the need to respect human rights, child and gender-sensitive issues, and")
    # the draft's extra "and" ("human rights and child-") is the one word the ASEAN text lacks
    assert (m.words, m.score) == (27, 0.963)


def test_annex_40_shares_two_passages_with_asean_plan_iv_b_g_in_query_order(
        corpus: Corpus, precedents: ShingleIndex) -> None:
    query = _paragraph(corpus, FIRST_DRAFT, "40")
    found = [m for m in precedents.search(query) if m.key == "2015-asean-plan#IV-B-g"]
    assert [_sides(precedents, query, m)[0] for m in found] == [
        "that domestic legal or administrative systems include measures to provide information to victims",
        "to enable their views and concerns to be presented and considered at appropriate stages of such proceedings",
    ]
    assert all(words(a) == words(b) for a, b in (_sides(precedents, query, m) for m in found))


def test_annex_3_cites_the_convention_as_the_2004_asean_declaration_does(
        corpus: Corpus, precedents: ShingleIndex) -> None:
    query = _paragraph(corpus, FIRST_DRAFT, "3")
    found = [m for m in precedents.search(query) if m.key.startswith("2004-asean-declaration#")]
    assert [(m.key, _sides(precedents, query, m)[0]) for m in found] == [
        ("2004-asean-declaration#P7",
         "the United Nations Convention against Transnational Organized Crime and its"),
    ]


def _seed_precedents(corpus: Corpus) -> set[str]:
    """The precedents curated from the seed record (their source is one of its files): the corpus is
    open to new ones (`stemma import`), which may share PP4's instruments too."""
    from tests.conftest import REPO_ROOT
    seeds = {p.name for p in (REPO_ROOT.parent / "shared" / "seeds").glob("*.txt")}
    return {f.doc.slug for f in corpus.documents if f.doc.kind.value == "precedent" and f.doc.source.file in seeds}


def test_pp4_shares_its_instruments_with_four_precedents(corpus: Corpus, precedents: ShingleIndex) -> None:
    query = _paragraph(corpus, FIRST_DRAFT, "PP4")
    seeded = _seed_precedents(corpus)
    assert len(seeded) == 4
    found = [m for m in precedents.search(query) if m.key.split("#", 1)[0] in seeded]
    assert sorted({m.key for m in found}) == [
        "1998-bangkok-accord#P2",
        "2004-asean-declaration#P7",
        "2006-mekong-statement#P7", "2006-mekong-statement#P8", "2006-mekong-statement#P9",
        "2015-asean-plan#I-2", "2015-asean-plan#I-4", "2015-asean-plan#P1", "2015-asean-plan#P3",
    ]
    bangkok = [_sides(precedents, query, m)[1] for m in found if m.key == "1998-bangkok-accord#P2"]
    assert bangkok == [
        "the Convention on the Rights of the Child and",
        "the Convention on the Elimination of All Forms of Discrimination against Women",
    ]
    assert [m.key for m in found] == sorted(m.key for m in found)


def test_annex_39_runs_split_by_as_well_as_are_one_borrowing(corpus: Corpus, precedents: ShingleIndex) -> None:
    """'to seek redress as well as facilitating' / 'and facilitating': three words against one split the
    borrowing in two runs (15 and 20 words); a reader sees one passage, so they are joined (issue 12)."""
    query = _paragraph(corpus, FIRST_DRAFT, "39")
    found = [m for m in precedents.search(query) if m.key == "2015-asean-plan#IV-B-h"]
    assert [m.words for m in found] == [38]
    ours, theirs = _sides(precedents, query, found[0])
    assert ours.startswith("in providing assistance and empowerment to victims of trafficking and helping them to seek redress"
                           " as well as facilitating the care of")
    assert ours.endswith("coordination with law enforcement officials")
    assert theirs.startswith("in providing assistance and empowerment to victims of trafficking in persons, "
                             "helping them to seek redress and facilitating")


def test_one_changed_word_still_matches_annex_54(corpus: Corpus, precedents: ShingleIndex) -> None:
    query = _paragraph(corpus, FIRST_DRAFT, "54").replace("corruption", "bribery")
    found = [m for m in precedents.search(query) if m.key == "2015-asean-plan#IV-D-c"]
    assert [(m.words, m.score) for m in found] == [(20, 0.95)]
    assert _sides(precedents, query, found[0])[0].count("bribery") == 1


def test_exclude_drops_the_global_plans_own_drafts(corpus: Corpus, everything: ShingleIndex) -> None:
    query = _paragraph(corpus, FIRST_DRAFT, "54")
    assert {m.key for m in everything.search(query)} >= {f"{FIRST_DRAFT}#54", "2015-asean-plan#IV-D-c"}
    assert [m.key for m in everything.search(query, exclude=lambda k: k.startswith("2010-"))] == [
        "2015-asean-plan#IV-D-c"]


def test_unrelated_text_matches_nothing(everything: ShingleIndex) -> None:
    assert everything.search("The weather in Vienna was mild throughout the spring session of the Commission.") == []


def test_identical_text_is_one_full_length_match(corpus: Corpus, precedents: ShingleIndex) -> None:
    text = _paragraph(corpus, "2015-asean-plan", "IV-D-c")
    found = [m for m in precedents.search(text) if m.key == "2015-asean-plan#IV-D-c"]
    assert found == [Match("2015-asean-plan#IV-D-c", (0, len(text) - 1), (0, len(text) - 1), 33, 1.0)]
    assert len(words(text)) == 33
    assert text[len(text) - 1] == ";"  # the span ends with the last word, not the punctuation


# --- small explicit tables ------------------------------------------------------------------

SOURCE = "crimes that might be connected with trafficking in persons, including money laundering"


@pytest.mark.parametrize(("query", "found"), [
    ("We discussed crimes that might be connected with the harvest.", 0),  # 6 shared words
    ("We discussed crimes that might be connected with trafficking today.", 0),  # 7
    ("We discussed crimes that might be connected with trafficking in Vienna.", 1),  # 8
])
def test_min_words_is_eight_shared_words(query: str, found: int) -> None:
    index = ShingleIndex()
    index.add("src", SOURCE)
    assert len(index.search(query)) == found


def test_min_words_can_be_raised() -> None:
    index = ShingleIndex()
    index.add("src", SOURCE)
    query = "We discussed crimes that might be connected with trafficking in Vienna."
    assert index.search(query, min_words=9) == []


def test_a_key_is_indexed_once() -> None:
    index = ShingleIndex()
    index.add("src", SOURCE)
    with pytest.raises(ValueError):
        index.add("src", SOURCE)


CHINESE = "打击贩运人口特别是妇女和儿童行为的全球行动计划"


@pytest.mark.parametrize(("indexed", "query", "expected"), [
    # empty and blank texts have no words, so no shingles
    ("", "", []),
    (SOURCE, "", []),
    (SOURCE, "   \n\t\u00a0 ", []),
    ("   ", SOURCE, []),
    # punctuation only
    (SOURCE, "...;:—", []),
    # fewer words than a shingle
    (SOURCE, "crimes that might", []),
    # identical
    (SOURCE, SOURCE, [(SOURCE, SOURCE)]),
    # case, punctuation and typographic quotes do not matter
    ("the “agreed language” of the Protocol, as adopted by the General Assembly",
     'THE "AGREED LANGUAGE" OF THE PROTOCOL AS ADOPTED BY THE GENERAL ASSEMBLY!',
     [('THE "AGREED LANGUAGE" OF THE PROTOCOL AS ADOPTED BY THE GENERAL ASSEMBLY',
       "the “agreed language” of the Protocol, as adopted by the General Assembly")]),
    # Chinese: each ideograph is a word, so eight shared ideographs are a passage
    (CHINESE, "联合国通过了打击贩运人口特别是妇女和儿童行为的全球行动计划。", [(CHINESE, CHINESE)]),
    (CHINESE, "我们讨论了贩运人口问题。", []),
])
def test_edge_cases(indexed: str, query: str, expected: list[tuple[str, str]]) -> None:
    index = ShingleIndex()
    index.add("src", indexed)
    assert [_sides(index, query, m) for m in index.search(query)] == expected


# --- kinds of match (issue 12): a citation of an instrument or a stock phrase is not agreed language.
# The expectations are the gold set's judgements (tests/gold/provenance.yaml), read from the record.

def test_an_instruments_title_is_a_citation(corpus: Corpus, everything: ShingleIndex) -> None:
    query = _paragraph(corpus, FIRST_DRAFT, "PP4")
    found = [m for m in everything.search(query) if m.key == "1998-bangkok-accord#P2"]
    assert found and {m.kind for m in found} == {"citation"}


def test_the_fields_stock_phrase_is_stock_not_borrowed(corpus: Corpus, everything: ShingleIndex) -> None:
    query = _paragraph(corpus, "2010-07-19-draft", "PP5")
    found = [m for m in everything.search(query) if m.key == "2006-mekong-statement#P8"]
    assert [(_sides(everything, query, m)[0].lower(), m.kind) for m in found] == [
        ("to prevent, suppress and punish trafficking in persons", "stock")]


def test_operative_wording_is_borrowed_and_weighs_more_than_a_stock_phrase(corpus: Corpus, everything: ShingleIndex) -> None:
    query = _paragraph(corpus, "2015-asean-plan", "IV-D-c")
    found = [m for m in everything.search(query) if m.key == "2010-07-19-draft#54"]
    assert [m.kind for m in found] == ["borrowed"]
    stock = [m for m in everything.search(_paragraph(corpus, "2010-07-19-draft", "PP5"))
             if m.key == "2006-mekong-statement#P8"]
    assert found[0].weight > stock[0].weight


def test_rarity_of_another_index_decides_stock() -> None:
    """In an index where the words occur once in twenty texts they are rare (borrowed); weighed by a
    corpus where they are everywhere, the same passage is stock."""
    small = ShingleIndex()
    small.add("a#1", "States shall adopt measures to prevent suppress and punish trafficking in persons today")
    for i in range(20):
        small.add(f"filler#{i}", f"unrelated words number {i} about something else entirely")
    text = "we ask States to prevent suppress and punish trafficking in persons now"
    assert [m.kind for m in small.search(text, min_words=6)] == ["borrowed"]
    assert [m.kind for m in small.search(text, min_words=6, rarity=lambda w: 0.5)] == ["stock"]


def test_two_runs_at_different_places_of_the_source_stay_two_matches() -> None:
    """The query's two runs sit far apart in the source (a different offset): they are two matches,
    each with its own word count, not one span over both."""
    run1 = "alpha bravo charlie delta echo foxtrot golf hotel"
    run2 = "india juliet kilo lima mike november oscar papa"
    index = ShingleIndex()
    index.add("s#1", f"{run2} " + " ".join(f"w{i}" for i in range(30)) + f" {run1}")
    found = index.search(f"{run1} {run2}")
    assert sorted(m.words for m in found) == [8, 8]
    assert len({m.source_span for m in found}) == 2
