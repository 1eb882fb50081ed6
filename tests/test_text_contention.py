"""Where the negotiation is: contention per paragraph and agreement between delegations.

Small tables first, built from the Table of Inputs of 18 May 2010 (annex paragraph 36, the
trust fund: the EU, Thailand and the USA asked to delete it, Japan asked to drop "and
compensation", OHCHR offered a rewrite), then the same facts read from the curated corpus.
"""

from __future__ import annotations

import pytest

from app.corpus.catalog import Corpus
from app.text.contention import (
    AlignmentMatrix,
    InputRecord,
    ParagraphContention,
    alignment,
    change_set,
    contention,
    similar_changes,
)

TRUST_FUND = ("Urging the General Assembly to establish a United Nations trust fund for the rehabilitation "
              "and compensation of victims")
NO_COMPENSATION = TRUST_FUND.replace(" and compensation", "")
NO_COMPENSATION_ALL = NO_COMPENSATION.replace("of victims", "of all victims")
NO_REHABILITATION = TRUST_FUND.replace("rehabilitation and ", "")


def rec(id: str, delegation: str, target: str, kind: str, proposed: str | None = None,
        base: str = TRUST_FUND) -> InputRecord:
    return InputRecord(id=id, delegation=delegation, target=target, kind=kind, base_text=base,
                       proposed_text=proposed)


# --- contention -----------------------------------------------------------------------------

def test_no_inputs_no_contention() -> None:
    assert contention([]) == []


def test_annex_36_from_the_record_outranks_a_paragraph_with_two_amendments() -> None:
    inputs = [
        rec("eu-36", "eu", "36", "delete"),
        rec("thailand-36", "thailand", "36", "delete"),
        rec("usa-36", "usa", "36", "delete"),
        rec("japan-36-1", "japan", "36", "comment"),
        rec("japan-36-2", "japan", "36", "instruction"),
        rec("ohchr-36", "ohchr", "36", "replace", "To consider reinforcing the existing Trust Fund"),
        rec("holy-see-36", "holy-see", "36", "comment"),
        rec("japan-4", "japan", "4", "instruction"),
        rec("eu-4", "eu", "4", "replace", "Promoting the ratification of the Protocol"),
    ]
    assert contention(inputs) == [
        ParagraphContention(label="36", inputs=7, delegations=6, deletion_requests=3,
                            textual_amendments=2, comments=2, score=9.0),
        ParagraphContention(label="4", inputs=2, delegations=2, deletion_requests=0,
                            textual_amendments=2, comments=0, score=2.0),
    ]


def test_a_delegation_asking_twice_to_delete_is_one_request() -> None:
    inputs = [rec("usa-36-1", "usa", "36", "delete"), rec("usa-36-2", "usa", "36", "delete")]
    assert contention(inputs) == [
        ParagraphContention(label="36", inputs=2, delegations=1, deletion_requests=1,
                            textual_amendments=0, comments=0, score=2.0),
    ]


def test_moves_and_merges_count_as_inputs_only() -> None:
    inputs = [rec("eu-20", "eu", "20", "move"), rec("canada-20", "canada", "20", "merge")]
    assert contention(inputs) == [
        ParagraphContention(label="20", inputs=2, delegations=2, deletion_requests=0,
                            textual_amendments=0, comments=0, score=2.0),
    ]


def test_ties_are_in_natural_label_order() -> None:
    inputs = [rec(f"eu-{label}", "eu", label, "comment") for label in ("PP10", "36", "PP2", "4")]
    assert [c.label for c in contention(inputs)] == ["4", "36", "PP2", "PP10"]


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown kind 'strike'"):
        rec("eu-36", "eu", "36", "strike")


# --- change sets ----------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "proposed", "expected"), [
    ("replace", None, None),  # full text unknown: nothing to compare
    ("instruction", None, None),
    ("comment", "anything", None),
    ("replace", TRUST_FUND, frozenset()),  # identical
    ("replace", NO_COMPENSATION, frozenset({("-", "and"), ("-", "compensation")})),
    ("replace", NO_COMPENSATION_ALL, frozenset({("-", "and"), ("-", "compensation"), ("+", "all")})),
    ("replace", NO_REHABILITATION, frozenset({("-", "rehabilitation"), ("-", "and")})),
    ("excerpt", TRUST_FUND.upper(), frozenset()),  # case is not a change of wording
    ("insert", "Trust Fund, Trust Fund", frozenset({("+", "trust"), ("+", "fund")})),  # its own words
])
def test_change_set(kind: str, proposed: str | None, expected: frozenset[tuple[str, str]] | None) -> None:
    assert change_set(rec("x", "eu", "36", kind, proposed)) == expected


@pytest.mark.parametrize(("a", "b", "similar"), [
    (None, None, False),
    (frozenset(), frozenset(), False),
    (frozenset({("-", "and"), ("-", "compensation")}), frozenset({("-", "and"), ("-", "compensation")}), True),
    (frozenset({("-", "and"), ("-", "compensation")}),
     frozenset({("-", "and"), ("-", "compensation"), ("+", "all")}), True),  # 2/3
    (frozenset({("-", "a"), ("-", "b")}), frozenset({("-", "b"), ("-", "c")}), False),  # 1/3
    (frozenset({("-", "a"), ("-", "b")}), frozenset({("-", "b")}), True),  # exactly 1/2
    (frozenset({("-", "compensation")}), frozenset({("+", "compensation")}), False),  # opposite changes
])
def test_similar_changes(a: frozenset[tuple[str, str]] | None, b: frozenset[tuple[str, str]] | None,
                         similar: bool) -> None:
    assert similar_changes(a, b) is similar
    assert similar_changes(b, a) is similar


# --- alignment ------------------------------------------------------------------------------

def test_no_inputs_no_alignment() -> None:
    assert alignment([]) == AlignmentMatrix(delegations=[], matrix=[], agreements=[])


def test_alignment_counts_shared_deletions_and_similar_rewrites() -> None:
    inputs = [
        # 36: the EU and the USA both drop "and compensation" (the USA also adds "all"); Thailand
        # drops "rehabilitation and" instead; Japan only comments
        rec("eu-36", "eu", "36", "replace", NO_COMPENSATION),
        rec("usa-36", "usa", "36", "replace", NO_COMPENSATION_ALL),
        rec("thailand-36", "thailand", "36", "replace", NO_REHABILITATION),
        rec("japan-36", "japan", "36", "comment"),
        # PP14: the EU and Thailand ask to delete; the USA's instruction has no full text
        rec("eu-pp14", "eu", "PP14", "delete"),
        rec("thailand-pp14", "thailand", "PP14", "delete"),
        rec("usa-pp14", "usa", "PP14", "instruction"),
    ]
    assert alignment(inputs) == AlignmentMatrix(
        delegations=["eu", "japan", "thailand", "usa"],
        agreements=[[2, 0, 1, 1],
                    [0, 1, 0, 0],
                    [1, 0, 2, 0],
                    [1, 0, 0, 2]],
        matrix=[[1.0, 0.0, 0.5, 0.5],
                [0.0, 1.0, 0.0, 0.0],
                [0.5, 0.0, 1.0, 0.0],
                [0.5, 0.0, 0.0, 1.0]],
        # paragraphs both touched: the EU, Thailand and the USA touched 36 and PP14, Japan 36 only
        shared=[[2, 1, 2, 2],
                [1, 1, 1, 1],
                [2, 1, 2, 2],
                [2, 1, 2, 2]],
        agreement=[[1.0, 0.0, 0.5, 0.5],
                   [0.0, 1.0, 0.0, 0.0],
                   [0.5, 0.0, 1.0, 0.0],
                   [0.5, 0.0, 0.0, 1.0]],
    )


def test_agreement_is_counted_once_per_paragraph() -> None:
    """Two deletions and a shared rewrite on the same paragraph are one agreement, not three."""
    inputs = [
        rec("eu-36-1", "eu", "36", "delete"), rec("eu-36-2", "eu", "36", "replace", NO_COMPENSATION),
        rec("usa-36-1", "usa", "36", "delete"), rec("usa-36-2", "usa", "36", "replace", NO_COMPENSATION),
        rec("usa-5", "usa", "5", "comment", base="Recognizing ..."),
    ]
    assert alignment(inputs) == AlignmentMatrix(
        delegations=["eu", "usa"],
        agreements=[[1, 1], [1, 2]],
        matrix=[[1.0, 0.5], [0.5, 1.0]],
        # the only paragraph both touched is 36, and there they agree: 1 of 1, whatever else the USA touched
        shared=[[1, 1], [1, 2]],
        agreement=[[1.0, 1.0], [1.0, 1.0]],
    )


# --- the curated Table of Inputs ------------------------------------------------------------

def _table_of_inputs(corpus: Corpus) -> list[InputRecord]:
    """Every input of the 18 May 2010 compilation; a `replace` carries its full text."""
    comp = next(c for c in corpus.compilations if c.path.name == "2010-05-18-table-of-inputs")
    base = corpus.document(comp.doc.base or "")
    assert base is not None
    texts = {p.label: p.text for p in base.paragraphs}
    return [InputRecord(id=i.id, delegation=f.data.delegation, target=i.target, kind=i.kind.value,
                        base_text=texts[i.target], proposed_text=i.text if i.kind.value == "replace" else None)
            for f in comp.files for i in f.data.inputs]


def test_annex_36_draws_deletion_requests_from_eu_thailand_and_usa(corpus: Corpus) -> None:
    inputs = _table_of_inputs(corpus)
    [row] = [c for c in contention(inputs) if c.label == "36"]
    assert row.deletion_requests == 3
    assert sorted({r.delegation for r in inputs if r.target == "36" and r.kind == "delete"}) == [
        "eu", "thailand", "usa"]
    on_36 = alignment([r for r in inputs if r.target == "36"])
    eu, thailand, usa = (on_36.delegations.index(d) for d in ("eu", "thailand", "usa"))
    assert [on_36.matrix[eu][thailand], on_36.matrix[eu][usa], on_36.matrix[thailand][usa]] == [1.0, 1.0, 1.0]


def test_eu_and_usa_agree_where_both_spoke_not_zero(corpus: Corpus) -> None:
    """The EU and the USA both asked to delete annex 36 (eu.yaml, usa.yaml: kind delete on 36). Over
    every paragraph either touched the share rounds to 0 on a 0-10 scale; over the paragraphs both
    touched it counts 36 among the agreements."""
    m = alignment(_table_of_inputs(corpus))
    eu, usa = m.delegations.index("eu"), m.delegations.index("usa")
    both = {r.target for r in _table_of_inputs(corpus) if r.delegation == "eu"} & {
        r.target for r in _table_of_inputs(corpus) if r.delegation == "usa"}
    assert "36" in both and m.shared[eu][usa] == len(both)
    assert m.agreements[eu][usa] >= 1
    assert m.agreement[eu][usa] == round(m.agreements[eu][usa] / len(both), 4) > m.matrix[eu][usa]
    assert round(m.matrix[eu][usa] * 10) == 0  # what the old page printed
