"""The word-level redline engine (app/text/redline.py) and its two HTML renderings.

Cases are pairs of texts with the edits written out by hand, edge cases first, as
diff-match-patch's and wikidiff2's own suites do; then properties that must hold for any
pair of texts; then paragraphs of the first draft (16 April 2010) redlined against their
successors in the July draft (19 July 2010), found through the curated lineage.
"""

from __future__ import annotations

import unicodedata

import pytest
from fastapi.templating import Jinja2Templates
from hypothesis import given, settings
from hypothesis import strategies as st

from app.config import REPO_ROOT
from app.corpus.catalog import Corpus
from app.corpus.schema import ParagraphIn
from app.text import redline as engine
from app.text.redline import (
    Edit,
    Op,
    diff_words,
    is_unchanged,
    new_part,
    new_text,
    old_part,
    old_text,
)
from app.text.tokens import TOKEN, tokenize
from app.web.render import redline_html

D, E, I = Op.DELETE, Op.EQUAL, Op.INSERT
FIRST = "2010-04-16-first-draft"
JULY = "2010-07-19-draft"


def _is_word_char(ch: str) -> bool:
    """A letter, digit or combining mark outside the ideographic scripts (where each sign is a word)."""
    if "\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uf900" <= ch <= "\ufaff":
        return False
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _cuts_inside_words(edits: list[Edit]) -> list[tuple[str, int]]:
    """Every place where a deletion or insertion starts or ends between two word characters.

    Deletions are checked in the old text, insertions in the new one; an empty list means
    the redline only ever strikes or adds whole words.
    """
    cuts: list[tuple[str, int]] = []
    for side, kept in (("old", Op.INSERT), ("new", Op.DELETE)):
        text, pos, prev_op = "", 0, None
        bounds: list[int] = []
        for e in edits:
            if e.op == kept:
                continue
            if prev_op is not None and (e.op != Op.EQUAL or prev_op != Op.EQUAL):
                bounds.append(pos)
            part = old_part(e) if side == "old" else new_part(e)  # a lost passage differs on each side
            text += part
            pos += len(part)
            prev_op = e.op
        cuts += [(side, b) for b in bounds
                 if 0 < b < len(text) and _is_word_char(text[b - 1]) and _is_word_char(text[b])]
    return cuts


# (id, old, new, expected edits). Every expectation is written from the definition: tokens
# are words, whitespace runs and single other characters; nothing is normalized away.
CASES: list[tuple[str, str, str, list[tuple[Op, str]]]] = [
    ("empty-empty", "", "", []),
    ("empty-text", "", "Trafficking in persons", [(I, "Trafficking in persons")]),
    ("text-empty", "Trafficking in persons", "", [(D, "Trafficking in persons")]),
    ("identical", "Reaffirming its commitment,", "Reaffirming its commitment,",
     [(E, "Reaffirming its commitment,")]),
    ("whitespace-only", "trafficking in persons", "trafficking  in persons",
     [(E, "trafficking"), (D, " "), (I, "  "), (E, "in persons")]),
    ("punctuation", "trafficking in persons, as it constitutes", "trafficking in persons; as it constitutes",
     [(E, "trafficking in persons"), (D, ","), (I, ";"), (E, " as it constitutes")]),
    ("typographic-quotes", "efforts to “fight transnational crime” in",
     'efforts to "fight transnational crime" in',
     [(E, "efforts to "), (D, "“"), (I, '"'), (E, "fight transnational crime"), (D, "”"), (I, '"'),
      (E, " in")]),
    ("non-breaking-space", "General Assembly resolution 64/178", "General Assembly resolution\u00a064/178",
     [(E, "General Assembly resolution"), (D, " "), (I, "\u00a0"), (E, "64/178")]),
    ("case-change", "Noting with concern the effect", "noting with concern the effect",
     [(D, "Noting"), (I, "noting"), (E, " with concern the effect")]),
    ("word-inserted", "trafficking in persons, as it constitutes",
     "trafficking in persons, especially women and children, as it constitutes",
     [(E, "trafficking in persons, "), (I, "especially women and children, "), (E, "as it constitutes")]),
    ("word-replaced", "Consistently and strongly condemning trafficking",
     "Consistently and strongly condemn trafficking",
     [(E, "Consistently and strongly "), (D, "condemning"), (I, "condemn"), (E, " trafficking")]),
    ("chinese", "打击贩运人口", "打击和防止贩运人口", [(E, "打击"), (I, "和防止"), (E, "贩运人口")]),
    ("arabic", "مكافحة الاتجار بالأشخاص", "مكافحة الاتجار بالبشر",
     [(E, "مكافحة الاتجار "), (D, "بالأشخاص"), (I, "بالبشر")]),
    # Vowel signs (harakat) are combining marks inside the word: changing one changes the word.
    ("arabic-vowelled", "مُكافحة الاتجار", "مَكافحة الاتجار",
     [(D, "مُكافحة"), (I, "مَكافحة"), (E, " الاتجار")]),
    # A decomposed accent (as some word processors save it) belongs to its word too.
    ("latin-combining-accent", "re\u0301fugie\u0301s and migrants", "re\u0301fugies and migrants",
     [(D, "re\u0301fugie\u0301s"), (I, "re\u0301fugies"), (E, " and migrants")]),
    # A diff has no "move": the shorter clause is struck where it was and inserted where it went.
    ("moved-clause", "to protect victims, in accordance with national law",
     "in accordance with national law, to protect victims",
     [(D, "to protect victims, "), (E, "in accordance with national law"), (I, ", to protect victims")]),
]


@pytest.mark.parametrize(("old", "new", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_redline_case(old: str, new: str, expected: list[tuple[Op, str]]) -> None:
    edits = diff_words(old, new)
    assert [(e.op, e.text) for e in edits] == expected
    assert _cuts_inside_words(edits) == []


def test_punctuation_change_touches_only_the_punctuation_token() -> None:
    edits = diff_words("trafficking in persons, as", "trafficking in persons; as")
    assert [e.text for e in edits if e.op != Op.EQUAL] == [",", ";"]


def test_as_pair_is_the_api_shape() -> None:
    assert [e.as_pair() for e in diff_words("Noting", "noting")] == [[-1, "Noting"], [1, "noting"]]


# --- properties -------------------------------------------------------------------------

SPECIAL = list(" \u00a0\u202f\t\n,.;:()[]/-–—“”\"'’«»&<>")
ANY_CHAR = st.one_of(
    st.sampled_from(SPECIAL),
    st.characters(min_codepoint=ord("a"), max_codepoint=ord("z")),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x4E2F),   # CJK ideographs
    st.characters(min_codepoint=0x0621, max_codepoint=0x064A),   # Arabic letters
    st.characters(categories=["Mn"]),                            # combining marks, harakat too
    st.characters(exclude_categories=["Cs"]),                    # anything else
)
VOCAB = ["trafficking", "Trafficking", "in", "persons", "persons,", "persons;", "victims", "“victims”",
         '"victims"', "and", "women", "children", "States’", "the", ";", ",", "\u00a0", "\n",
         "贩运人口", "打击", "الاتجار", "بالأشخاص", "مُكافحة", "re\u0301fugie\u0301s", ""]
TEXT = st.one_of(st.text(ANY_CHAR, max_size=60),
                 st.lists(st.sampled_from(VOCAB), max_size=30).map(" ".join))


@settings(max_examples=400, deadline=None)
@given(TEXT, TEXT)
def test_edits_rebuild_both_texts(a: str, b: str) -> None:
    edits = diff_words(a, b)
    assert old_text(edits) == a
    assert new_text(edits) == b
    assert all(e.text for e in edits)
    assert all(x.op != y.op for x, y in zip(edits, edits[1:]))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_identical_texts_are_unchanged(a: str) -> None:
    edits = diff_words(a, a)
    assert is_unchanged(edits)
    assert edits == ([Edit(Op.EQUAL, a)] if a else [])


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_tokenize_round_trips(a: str) -> None:
    assert "".join(tokenize(a)) == a


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXT, st.text(st.characters(max_codepoint=0x7F), max_size=60)))
def test_fast_tokenizer_patterns_agree_with_the_full_one(a: str) -> None:
    """The ASCII and no-marks patterns are only shortcuts: they must cut exactly where TOKEN does."""
    assert tokenize(a) == TOKEN.findall(a)


@pytest.mark.parametrize(("text", "expected"), [
    ("persons, especially", ["persons", ", ", "especially"]),
    ("  leading space", ["  ", "leading ", "space"]),
    ("States’ obligations", ["States", "’ ", "obligations"]),
    ("don't stop", ["don't ", "stop"]),
    ("打击贩运", ["打", "击", "贩", "运"]),
    # a word that starts with a mark (a vowel sign the scan split from its letter) keeps all its marks
    ("\u064e\u0644\u062a\u064e\u0644 x", ["\u064e\u0644\u062a\u064e\u0644 ", "x"]),
    ("re\u0301fugie\u0301s", ["re\u0301fugie\u0301s"]),
])
def test_tokenize_cases(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_texts_longer_than_the_characters_below_the_surrogates() -> None:
    """Over 55,295 tokens the encoding numbers distinct words past the surrogate block: a whole
    consolidated document compared at once still gives an exact, word-level redline."""
    old = " ".join(f"w{i}" for i in range(40_000))
    new = " ".join(f"w{i}" for i in range(40_000) if i % 1000) + " added"
    edits = diff_words(old, new)
    assert (old_text(edits), new_text(edits)) == (old, new)
    assert _changes(edits, Op.INSERT) == [" added"]
    assert len(_changes(edits, Op.DELETE)) == 40
    assert _cuts_inside_words(edits) == []


def _lcs_length(a: str, b: str) -> int:
    """The textbook dynamic programme, to check the compiled core against."""
    row = [0] * (len(b) + 1)
    for ch in a:
        prev_diag, row[0] = 0, 0
        for j, other in enumerate(b, 1):
            prev_diag, row[j] = row[j], prev_diag + 1 if ch == other else max(row[j], row[j - 1])
    return row[-1]


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_token_diff_is_a_shortest_diff(a: str, b: str) -> None:
    """The compiled core keeps as many tokens as any diff can, in order, and rebuilds both sides."""
    ea, eb = engine._encode(tokenize(a), tokenize(b))
    diffs, _ = engine._diff(ea, eb, engine._lcs(ea, eb), fold=False)
    assert "".join(t for op, t in diffs if op != 1) == ea
    assert "".join(t for op, t in diffs if op != -1) == eb
    assert sum(len(t) for op, t in diffs if op == 0) == _lcs_length(ea, eb)


def _cleaned(a: str, b: str, ours: bool, anchored: bool = False) -> list[tuple[int, str]]:
    """The engine's cleanup of a diff, or diff-match-patch's own `diff_cleanupSemantic` of it."""
    ea, eb = engine._encode(tokenize(a), tokenize(b))
    opcodes = engine._anchored_opcodes(ea, eb) if anchored else engine._lcs(ea, eb)
    if ours:
        return engine._cleanup(ea, eb, opcodes)
    diffs, _ = engine._diff(ea, eb, opcodes, fold=False)
    engine._DMP.diff_cleanupSemantic(diffs)
    return diffs


@settings(max_examples=400, deadline=None)
@given(TEXT, TEXT, st.booleans())
def test_linear_fold_gives_diff_match_patchs_own_cleanup(a: str, b: str, anchored: bool) -> None:
    """The one-pass fold, and calling dmp only when an overlap is possible, are only a faster
    road to diff-match-patch's semantic cleanup: the same result, on either alignment."""
    assert _cleaned(a, b, ours=True, anchored=anchored) == _cleaned(a, b, ours=False, anchored=anchored)


# --- the record -------------------------------------------------------------------------

def _paragraph(corpus: Corpus, slug: str, label: str) -> ParagraphIn:
    doc = next(d.doc for d in corpus.documents if d.doc.slug == slug)
    return next(p for p in doc.paragraphs if p.label == label)


def _july_successor(corpus: Corpus, first_label: str) -> ParagraphIn:
    """The July paragraph that continues or renumbers `first_label`, by its lineage link."""
    july = next(d.doc for d in corpus.documents if d.doc.slug == JULY)
    return next(p for p in july.paragraphs
                if any(link.from_ == f"{FIRST}#{first_label}" and link.relation.value in ("continues", "renumbered")
                       for link in p.lineage))


def _changes(edits: list[Edit], op: Op) -> list[str]:
    return [e.text for e in edits if e.op == op]


def test_pp1_is_unchanged_in_july(corpus: Corpus) -> None:
    old = _paragraph(corpus, FIRST, "PP1").text
    assert _july_successor(corpus, "PP1").label == "PP1"
    edits = diff_words(old, _paragraph(corpus, JULY, "PP1").text)
    assert is_unchanged(edits)
    assert edits == [Edit(Op.EQUAL, old)]


def test_first_pp3_renumbered_pp4_drops_smuggling_and_the_quotes(corpus: Corpus) -> None:
    """The Millennium Declaration paragraph loses its quotation marks and "as well as smuggling"."""
    july = _july_successor(corpus, "PP3")
    assert july.label == "PP4"
    edits = diff_words(_paragraph(corpus, FIRST, "PP3").text, july.text)
    assert _changes(edits, Op.INSERT) == []
    assert _changes(edits, Op.DELETE) == ["“", "as well as smuggling ", "”"]
    assert _cuts_inside_words(edits) == []


def test_first_pp2_adds_women_and_children_and_human_dignity(corpus: Corpus) -> None:
    """First-draft PP2 ends "a serious threat to development, peace and security and human rights,";
    July PP2 "a serious threat to human dignity, human rights and development," (drafts/
    2010-04-16-first-draft.yaml and 2010-07-19-draft.yaml, PP2). "human rights" stays, as kept text,
    not struck and put back; "development" moved, so it is struck at one place and put in at another."""
    edits = diff_words(_paragraph(corpus, FIRST, "PP2").text, _july_successor(corpus, "PP2").text)
    assert _changes(edits, Op.INSERT) == ["especially women and children, ", "human dignity,", " and development"]
    assert _changes(edits, Op.DELETE) == ["development, peace and security and"]
    assert " human rights" in _changes(edits, Op.EQUAL)
    assert _cuts_inside_words(edits) == []


def test_first_op1_annex_1_drops_unequivocally(corpus: Corpus) -> None:
    """Annex paragraph 1: "unequivocally" goes, "condemning" becomes "condemn", the threat is recast."""
    edits = diff_words(_paragraph(corpus, FIRST, "1").text, _july_successor(corpus, "1").text)
    assert _changes(edits, Op.DELETE) == [", unequivocally", "condemning", "serious threat to"]
    assert _changes(edits, Op.INSERT) == ["condemn", "criminal activity violating human dignity and has negative effects on"]
    assert _cuts_inside_words(edits) == []


def test_first_op2c_renumbered_op2d_adds_media(corpus: Corpus) -> None:
    july = _july_successor(corpus, "OP2(c)")
    assert july.label == "OP2(d)"
    edits = diff_words(_paragraph(corpus, FIRST, "OP2(c)").text, july.text)
    assert "further encourage" in _changes(edits, Op.DELETE)
    assert "support" in _changes(edits, Op.INSERT)
    assert "and media, " in _changes(edits, Op.INSERT)
    assert _cuts_inside_words(edits) == []


def test_every_lineage_pair_is_word_level_and_rebuilds(corpus: Corpus) -> None:
    july = next(d.doc for d in corpus.documents if d.doc.slug == JULY)
    first = {p.label: p.text for p in next(d.doc for d in corpus.documents if d.doc.slug == FIRST).paragraphs}
    pairs = [(first[link.from_.split("#", 1)[1]], p.text) for p in july.paragraphs for link in p.lineage
             if link.from_ and link.from_.startswith(f"{FIRST}#")]
    assert len(pairs) > 60
    for old, new in pairs:
        for anchored in (False, True):
            assert _cleaned(old, new, True, anchored) == _cleaned(old, new, False, anchored)
        edits = diff_words(old, new)
        assert (old_text(edits), new_text(edits)) == (old, new)
        assert _cuts_inside_words(edits) == []


# --- HTML -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(REPO_ROOT / "templates"))
    t.env.autoescape = True
    return t


def test_html_escapes_delegation_text(templates: Jinja2Templates) -> None:
    edits = diff_words("Trafficking & smuggling <script>alert(1)</script> in persons",
                       "Trafficking & smuggling in persons")
    for html in redline_html(templates, edits):
        assert "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "Trafficking &amp; smuggling" in html
        assert " & " not in html


def test_html_marks_deletions_and_insertions(templates: Jinja2Templates) -> None:
    inline, sbs = redline_html(templates, diff_words("Noting with concern", "noting with concern"))
    assert ('<del><span class="sr-only">[deleted: </span>Noting<span class="sr-only">]</span></del>'
            '<ins><span class="sr-only">[inserted: </span>noting<span class="sr-only">]</span></ins>'
            " with concern") in inline
    old_side, new_side = sbs.split('<div class="new">')
    assert "[deleted: </span>Noting" in old_side and "<ins>" not in old_side
    assert "[inserted: </span>noting" in new_side and "<del>" not in new_side
