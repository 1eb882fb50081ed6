"""Tests written to kill mutants that survived the engine's suite (issue 12, docs/quality.md).

Each one pins a rule a reader relies on at its boundary: the uptake thresholds, the chain's gap
rules and the join of split runs in provenance, the kinds of match, blame's three-word context.
The expected values follow from the rules as documented in the modules (thresholds, gaps), on
small texts made for the purpose; no database, so a mutant's run stays short.
"""

from __future__ import annotations

import math

import pytest

from app.text import provenance as prov
from app.text.blame import Proposal, Version, _inserted_trigrams, _trigrams, blame
from app.text.provenance import MAX_GAP, ShingleIndex, _Chain, _join, _merge, _Passage
from app.text.uptake import ADOPTED_AT, PARTIAL_AT, _klass, classify

# --- uptake -----------------------------------------------------------------------------------
# The uptake helper's branch renames not_applicable into two classes; these accept either name.
NOTHING = {"not_applicable", "no_text", "comment", "nothing_to_judge"}
UNSETTLED = {"not_applicable", "unsettled", "lost", "text_lost", "cannot_settle"}


@pytest.mark.parametrize("s,klass", [(ADOPTED_AT, "adopted"), (ADOPTED_AT - 0.001, "partial"),
                                     (PARTIAL_AT, "partial"), (PARTIAL_AT - 0.001, "not_reflected"),
                                     (1.0, "adopted"), (0.0, "not_reflected")])
def test_uptake_thresholds_are_inclusive(s: float, klass: str) -> None:
    assert _klass(s) == klass


BASE = "States shall adopt measures against trafficking"
FIVE = "States shall adopt effective practical national binding urgent measures against trafficking"


B3 = "States shall adopt measures against trafficking in persons and shall protect the victims of such crimes"
P3 = ("All States shall adopt effective measures against trafficking in persons and shall fully protect the victims "
      "of such crimes promptly")  # three changes, each at its own place: effective, fully, promptly (and "All")


@pytest.mark.parametrize("carried,klass,score", [
    # judged in place (issue 12): the share of the proposal's changes the next version made where it made them
    ("All States shall adopt effective measures against trafficking in persons and shall fully protect the victims "
     "of such crimes", "partial", 0.667),  # two of three: "promptly" at the end is not there
    (P3, "adopted", 1.0),
    (B3, "not_reflected", 0.0),
])
def test_uptake_counts_the_share_of_proposed_words_carried(carried: str, klass: str, score: float) -> None:
    u = classify("replace", B3, P3, carried)
    assert (u.klass, round(u.score or 0, 3)) == (klass, score)
    assert u.reason


def test_uptake_on_an_incomplete_next_version_counts_only_insertions_found() -> None:
    """Where the next version lost text, what cannot be seen there is unsettled, never "not reflected"."""
    u = classify("replace", BASE, FIVE, "adopt effective practical measures", next_complete=False)
    assert u.klass in UNSETTLED and u.score is None and "lost" in u.reason


@pytest.mark.parametrize("kind,proposed,next_text,status,klass,score", [
    ("comment", None, "x", "present", NOTHING, None),
    ("move", None, "x", "present", NOTHING, None),
    ("replace", FIVE, None, "present", NOTHING | UNSETTLED, None),
    ("delete", "", None, "deleted", {"deleted_as_proposed", "adopted"}, 1.0),
    ("delete", "", "merged text, " + BASE, "merged", {"partial"}, 0.5),  # the merged paragraph keeps its words
    ("delete", "", "merged text", "merged", {"deleted_as_proposed"}, 1.0),  # it keeps none: gone as asked
    ("delete", "", BASE, "present", {"not_reflected"}, 0.0),
    ("replace", FIVE, None, "deleted", {"not_reflected"}, 0.0),
    ("excerpt", None, BASE, "present", NOTHING | UNSETTLED, None),
    ("replace", BASE, BASE, "present", NOTHING, None),
])
def test_every_uptake_branch_has_its_class_score_and_a_reason(kind: str, proposed: str | None, next_text: str | None,
                                                           status: str, klass: set[str], score: float | None) -> None:
    u = classify(kind, BASE, proposed, next_text, status)
    assert u.klass in klass
    assert u.score == score
    assert isinstance(u.reason, str) and len(u.reason) > 10


# --- provenance: the chain's gap rules --------------------------------------------------------
K = 5


def _chain() -> _Chain:
    return _Chain(q_start=10, s_start=10, q_last=10, s_last=10)


@pytest.mark.parametrize("i,j,ok", [
    (11, 11, True),     # the next shingle on the same diagonal
    (12, 13, False),    # overlapping shingles at another offset: another passage
    (10, 10, False), (9, 9, False), (10, 17, False), (17, 10, False),  # not forward on both sides
    (11, 16, True),     # past the shingle's end on one side: a skipped word
    (10 + K + MAX_GAP, 10 + K + MAX_GAP, True),        # the widest gap allowed
    (10 + K + MAX_GAP + 1, 10 + K + MAX_GAP + 1, False),
    (10 + K + MAX_GAP, 13, True), (13, 10 + K + MAX_GAP, True),
    (10 + K + MAX_GAP + 1, 13, False), (13, 10 + K + MAX_GAP + 1, False),
])
def test_a_chain_accepts_only_hits_forward_within_the_gap(i: int, j: int, ok: bool) -> None:
    assert _chain().accepts(i, j, K) is ok


def _p(q: tuple[int, int], s: tuple[int, int], covered: set[int] | None = None, key: str = "s#1") -> _Passage:
    return _Passage(key, q, s, covered if covered is not None else set(range(*q)))


def test_merge_joins_overlaps_on_one_diagonal_only() -> None:
    same = _merge([_p((0, 10), (0, 10)), _p((2, 20), (2, 20))])
    assert [(m.q, m.s) for m in same] == [((0, 20), (0, 20))]
    near = _merge([_p((0, 10), (0, 10)), _p((5, 15), (6, 16))])  # one word of drift
    assert [(m.q, m.s) for m in near] == [((0, 15), (0, 16))]
    far = _merge([_p((0, 10), (0, 10)), _p((5, 15), (8, 18))])  # three words: another place
    assert [(m.q, m.s) for m in far] == [((0, 10), (0, 10)), ((5, 15), (8, 18))]
    assert [sorted(m.covered) for m in same] == [list(range(20))]
    assert {m.key for m in same + far} == {"s#1"}


@pytest.mark.parametrize("gap_q,gap_s,joined", [
    (0, 0, True), (prov.JOIN_GAP, prov.JOIN_GAP, True), (prov.JOIN_GAP + 1, prov.JOIN_GAP + 1, False),
    (prov.JOIN_SKEW, 0, True), (prov.JOIN_SKEW + 1, 0, False), (0, prov.JOIN_SKEW, True),
    (0, prov.JOIN_SKEW + 1, False), (prov.JOIN_GAP, prov.JOIN_GAP - prov.JOIN_SKEW, True),
])
def test_join_bridges_short_gaps_of_similar_length(gap_q: int, gap_s: int, joined: bool) -> None:
    a = _p((0, 10), (100, 110), set(range(0, 10)))
    b = _p((10 + gap_q, 20 + gap_q), (110 + gap_s, 120 + gap_s), set(range(10 + gap_q, 20 + gap_q)))
    out = _join([a, b])
    if joined:
        assert [(m.q, m.s) for m in out] == [((0, 20 + gap_q), (100, 120 + gap_s))]
        assert out[0].covered == set(range(0, 10)) | set(range(10 + gap_q, 20 + gap_q))
        assert out[0].key == "s#1"
    else:
        assert [(m.q, m.s) for m in out] == [((0, 10), (100, 110)), ((10 + gap_q, 20 + gap_q), (110 + gap_s, 120 + gap_s))]


def test_join_keeps_going_after_a_join() -> None:
    out = _join([_p((0, 10), (0, 10)), _p((11, 20), (11, 20)), _p((21, 30), (21, 30))])
    assert [(m.q, m.s) for m in out] == [((0, 30), (0, 30))]


def test_a_borrowing_split_by_an_insertion_is_one_match_with_its_score() -> None:
    """Nine shared words, three inserted, nine shared: one match of 21 query words, 18 covered."""
    first = "alpha bravo charlie delta echo foxtrot golf hotel india"
    second = "juliet kilo lima mike november oscar papa quebec romeo"
    index = ShingleIndex()
    index.add("s#1", f"{first} {second}")
    found = index.search(f"{first} x1 x2 x3 {second}")
    assert [(m.words, m.score) for m in found] == [(21, round(18 / 21, 4))]


# --- provenance: kinds of match -----------------------------------------------------------------

def _index_of(n: int) -> ShingleIndex:
    index = ShingleIndex()
    for i in range(n):
        index.add(f"t#{i}", f"filler text number {i}")
    return index


def test_idf_is_log_of_texts_plus_one_over_df_plus_one() -> None:
    index = _index_of(9)
    assert index.idf("filler") == pytest.approx(math.log(10 / 10))
    assert index.idf("number") == pytest.approx(0.0)
    assert index.idf("unseen") == pytest.approx(math.log(10 / 1))
    assert index.idf("3") == pytest.approx(math.log(10 / 2))


def _classify(text: str, rarity: float) -> tuple[str, float]:
    from app.text.tokens import word_spans
    spans = word_spans(text)
    return ShingleIndex().classify(text, spans, 0, len(spans), lambda w: rarity)


def test_stock_below_the_idf_threshold_borrowed_at_it() -> None:
    assert _classify("shall adopt measures promptly", prov.STOCK_IDF) == (prov.BORROWED, prov.STOCK_IDF)
    assert _classify("shall adopt measures promptly", prov.STOCK_IDF - 0.01)[0] == prov.STOCK
    assert _classify("shall adopt measures promptly", 2.71828)[1] == 2.718  # three decimals


def test_function_words_alone_are_stock_of_weight_zero() -> None:
    assert _classify("of the and to in", 9.0) == (prov.STOCK, 0.0)


def test_citation_from_three_capitalized_content_words_at_sixty_percent() -> None:
    # 5 content words, 3 capitalized: exactly 60%
    assert _classify("the Convention against Transnational Crime and its protocols", 5.0)[0] == prov.CITATION
    # 6 content words, 3 capitalized (50%): not a citation
    assert _classify("the Convention against Transnational Crime and its protocols today", 5.0)[0] == prov.BORROWED
    # 2 content words, both capitalized: too few for a title
    assert _classify("the United Nations", 5.0)[0] == prov.BORROWED
    assert _classify("the United Nations Office", 5.0) == (prov.CITATION, 5.0)


def test_an_index_remembers_its_keys_and_texts() -> None:
    index = ShingleIndex(k=3)
    index.add("a#1", "one two three four")
    assert "a#1" in index and "b#1" not in index
    assert index.text("a#1") == "one two three four"
    assert index.k == 3
    with pytest.raises(ValueError):
        index.add("a#1", "again")
    with pytest.raises(ValueError):
        ShingleIndex(k=0)
    assert [m.key for m in index.search("one two three", min_words=3)] == ["a#1"]


# --- blame: the three-word context ----------------------------------------------------------------

def test_trigrams_are_every_run_of_three_words() -> None:
    assert _trigrams(["a1", "b1", "c1", "d1"]) == {("a1", "b1", "c1"), ("b1", "c1", "d1")}
    assert _trigrams(["a1", "b1"]) == set()


def test_inserted_trigrams_are_the_windows_that_touch_an_inserted_word() -> None:
    added, grams = _inserted_trigrams("states shall act now today", "states shall act now today promptly")
    assert added == {"promptly"}
    assert grams == {("now", "today", "promptly")}
    added, grams = _inserted_trigrams("states shall act now today", "states promptly shall act now today")
    assert grams == {("states", "promptly", "shall"), ("promptly", "shall", "act")}


def test_blame_credits_a_delegation_only_for_a_word_inserted_in_the_same_context() -> None:
    v1 = Version("d1", "1", "Member States shall act", [
        Proposal("eu", "Member States shall act promptly"),
        Proposal("usa", "Promptly Member States shall act"),  # the same word, elsewhere
    ])
    v2 = Version("d2", "1", "Member States shall act promptly")
    spans = blame([v1, v2])
    new = [s for s in spans if s.document == "d2"]
    assert [s.delegations for s in new] == [("eu",)]
