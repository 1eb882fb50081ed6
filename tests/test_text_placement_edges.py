"""Placement's edge cases (issue 12), on the very inputs that showed them.

Each expected paragraph is written out by hand from the first draft (drafts/2010-04-16-first-
draft.yaml, the lines cited) and the input (amendments/2010-05-18-table-of-inputs/*.yaml), not
taken from the engine.
"""

from __future__ import annotations

import pytest

from app.corpus.catalog import Corpus
from app.text.placement import place, strip_label

FIRST, TABLE = "2010-04-16-first-draft", "2010-05-18-table-of-inputs"


def _placed(corpus: Corpus, ident: str) -> str | None:
    comp = next(c for c in corpus.compilations if c.doc.slug == TABLE)
    inp = next(i for f in comp.files for i in f.data.inputs if i.id == ident)
    doc = corpus.document(FIRST)
    assert doc is not None
    base = next(p.text for p in doc.paragraphs if p.label == inp.target)
    return place(inp.kind.value, base, inp.text).text


@pytest.mark.parametrize(("ident", "expected"), [
    # first draft 33 (lines 549-554) ends "at high risk for trafficking;"; the African Group's excerpt
    # (african-group.yaml 670-675) rewrites it and goes on ("of trafficking ..."): the ";" stays
    ("african-group-33-1",
     "To adopt labour laws that provide legal rights and protections for workers at high risk of trafficking;"),
    # first draft 31 (lines 534-540) ends "in appropriate cases;"; OHCHR's excerpt (ohchr.yaml 91-96)
    # ends "in appropriate cases..."
    ("ohchr-31-1",
     "Adopting legislative or other appropriate measures to allow foreign victims to legalize their immigration "
     "status or pursue permanent residency or citizenship, including access to the asylum process, in appropriate "
     "cases;"),
])
def test_an_excerpt_that_goes_on_keeps_the_paragraphs_closing_mark(corpus: Corpus, ident: str, expected: str) -> None:
    assert _placed(corpus, ident) == expected


@pytest.mark.parametrize(("ident", "expected"), [
    # first draft 58 (lines 779-785) ends "good practices;"; USA (usa.yaml, usa-58-1) adds at the end
    # "in supplementing ... to that Convention." - one closing mark, the paragraph's ";"
    ("usa-58-1",
     "Stressing the importance of regional approaches to facilitate mutual legal assistance and the exchange of "
     "information including operational information, programs and good practices in supplementing the United "
     "Nations Convention against Transnational Organized Crime and the work done by the Conference of the Parties "
     "to that Convention;"),
    # first draft 28 (lines 514-520); USA deletes "including, inter alia, ... confidential." after
    # "proceedings": "proceedings;" not "proceedings,;"
    ("usa-28-1",
     "Protecting the privacy and identity of victims of trafficking in persons before, during and after criminal "
     "proceedings;"),
    # first draft 31 (lines 534-540); USA adds after "citizenship" "or obtain temporary work permits,": one
    # comma before "in appropriate cases"
    ("usa-31-1",
     "Adopting legislative or other appropriate measures to allow foreign victims to legalize their immigration "
     "status or pursue permanent residency or citizenship or obtain temporary work permits, in appropriate cases;"),
])
def test_instructions_leave_one_mark_at_each_seam(corpus: Corpus, ident: str, expected: str) -> None:
    assert _placed(corpus, ident) == expected


def test_add_after_a_quoted_comma_goes_after_the_comma(corpus: Corpus) -> None:
    """Japan (japan-43-1): add, after "all forms of exploitation,", "within the limits of domestic law of
    each Member States,"; first draft 43 (lines 634-641) goes on ", including at a minimum"."""
    placed = _placed(corpus, "japan-43-1")
    assert placed is not None
    assert ("all forms of exploitation, within the limits of domestic law of each Member States, including at a "
            "minimum") in placed


@pytest.mark.parametrize(("base", "addition", "expected"), [
    ("States should act.", ", where appropriate", "States should act, where appropriate."),
    ("and to submit a report.", "to the General Assembly.", "and to submit a report to the General Assembly."),
    ("without a closing mark", "and more", "without a closing mark and more"),
])
def test_add_at_the_end_joins_cleanly(base: str, addition: str, expected: str) -> None:
    """'add at the end' gave "act , where appropriate." and "report..": a leading comma is not spaced off,
    and the paragraph's closing mark is the one kept."""
    placed = place("instruction", base, f"Add at the end “{addition}”")
    assert placed.text == expected


def test_a_whole_paragraph_starting_with_a_number_keeps_it() -> None:
    """No input of the seed corpus starts so; the record has paragraphs that do (drafts/sources/
    003_4916da8653de9fbc.txt line 6880: "While 128 States have become Parties"). A number followed by
    a word is the text's own; a number followed by "." or "bis" is a label."""
    assert place("replace", "Old text;", "15 States have ratified the Protocol;").text == \
        "15 States have ratified the Protocol;"
    assert strip_label("15. States have ratified") == "States have ratified"
    assert strip_label("19 bis Promoting") == "Promoting"
    assert strip_label("PP.4 Reaffirming") == "Reaffirming"
    assert strip_label("OP2(c): Calling") == "Calling"
