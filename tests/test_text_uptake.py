"""Uptake judged in place, on the record: each proposed change is carried only where the next
version makes it, and the evidence says where.

Expectations are read from the record (the curated first draft, the Table of Inputs and the July
draft; file and lines cited), not from the engine's output.
"""

from __future__ import annotations

import pytest

from app.corpus.catalog import Corpus
from app.text.hunks import Alignment, hunks
from app.text.placement import place
from app.text.redline import Edit, Op, diff_words
from app.text.uptake import SCORE_MEANING, UPTAKE_CLASSES, VERDICTS, Uptake, classify, judge_change

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"


def _para(corpus: Corpus, slug: str, label: str):  # type: ignore[no-untyped-def]
    doc = corpus.document(slug)
    assert doc is not None
    return next(p for p in doc.paragraphs if p.label == label)


def _inputs(corpus: Corpus):  # type: ignore[no-untyped-def]
    comp = next(c for c in corpus.compilations if c.doc.slug == TABLE)
    return [i for f in comp.files for i in f.data.inputs]


def _judge(corpus: Corpus, ident: str, july_label: str) -> tuple[str, str, Uptake]:
    """The input placed in its first-draft paragraph and judged against the July paragraph."""
    inp = next(i for i in _inputs(corpus) if i.id == ident)
    base = _para(corpus, FIRST, inp.target).text
    july = _para(corpus, JULY, july_label)
    placed = place(inp.kind.value, base, inp.text)
    return base, july.text, classify(inp.kind.value, base, placed.text, july.text, july.status.value,
                                     july.quality.value != "incomplete")


def test_japan_1_1_human_security_not_partial_for_a_human_elsewhere(corpus: Corpus) -> None:
    """Japan asks for "development, peace and security, human security and human rights" in
    annex 1 (amendments/.../japan.yaml, japan-1-1). July 1 (drafts/2010-07-19-draft.yaml lines
    426-431) keeps "development, peace and security, and human rights" and adds "human dignity"
    in another clause. Counting words anywhere found "human" and said partial; in place, the
    two-word phrase is not there."""
    base, july, u = _judge(corpus, "japan-1-1", "1")
    assert u.klass == "not_reflected"
    [change] = [e for e in u.evidence if not e.minor]
    assert change.verdict == "not_carried"
    assert change.inserted.strip() == "human security"
    assert base[:change.base[0]].endswith("peace and security, ")  # where Japan puts it in the first draft
    assert change.next is not None
    lo, hi = change.next
    assert july[:lo].endswith("peace and\nsecurity, ") or july[:lo].replace("\n", " ").endswith("peace and security, ")
    assert july[lo:hi].strip() == ""  # July puts nothing there
    assert "human dignity" in july  # ... though it adds "human" elsewhere


def test_eu_16_1_other_organisations_carried_at_its_place(corpus: Corpus) -> None:
    """EU: "...by UNODC and other organisations, including..." for "by UNODC and IOM" (eu.yaml
    eu-16-1); July 16 reads "by UNODC and other organizations": carried, spelling aside."""
    base, july, u = _judge(corpus, "eu-16-1", "16")
    assert u.klass == "adopted"
    [change] = u.evidence
    assert base[change.base[0]:change.base[1]] == "IOM" == change.struck
    assert change.verdict == "carried"
    assert change.next is not None and july[change.next[0]:change.next[1]] == change.next_text
    assert "other organizations" in change.next_text


def test_singapore_17_1_found_where_july_moved_the_clause(corpus: Corpus) -> None:
    """Singapore adds "of persons, especially women and children, that leads to trafficking"
    after "the demand that fosters exploitation" (singapore.yaml lines 64-71); July 17 moves that
    clause to the end and reads "fosters exploitation of persons, especially women and children,
    and that leads to trafficking": carried, and the evidence points at July's clause."""
    _, july, u = _judge(corpus, "singapore-17-1", "17")
    assert u.klass == "adopted"
    change = next(e for e in u.evidence if not e.minor)
    assert change.verdict == "carried" and change.next is not None
    here = july[change.next[0]:change.next[1]]
    assert july[:change.next[0]].endswith("fosters exploitation")
    assert "especially women and children, and that leads to trafficking" in " ".join(here.split())


def test_an_insertion_next_version_does_not_make_is_not_carried_however_many_words_it_shares() -> None:
    """Two words put in; the next version puts one of them in another clause."""
    base = "Condemning trafficking, a threat to peace and security, and human rights;"
    proposed = "Condemning trafficking, a threat to peace and security, human security and human rights;"
    nxt = "Condemning trafficking, violating human dignity, a threat to peace and security, and human rights;"
    u = classify("replace", base, proposed, nxt)
    assert (u.klass, u.score) == ("not_reflected", 0.0)
    u = classify("replace", base, proposed, proposed)
    assert (u.klass, u.score) == ("adopted", 1.0)


def test_a_change_in_text_lost_in_the_scan_is_unsettled_not_refused() -> None:
    """The curators' gap mark `[...]` where the change falls: neither carried nor refused."""
    base = "Noting the relevant decisions adopted at the Conference of the Parties,"
    proposed = "Recognizing the relevant decisions adopted at the Conference of the Parties,"
    u = classify("replace", base, proposed, "[...] relevant decisions adopted at the Conference of the Parties,")
    assert u.klass == "unsettled" and u.score is None
    assert [e.verdict for e in u.evidence] == ["unsettled"]
    # the same gap far from the change settles nothing about it: the change is judged
    far = classify("replace", base, proposed, "Noting the relevant decisions adopted at the Conference [...]")
    assert far.klass == "not_reflected"


def test_usa_pp12_1_is_unsettled_july_pp13_lost_its_opening(corpus: Corpus) -> None:
    """USA: "Noting" -> "Recognizing" at the start of PP12 (usa-pp12-1); July PP13, its successor,
    is `incomplete`: the scan lost its opening, where the change falls."""
    _, july, u = _judge(corpus, "usa-pp12-1", "PP13")
    assert not july.startswith(("Noting", "Recognizing"))
    assert u.klass == "unsettled" and u.score is None


def test_both_classes_that_judge_nothing_appear_and_every_class_is_explained(corpus: Corpus) -> None:
    """A comment has nothing to judge; a change in lost text cannot be settled: two classes, each
    with its meaning, never one `not_applicable`."""
    classes = set()
    for inp in _inputs(corpus):
        if inp.kind.value == "comment":
            u = classify("comment", "x", None, "y")
            assert u.klass == "nothing_to_judge"
            classes.add(u.klass)
    _, _, lost = _judge(corpus, "usa-pp12-1", "PP13")
    classes.add(lost.klass)
    assert {"nothing_to_judge", "unsettled"} <= classes
    assert "not_applicable" not in UPTAKE_CLASSES
    assert set(VERDICTS) == {"carried", "carried_elsewhere", "partly", "not_carried", "unsettled", "lost_in_proposal"}
    assert "share of the proposal's changes" in SCORE_MEANING


def test_hunks_cut_a_redline_into_changes_at_their_base_place() -> None:
    base = "Ensuring the protection of victims and witnesses"
    hs = hunks(diff_words(base, "Ensuring the full protection of victims"))
    assert [(base[h.base_start:h.base_end], h.inserted) for h in hs] == [("", "full "), (" and witnesses", "")]


def test_alignment_reads_the_next_version_at_a_base_place() -> None:
    base = "States should protect victims and prosecute offenders."
    nxt = "States should protect and assist victims and prosecute offenders."
    al = Alignment(base, nxt, diff_words(base, nxt))
    at = base.index("victims")
    lo, hi = al.span(at, at)  # the place before "victims"
    assert nxt[lo:hi] == "and assist "


@pytest.mark.parametrize("path", ["/api/delegations/japan"])
def test_the_api_gives_each_inputs_evidence_and_the_class_meaning(client, path: str) -> None:  # type: ignore[no-untyped-def]
    body = client.get(path).json()
    japan_1 = next(i for i in body["inputs"] if i["key"].endswith("/japan-1-1"))
    u = japan_1["uptake"]
    assert u["class"] == "not_reflected" and u["meaning"] == UPTAKE_CLASSES["not_reflected"]
    assert any(e["verdict"] == "not_carried" and e["inserted"].strip() == "human security" for e in u["evidence"])
    assert set(body["summary"]) == set(UPTAKE_CLASSES)


def test_the_paragraph_page_shows_the_evidence(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/documents/{FIRST}/1").text
    assert "How this was judged, change by change" in html
    assert UPTAKE_CLASSES["not_reflected"].split(" (")[0] in html


class _LostEdit(Edit):
    """A lost passage as branch truthlost's redline gives it: op 2, the base words it stands against as
    its text, the gap as written as `mark`, and which text holds it as `lost_in` (1: the other)."""


def _lost(text: str, mark: str = "[...]") -> Edit:
    e = _LostEdit(2, text)  # type: ignore[arg-type]
    e.mark, e.lost_in = mark, 1  # type: ignore[attr-defined]
    return e


def test_a_lost_op_in_the_next_version_makes_its_changes_unsettled() -> None:
    """The next version's redline against the base, with its opening lost (op 2, standing against
    "Noting the"): the change made there cannot be settled; a change elsewhere is judged."""
    base = "Noting the relevant decisions adopted at the Conference of the Parties,"
    nxt = "[...] relevant decisions adopted at the Conference of all Parties,"
    edits = [_lost("Noting the ", "[...] "), Edit(Op.EQUAL, "relevant decisions adopted at the Conference of "),
             Edit(Op.DELETE, "the"), Edit(Op.INSERT, "all"), Edit(Op.EQUAL, " Parties,")]
    al = Alignment(base, nxt, edits)
    proposal = [h for h in hunks(diff_words(base, "Recognizing the relevant decisions adopted at the Conference of "
                                                  "all Parties,"))]
    verdicts = [judge_change(h, al).verdict for h in proposal]
    assert verdicts == ["unsettled", "carried"]
    # the other text's offsets stay right after the gap: "all" is read where it is
    assert nxt[al.span(base.index("the Parties"), base.index(" Parties"))[0]:].startswith("all")


def test_where_the_proposals_own_text_is_lost_nothing_is_judged() -> None:
    """A truncated input ("... protect its victims and [...]"): the base words after the cut are not
    struck by the delegation, only unseen; they are left out of the judgement."""
    base = "States shall protect its victims and prosecute offenders;"
    edits = [Edit(Op.EQUAL, "States shall protect its victims and "), _lost("prosecute offenders;")]
    [h] = hunks(edits)
    assert h.lost and h.deleted == "" and base[h.base_start:h.base_end] == "prosecute offenders;"
    al = Alignment(base, base, [Edit(Op.EQUAL, base)])
    assert judge_change(h, al).verdict == "lost_in_proposal"


def test_a_change_whose_place_reads_whole_is_judged_though_text_is_lost_nearby() -> None:
    """July PP15 lost half a line just before "promote a human rights ... approach", where Malaysia put
    in "balanced approach, which recognizes the development": the words either side of that place
    are there, so the place is read, not left unsettled."""
    base = "to counter trafficking in persons, promote a human rights based approach"
    proposed = "to counter trafficking in persons, promote a balanced approach, which recognizes human rights based approach"
    nxt = "to counter [...] persons, promote a human rights based approach"
    u = classify("replace", base, proposed, nxt)
    assert u.klass == "not_reflected" and [e.verdict for e in u.evidence] == ["not_carried"]


def test_docs_quality_lists_the_classes_with_their_meanings() -> None:
    """docs/quality.md explains each class in the same words as the pages (UPTAKE_CLASSES)."""
    from app.config import REPO_ROOT

    doc = (REPO_ROOT / "docs" / "quality.md").read_text(encoding="utf-8")
    for klass, meaning in UPTAKE_CLASSES.items():
        assert f"| {klass} | {meaning} |" in doc


@pytest.mark.parametrize("path", ["/", f"/documents/{FIRST}/36", "/delegations/eu", f"/compilations/{TABLE}"])
def test_pages_speak_one_uptake_vocabulary(client, path: str) -> None:  # type: ignore[no-untyped-def]
    """Every outcome badge a page shows (its class `uptake-<class>`) is a class of UPTAKE_CLASSES, so
    a legend or a card cannot explain a class the engine no longer gives (the old `not_applicable`)."""
    import re

    html = client.get(path).text
    shown = set(re.findall(r'class="badge uptake-([a-z_]+)"', html))
    assert shown or path == "/"
    assert shown <= set(UPTAKE_CLASSES), shown - set(UPTAKE_CLASSES)


def test_the_stylesheet_styles_every_uptake_class() -> None:
    from app.config import REPO_ROOT

    css = (REPO_ROOT / "templates" / "static" / "stemma.css").read_text(encoding="utf-8")
    for klass in UPTAKE_CLASSES:
        assert f".uptake-{klass}" in css, klass


def test_templates_get_the_vocabulary_as_globals() -> None:
    """A legend renders the classes from `uptake_classes` rather than writing them out again."""
    from app.config import get_settings
    from app.main import make_templates

    env = make_templates(get_settings()).env
    rendered = env.from_string('{% for k, m in uptake_classes.items() %}{{ k }}={{ m }}\n{% endfor %}'
                               '{{ uptake_score_meaning }}').render()
    for klass, meaning in UPTAKE_CLASSES.items():
        assert f"{klass}={meaning}" in rendered.replace("&#39;", "'")
    assert SCORE_MEANING in rendered.replace("&#39;", "'")


def test_a_deletion_merged_away_is_judged_against_the_merged_paragraph() -> None:
    """Issue 12: a request to delete a paragraph the next draft merged into another is not 'partial'
    by default: it is as proposed when the merged paragraph keeps none of its wording, partial when it
    keeps some, unsettled when the merged paragraph's text is lost where the words might be."""
    from app.text.uptake import MERGED_GONE_AT, classify, kept_share

    base = "Encourage the systematic freezing of assets of traffickers for compensation of victims;"
    keeps = "Combat trafficking, including through the systematic freezing of assets of traffickers;"
    drops = "Combat trafficking in persons through national action plans and regional cooperation;"
    assert kept_share(base, keeps) >= MERGED_GONE_AT > kept_share(base, drops) == 0.0
    assert (classify("delete", base, "", keeps, "merged").klass, classify("delete", base, "", keeps, "merged").score) == ("partial", 0.5)
    gone = classify("delete", base, "", drops, "merged")
    assert (gone.klass, gone.score) == ("deleted_as_proposed", 1.0)
    assert classify("delete", base, "", drops, "merged", next_complete=False).klass == "unsettled"
    assert classify("delete", base, "", drops + " [...]", "merged").klass == "unsettled"
    assert kept_share("two words", "two words") == 0.0  # no trigram: nothing to find
