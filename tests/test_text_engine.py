"""The engine on the record: alignment, placement, uptake and blame of real paragraphs and inputs.

Pure functions, fed from the curated YAML (no database): what a facilitator or historian
would check by reading the first draft, the Table of Inputs and the July draft side by side.
"""

from __future__ import annotations

import pytest

from app.corpus.catalog import Corpus
from app.corpus.schema import DocumentIn, InputIn
from app.text.align import Link, Para, align
from app.text.blame import Proposal, Version, blame
from app.text.placement import apply_instructions, parse_instructions, place, place_excerpt
from app.text.redline import Op
from app.text.uptake import classify, score
from app.text.tokens import words

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"


def _doc(corpus: Corpus, slug: str) -> DocumentIn:
    d = corpus.document(slug)
    assert d is not None
    return d


def _text(corpus: Corpus, slug: str, label: str) -> str:
    return next(p.text for p in _doc(corpus, slug).paragraphs if p.label == label)


def _input(corpus: Corpus, ident: str) -> InputIn:
    comp = next(c for c in corpus.compilations if c.doc.slug == TABLE)
    return next(i for f in comp.files for i in f.data.inputs if i.id == ident)


def _aligned(corpus: Corpus):  # type: ignore[no-untyped-def]
    first, july = _doc(corpus, FIRST), _doc(corpus, JULY)
    old = [Para(p.label, p.text, p.section, p.status.value) for p in first.paragraphs]
    new = [Para(p.label, p.text, p.section, p.status.value, p.merged_into) for p in july.paragraphs]
    links = [Link(ln.from_.split("#", 1)[1], p.label, ln.relation.value) for p in july.paragraphs
             for ln in p.lineage if ln.from_ and ln.from_.startswith(FIRST + "#")]
    return align(old, new, links), old, new, links


# --- comparing two documents --------------------------------------------------------------

def test_declared_merges_come_out_as_merges(corpus: Corpus) -> None:
    pairs, *_ = _aligned(corpus)
    merged = {p.to_label: p.from_labels for p in pairs if p.relation == "merged"}
    assert merged == {"42": ["42", "43", "44", "45", "46", "47"], "49": ["49", "50", "52"],
                      "56": ["56", "57", "58"], "60": ["60", "62"]}


def test_every_first_draft_paragraph_has_exactly_one_fate(corpus: Corpus) -> None:
    pairs, old, new, _ = _aligned(corpus)
    fates = [label for p in pairs for label in p.from_labels]
    assert sorted(fates) == sorted(p.label for p in old)
    present = {p.label for p in new if p.status == "present"}
    assert {label for p in pairs for label in p.to_labels} >= present


def test_declared_deletions_and_lost_paragraphs(corpus: Corpus) -> None:
    pairs, *_ = _aligned(corpus)
    by_from = {p.from_labels[0]: p for p in pairs if p.from_labels}
    for label in ("5", "29", "37", "68"):
        assert by_from[label].relation == "deleted" and by_from[label].to_labels == [label]
    assert by_from["11"].to_labels == ["11"] and by_from["11"].via == "label"  # the scan lost July 11's text
    assert by_from["PP3"].to_labels == ["PP4"] and by_from["PP3"].renumbered


def test_a_merged_pair_says_what_each_source_gave(corpus: Corpus) -> None:
    pairs, *_ = _aligned(corpus)
    merged_56 = next(p for p in pairs if p.relation == "merged" and p.to_label == "56")
    july_56 = _text(corpus, JULY, "56")
    shares = {c.label: c.share for c in merged_56.contributions}
    assert set(shares) == {"56", "57", "58"}
    for c in merged_56.contributions:
        for start, end in c.spans:  # every contributed span is text the source paragraph also has
            assert " ".join(words(july_56[start:end])) in " ".join(words(_text(corpus, FIRST, c.label)))
    assert shares["57"] > 0


def test_alignment_without_lineage_falls_back_to_similarity(corpus: Corpus) -> None:
    pairs, old, new, _ = _aligned(corpus)
    unlinked = align(old, new, [])
    by_from = {p.from_labels[0]: p for p in unlinked if p.from_labels}
    assert by_from["PP1"].relation == "unchanged" and by_from["PP1"].via == "similarity"
    merged = next(p for p in unlinked if "43" in p.from_labels)  # "[Merged with paragraph 42]" still says so
    assert merged.relation == "merged" and merged.to_labels == ["42"] and "47" in merged.from_labels


# --- placing proposals into their paragraph -----------------------------------------------

def test_belarus_excerpt_on_pp4_is_placed(corpus: Corpus) -> None:
    base = _text(corpus, FIRST, "PP4")
    inp = next(i for i in _all_inputs(corpus) if i.id.startswith("belarus-pp4"))
    placed = place_excerpt(base, inp.text)
    assert not placed.flagged and placed.confidence > 0.8
    assert "ILO conventions 29 and 182" in placed.text and "ILO convention 29" not in placed.text
    assert placed.text.startswith("Reaffirming the General Assembly Resolution 55/25")  # the rest is kept


def _all_inputs(corpus: Corpus) -> list[InputIn]:
    comp = next(c for c in corpus.compilations if c.doc.slug == TABLE)
    return [i for f in comp.files for i in f.data.inputs]


@pytest.mark.parametrize(("ident", "target", "gone", "added"), [
    ("japan-pp5-1", "PP5", "aforementioned United Nations", ""),
    ("usa-pp12-1", "PP12", "Noting", "Recognizing"),
    ("japan-26-1", "26", "service providers and others", "officials"),
    ("usa-26-1", "26", "", "labor inspectors"),
    ("japan-36-2", "36", "and compensation", ""),
])
def test_instructions_are_applied(corpus: Corpus, ident: str, target: str, gone: str, added: str) -> None:
    inp = _input(corpus, ident)
    base = _text(corpus, FIRST, target)
    placed = apply_instructions(base, inp.text)
    assert not placed.flagged, placed.reason
    if gone:
        assert gone in base and gone not in placed.text
    if added:
        assert placed.text.count(added) == base.count(added) + 1


def test_usa_31_after_with_an_unclosed_quote(corpus: Corpus) -> None:
    placed = apply_instructions(_text(corpus, FIRST, "31"), _input(corpus, "usa-31-1").text)
    assert "citizenship or obtain temporary work permits" in placed.text


@pytest.mark.parametrize("ident", ["iom-pp4-1", "canada-op2c-1", "unicef-28-1"])
def test_instructions_without_a_place_are_flagged_not_guessed(corpus: Corpus, ident: str) -> None:
    inp = _input(corpus, ident)
    placed = place("instruction", "base text", inp.text)
    assert placed.flagged and placed.text is None


def test_an_excerpt_with_no_anchor_is_flagged() -> None:
    base = "Reaffirming the General Assembly Resolution 55/25 of 2000, adopting the Convention"
    placed = place_excerpt(base, "...establish a national rapporteur with an independent mandate...")
    assert placed.flagged and placed.text is None


def test_instruction_forms_parse() -> None:
    forms = parse_instructions('Delete “both” and “and perpetrators.”; After “X” add “Y”; Change “a” to “b”')
    assert [(f.action, f.target, f.text) for f in forms] == [
        ("delete", "both", ""), ("delete", "and perpetrators.", ""), ("after", "X", "Y"), ("replace", "a", "b")]


# --- uptake -----------------------------------------------------------------------------

def _uptake(corpus: Corpus, ident: str, july_label: str) -> tuple[str, float | None]:
    inp = _input(corpus, ident)
    base = _text(corpus, FIRST, inp.target)
    placed = place(inp.kind.value, base, inp.text)
    july = next(p for p in _doc(corpus, JULY).paragraphs if p.label == july_label)
    u = classify(inp.kind.value, base, placed.text, july.text, july.status.value, july.quality.value != "incomplete")
    return u.klass, u.score


@pytest.mark.parametrize(("ident", "july", "klass"), [
    ("japan-26-1", "26", "adopted"),       # "relevant officials likely to encounter": adopted
    ("usa-26-1", "26", "adopted"),         # "labor inspectors" is in July 26
    ("japan-30-1", "30", "adopted"),       # "full" rehabilitation dropped
    ("japan-32-1", "32", "adopted"),       # "shall preferably be voluntary"
    ("japan-25-1", "25", "not_reflected"),  # July keeps "services"
    # July 32 lost its end in the scan ("... preferably be voluntary as [as set out in / as outlined"),
    # right after the place of Holy See's "and dignity" (after "safety"): it may be there
    ("holy-see-32-1", "32", "unsettled"),
    ("eu-36-1", "36", "not_reflected"),    # EU asked to delete 36; July keeps it
    ("usa-36-1", "36", "not_reflected"),
    ("usa-pp12-1", "PP13", "unsettled"),  # July PP13's opening, where "Noting" -> "Recognizing" falls, was lost in the scan
])
def test_uptake_of_real_inputs(corpus: Corpus, ident: str, july: str, klass: str) -> None:
    assert _uptake(corpus, ident, july)[0] == klass


def test_a_deletion_the_july_draft_made(corpus: Corpus) -> None:
    deleting = [i for i in _all_inputs(corpus) if i.kind.value == "delete" and i.target == "29"]
    assert deleting, "someone asked to delete first-draft 29"
    for inp in deleting:
        assert _uptake(corpus, inp.id, "29")[0] == "deleted_as_proposed"


def test_score_counts_carried_insertions_and_deletions() -> None:
    base = "Ensuring the protection of victims and witnesses"
    proposed = "Ensuring the full protection of victims"
    assert score(base, proposed, "Ensuring the full protection of victims") == 1.0
    assert score(base, proposed, base) == 0.0
    # two changes ("full" put in, "and witnesses" struck): the next version made the second only
    assert score(base, proposed, "Ensuring the protection of victims") == pytest.approx(1 / 2)
    assert score(base, base, "anything") is None


# --- blame ------------------------------------------------------------------------------

def test_blame_credits_the_july_wording_and_its_proposers(corpus: Corpus) -> None:
    first, july = _text(corpus, FIRST, "26"), _text(corpus, JULY, "26")
    usa = apply_instructions(first, _input(corpus, "usa-26-1").text).text
    spans = blame([Version(FIRST, "26", first, [Proposal("usa", usa)]), Version(JULY, "26", july)])
    assert "".join(s.text for s in spans) == july
    labor = next(s for s in spans if "labor inspectors" in s.text)
    assert labor.document == JULY and labor.delegations == ("usa",)
    kept = next(s for s in spans if "border control officers" in s.text)  # first-draft wording kept in July
    assert kept.document == FIRST and kept.delegations == ()


def test_blame_of_an_unchanged_paragraph_is_all_first_draft(corpus: Corpus) -> None:
    pp1 = _text(corpus, FIRST, "PP1")
    spans = blame([Version(FIRST, "PP1", pp1), Version(JULY, "PP1", _text(corpus, JULY, "PP1"))])
    assert {s.document for s in spans} == {FIRST}
    assert all(s.delegations == () for s in spans)


def test_blame_keeps_the_origin_of_words_after_a_replaced_word() -> None:
    """A replaced word's trailing space stays equal text in the redline, so the edits do not
    follow token bounds; every word after the replacement is still the first version's."""
    spans = blame([Version("D1", "1", "Noting that States should act promptly"),
                   Version("D2", "1", "Recognizing that States should act promptly")])
    assert [(s.text, s.document) for s in spans] == [("Recognizing ", "D2"),
                                                     ("that States should act promptly", "D1")]


def test_blame_credits_exactly_the_words_the_redline_keeps(corpus: Corpus) -> None:
    """On every first-draft -> July pair, the words blamed on the first draft are the words
    the redline shows as kept, in order, and the rest are July's."""
    from app.text.redline import diff_words

    first = next(d.doc for d in corpus.documents if d.doc.slug == FIRST)
    july = next(d.doc for d in corpus.documents if d.doc.slug == JULY)
    old = {p.label: p.text for p in first.paragraphs}
    pairs = [(old[link.from_.split("#", 1)[1]], p.text) for p in july.paragraphs for link in p.lineage
             if link.from_ and link.from_.startswith(f"{FIRST}#") and link.relation.value in ("continues", "renumbered")]
    assert len(pairs) > 60
    for before, after in pairs:
        spans = blame([Version(FIRST, "x", before), Version(JULY, "x", after)])
        kept = [w for e in diff_words(before, after) if e.op == Op.EQUAL for w in words(e.text)]
        assert [w for s in spans if s.document == FIRST for w in words(s.text)] == kept


def test_redline_ops_are_typed() -> None:
    from app.text.redline import diff_words

    edits = diff_words("a b", "a c")
    assert [e.op for e in edits] == [Op.EQUAL, Op.DELETE, Op.INSERT]
    assert all(type(e.op) is Op for e in edits)  # the enum, not bare ints that compare equal
