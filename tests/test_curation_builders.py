"""The curation builders against the corpus files they made, and their helpers on real
record lines. The YAML files are the source of truth: when one is edited by hand, the
builder's spec is updated to match, and these tests keep the two in step."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from curation import asean_2015, bangkok, first_draft, outline
from curation.build import RepairError, apply_repairs, extract, extract_lines, join_lines
from tests.conftest import DRAFTS, RECORD

F = RECORD.name  # 003_4916da8653de9fbc.txt, the OCR'd record of the 2010 consultations


@pytest.mark.parametrize(
    ("build", "slug"),
    [
        (first_draft.build, "2010-04-16-first-draft"),
        (outline.build, "2010-03-08-possible-elements"),
        (bangkok.build, "1998-bangkok-accord"),
        (asean_2015.build, "2015-asean-plan"),
    ],
)
def test_builder_reproduces_the_committed_file(build: Callable[[], str], slug: str) -> None:
    assert build() == (DRAFTS / f"{slug}.yaml").read_text(encoding="utf-8")


def test_word_hyphenated_across_lines_is_rejoined() -> None:
    # record lines 669-672: "... appropriate and non-" / "discriminatory measures ..."
    text = extract(F, 669, 686, strip_label=r"^16\.\s*")
    assert text == (
        "Developing or strengthening processes for the identification of victims such as "
        "those developed by UNODC and IOM, including appropriate and non-discriminatory "
        "measures that help to identify trafficked victims among vulnerable populations;"
    )


def test_spaced_dash_at_line_end_keeps_its_space() -> None:
    assert join_lines(["victims -", "children"]) == "victims - children"
    assert join_lines(["non-", "governmental"]) == "non-governmental"


def test_number_only_lines_are_dropped() -> None:
    # line 568 is "L." (the OCR of "1."), line 570 is "2."; blank lines between are dropped too
    assert extract_lines(F, 566, 573) == [
        "cooperation against trafficking in persons by:",
        "Consistently, unequivocally and strongly condemning trafficking in persons, as it",
        "constitutes a serious threat to development, peace and security, and human rights;",
    ]


def test_repair_applied_once_is_recorded_in_curation() -> None:
    p = dict(label="9", text=extract(F, 623, 629), repairs=[("leamed", "learned")])
    apply_repairs(p)
    assert "lessons learned and expertise" in p["text"]
    assert p["curation"] == ["OCR 'leamed' read as 'learned'"]


@pytest.mark.parametrize(
    ("old", "found"),
    [("pomography", 0), ("Trafficking in Persons Protocol", 2)],
)
def test_repair_not_occurring_exactly_once_raises(old: str, found: int) -> None:
    p = dict(label="9", text=extract(F, 623, 629), repairs=[(old, "x")])
    with pytest.raises(RepairError, match=f"occurs {found} times"):
        apply_repairs(p)
