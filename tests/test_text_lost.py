"""The engine's third state (text lost in the scan), merges against all their sources, and new
paragraphs: pure functions, tested as tables of texts, edge cases first."""

from __future__ import annotations

import pytest

from app.text.align import Candidate, match_new_paragraph
from app.text.lost import GAP, has_gap, join_gap_tokens, only_gaps
from app.text.lost_placement import place_keeping_gaps
from app.text.merge import diff_sources
from app.text.redline import Op, diff_words, judged, new_text, old_text, only_lost, similarity
from app.text.tokens import tokenize

D, E, I, L = Op.DELETE, Op.EQUAL, Op.INSERT, Op.LOST
BASE3 = ("Taking urgent action to prevent trafficking in persons, protect its victims and punish culprits, "
         "in the spirit of cooperation;")


def _ops(old: str, new: str) -> list[tuple[int, str]]:
    edits = diff_words(old, new)
    assert (old_text(edits), new_text(edits)) == (old, new)  # nothing lost from either text
    return [(int(e.op), e.text) for e in edits]


@pytest.mark.parametrize(("old", "new", "want"), [
    ("", "", []),
    ("", "[...]", [(L, "")]),
    ("A [...] b", "A [...] b", [(E, "A "), (L, ""), (E, "b")]),  # the same gap in both: still a gap
    ("Noting that trafficking is a crime;", "[...]", [(L, "Noting that trafficking is a crime;")]),  # July PP3
    (BASE3, "Taking urgent action to prevent trafficking in persons, protect its victims and [...]",  # EU on 3
     [(E, "Taking urgent action to prevent trafficking in persons, protect its victims and "),
      (L, "punish culprits, in the spirit of cooperation;")]),
    (BASE3, "[...] protect its victims and punish culprits, in the spirit of cooperation;",  # the opening lost
     [(L, "Taking urgent action to prevent trafficking in persons, "),
      (E, "protect its victims and punish culprits, in the spirit of cooperation;")]),
    ("Reiterating its strong condemnation of trafficking, which constitutes a serious threat;",
     "Reiterating its strong [...] constitutes a serious threat;",  # a hole in the middle
     [(E, "Reiterating its strong "), (L, "condemnation of trafficking, which "), (E, "constitutes a serious threat;")]),
    ("A [...] b c", "A x b c", [(E, "A "), (L, "x "), (E, "b c")]),  # the old text's gap: the new words stand against it
])
def test_a_gap_is_one_lost_edit_never_a_change(old: str, new: str, want: list[tuple[int, str]]) -> None:
    assert _ops(old, new) == [(int(op), text) for op, text in want]


def test_words_the_record_shows_next_to_a_gap_stay_changes() -> None:
    """Only what stands against the gap is lost: the delegation's visible new words are insertions."""
    ops = _ops(BASE3, "Acting now to prevent trafficking in persons, protect its victims and [...]")
    assert (D, "Taking urgent action") in ops and (I, "Acting now") in ops
    assert ops[-1] == (L, "punish culprits, in the spirit of cooperation;")
    assert not any(op in (D, I) and has_gap(text) for op, text in ops)


def test_lost_text_is_not_judged_nor_counted() -> None:
    edits = diff_words(BASE3, "Taking urgent action to prevent trafficking in persons, protect its victims and [...]")
    assert [e.op for e in judged(edits)] == [E]
    assert only_lost(edits) and similarity(edits) == 1.0  # nothing the record shows differs


@pytest.mark.parametrize("mark", ["[...]", "[…]", "[. . .]"])
def test_the_gap_mark_is_one_token(mark: str) -> None:
    tokens, gaps = join_gap_tokens(tokenize(f"before {mark} after"))
    assert tokens == ["before ", f"{mark} ", "after"] and gaps == {1}
    assert GAP.fullmatch(mark) and only_gaps(f" {mark} ") and not only_gaps(f"x {mark}")


def test_a_delegations_own_ellipsis_is_not_a_gap() -> None:
    assert not has_gap("...61/180, and resolutions 64/178") and not has_gap("as [as set out in / as outlined")


# --- merges ---------------------------------------------------------------------------

SOURCES = [("42", "Ensuring the effective implementation of instruments;"),
           ("43", "Prosecuting crimes of trafficking in persons that encompass all forms of exploitation;"),
           ("44", "Enacting legislation that criminalizes trafficking;")]
MERGED = ("Implement instruments, including by:\na. Prosecuting crimes of trafficking in persons that encompass "
          "all forms of exploitation;\nb. Enacting and enforcing legislation that criminalizes trafficking;")


def test_a_merge_is_read_against_all_its_sources_joined_in_order() -> None:
    edits = diff_sources(SOURCES, MERGED)
    assert old_text(edits) == "\n".join(t for _, t in SOURCES) and new_text(edits) == MERGED
    kept = [(e.source, e.text) for e in edits if e.op == E]
    assert ("43", "Prosecuting crimes of trafficking in persons that encompass all forms of exploitation;\n") in kept
    assert {e.source for e in edits if e.op in (E, D)} == {"42", "43", "44"}
    assert all(e.source is None for e in edits if e.op == I)


def test_an_edit_is_cut_where_one_source_ends() -> None:
    """A struck run over two sources becomes two struck runs, each naming its own."""
    edits = diff_sources([("1", "Alpha beta;"), ("2", "Gamma delta;")], "Epsilon.")
    assert [(int(e.op), e.source) for e in edits if e.op == D] == [(-1, "1"), (-1, "2")]


def test_one_source_is_a_plain_redline_with_its_label() -> None:
    edits = diff_sources([("5", "a b c")], "a b d")
    assert [(e.op, e.text) for e in edits] == [(e.op, e.text) for e in diff_words("a b c", "a b d")]
    assert {e.source for e in edits if e.op != I} == {"5"}


# --- placing an input the scan cut ------------------------------------------------------

def test_a_truncated_replacement_keeps_its_gap() -> None:
    p = place_keeping_gaps("replace", BASE3, "Taking urgent action to prevent trafficking in persons, protect its victims and [...]")
    assert p.method == "whole" and p.text is not None and p.text.endswith("and [...]")


@pytest.mark.parametrize(("excerpt", "want"), [
    ("[...] protect its victims and punish offenders, in the spirit...",
     "[...] protect its victims and punish offenders, in the spirit of cooperation;"),
    ("...prevent trafficking in persons, protect its victims [...]",
     "Taking urgent action to prevent trafficking in persons, protect its victims [...]"),
])
def test_an_excerpts_gap_takes_the_place_of_the_base_words_on_its_side(excerpt: str, want: str) -> None:
    assert place_keeping_gaps("excerpt", BASE3, excerpt).text == want


def test_an_input_without_a_gap_is_placed_as_before() -> None:
    from app.text.placement import place
    for kind, text in (("replace", "Acting now;"), ("excerpt", "...protect its victims and punish offenders...")):
        assert place_keeping_gaps(kind, BASE3, text) == place(kind, BASE3, text)


# --- new paragraphs ---------------------------------------------------------------------

NEXT = (Candidate("19", "Adopt and implement specific measures to combat trafficking for labour exploitation;", 20, False),
        Candidate("19bis", "Adopt measures against prostitution, child pornography and the sexual exploitation of children;", 21, True),
        Candidate("40", "Ensure that victims are protected from prostitution, child pornography and sexual exploitation;", 45, False))


def test_a_new_paragraph_is_matched_to_a_new_or_nearby_paragraph_of_the_next_draft() -> None:
    proposal = "Adopting measures against prostitution, child pornography and sexual exploitation of children"
    found = match_new_paragraph(proposal, NEXT, near=20)
    assert found is not None and found[0].label == "19bis"
    assert match_new_paragraph(proposal, NEXT[2:], near=20) is None  # alike, but neither new nor near
    assert match_new_paragraph("Something else entirely, about fisheries.", NEXT, near=20) is None
