"""The services that judge (positions, lineage, provenance, contention), pinned where mutation testing
found them unguarded (`python -m benchmarks.mutation --module ...`, docs/quality.md): each test reads
the seed corpus through the service, on a real database, and states what the record makes true."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app.db import make_engine
from app.errors import NotFound
from app.services import contention
from app.services.positions import list_inputs

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"


# ---- contention -------------------------------------------------------------------------------

def test_the_round_is_the_table_of_inputs_on_the_first_draft(session: Session) -> None:
    ref = contention.pick_round(session, None)
    assert ref is not None
    assert (ref.slug, ref.base, ref.base_title) == (TABLE, FIRST, "Draft resolution and Plan of Action: first draft")
    assert contention.pick_round(session, None, negotiation_id=ref.negotiation_id) == ref
    assert contention.pick_round(session, None, negotiation_id=(ref.negotiation_id or 0) + 1) is None
    assert contention.pick_round(session, TABLE) == ref


def test_an_unknown_round_is_named_in_its_404(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/contention", params={"round": "no-such-round"})
    assert r.status_code == 404
    assert "no round 'no-such-round'" in r.text


def test_input_counts_are_the_inputs_listed_on_each_paragraph(session: Session) -> None:
    """The heat beside each first-draft paragraph is the number of inputs the Table lists on it
    (paragraph 3: 18 inputs, the most of any)."""
    counts = contention.input_counts(session=session, slug=FIRST)
    assert counts == dict(Counter(i.label for i in list_inputs(session, compilation=TABLE)))
    assert max(counts.items(), key=lambda kv: kv[1]) == ("3", 18)
    assert contention.input_counts(session=session, slug=JULY) == {}


def test_eu_and_usa_align_on_the_paragraphs_they_both_changed(session: Session) -> None:
    """Alignment is per paragraph: the EU and the USA both gave inputs on 27 first-draft paragraphs
    and asked for the same change on two (both asked to delete 36)."""
    m = contention.delegation_alignment(session=session, round=contention.pick_round(session, None))
    i, j = m.delegations.index("eu"), m.delegations.index("usa")
    assert (m.shared[i][j], m.agreements[i][j]) == (27, 2)
    assert "unidentified" not in m.delegations


@pytest.fixture(scope="module")
def withdrawn(loaded_url: str) -> str:
    """The seed corpus with one input withdrawn (what `stemma`'s withdraw writes: the status)."""
    engine = make_engine(loaded_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE amendment SET status = 'withdrawn' WHERE key = (SELECT min(key) FROM amendment "
                             "WHERE target_paragraph_id = (SELECT p.id FROM paragraph p JOIN document d "
                             "ON d.id = p.document_id WHERE d.slug = :doc AND p.label = '3'))"), {"doc": FIRST})
    engine.dispose()
    return loaded_url


def test_a_withdrawn_input_leaves_the_counts_and_the_contention(withdrawn: str) -> None:
    engine = make_engine(withdrawn)
    with Session(engine) as s:
        ref = contention.pick_round(s, None)
        assert contention.input_counts(session=s, slug=FIRST)["3"] == 17
        three = next(c for c in contention.paragraph_contention(session=s, round=ref) if c.label == "3")
        assert three.inputs == 17
    engine.dispose()


# ---- positions ----------------------------------------------------------------------------------

def _by_key(session: Session, **filters: object) -> dict[str, object]:
    return {v.id.split("/", 1)[1]: v for v in list_inputs(session, **filters)}  # type: ignore[arg-type]


def test_every_filter_of_list_inputs_keeps_what_it_names_and_only_that(session: Session) -> None:
    """The Table of Inputs holds 640 inputs on the first draft (EU 58, USA 44; 122 requests to delete)."""
    everything = list_inputs(session)
    assert len(everything) == 640 and len(list_inputs(session, compilation=TABLE)) == 640
    assert list_inputs(session, compilation="no-such-compilation") == []
    for filters, expected in [({"delegation": "eu"}, 58), ({"delegations": ["eu", "usa"]}, 102),
                              ({"kind": "delete"}, 122), ({"section": "annex-ii"}, 192)]:
        got = list_inputs(session, **filters)  # type: ignore[arg-type]
        assert len(got) == expected, filters
        assert got == [v for v in everything if v.delegation in filters.get("delegations", [v.delegation])
                       and v.delegation == filters.get("delegation", v.delegation)
                       and v.kind == filters.get("kind", v.kind) and v.section == filters.get("section", v.section)]
    negotiation = contention.pick_round(session, None).negotiation_id  # type: ignore[union-attr]
    assert len(list_inputs(session, negotiation_id=negotiation)) == 640
    assert list_inputs(session, negotiation_id=(negotiation or 0) + 1) == []
    on_36 = [v for v in everything if v.label == "36"]
    pid = session.exec(sa.text("SELECT p.id FROM paragraph p JOIN document d ON d.id = p.document_id "
                               "WHERE d.slug = :d AND p.label = '36'"), params={"d": FIRST}).scalar_one()
    assert list_inputs(session, paragraph_ids=[pid]) == on_36 and len(on_36) > 2


def test_inputs_come_in_draft_order_then_by_delegation(session: Session) -> None:
    rows = [(v.paragraph_order, v.delegation) for v in list_inputs(session)]
    assert rows == sorted(rows)


def test_a_request_to_delete_36_is_judged_against_july_36(session: Session) -> None:
    """EU and USA asked to delete first-draft 36 (record 003 lines 4045 and 4118); July kept it."""
    eu = _by_key(session)["eu-36-1"]
    p = eu.public()  # type: ignore[attr-defined]
    assert (p["delegation"], p["document"], p["label"], p["kind"], p["resolved_text"]) == ("eu", FIRST, "36", "delete", "")
    assert p["placement"] == {"method": "delete", "confidence": 1.0, "flagged": False,
                              "reason": "the paragraph is deleted"}
    assert p["next_version"] == {"document": JULY, "label": "36", "status": "present"}
    assert p["source"] == {"file": "003_4916da8653de9fbc.txt", "lines": [4045, 4045]}
    assert (p["uptake"]["class"], p["uptake"]["score"]) == ("not_reflected", 0.0)
    assert p["uptake"]["reason"] == "the next draft keeps the paragraph"
    assert p["key"] == f"{TABLE}/eu-36-1" and p["status"] == "active" and p["revision"] == 1
    assert set(p) == {"id", "key", "status", "late_note", "author", "reflected_in", "delegation", "document",
                      "label", "kind", "stance", "text", "resolved_text", "rationale", "new_label", "revision",
                      "probable_delegation", "text_quality", "uptake", "placement", "next_version", "source",
                      "ops", "outcome_ops"}


def test_the_outcome_redline_sets_the_proposal_beside_the_next_version(session: Session) -> None:
    inputs = _by_key(session)
    deleted = inputs["eu-5-1"]  # first-draft 5 is gone from July
    assert deleted.next_version.status == "deleted" and deleted.outcome_edits() is None  # type: ignore[attr-defined]
    assert deleted.public()["outcome_ops"] is None  # type: ignore[attr-defined]
    judged = [v for v in inputs.values() if v.resolved_text and v.next_version  # type: ignore[attr-defined]
              and v.next_version.status == "present"  # type: ignore[attr-defined]
              and "[...]" not in v.resolved_text + v.next_version.text]  # type: ignore[attr-defined]  # no lost text
    assert len(judged) > 150
    for v in judged[:40]:
        ops = v.public()["outcome_ops"]  # type: ignore[attr-defined]
        assert "".join(t for op, t in ops if op != 1) == v.resolved_text  # type: ignore[attr-defined]
        assert "".join(t for op, t in ops if op != -1) == v.next_version.text  # type: ignore[attr-defined]
    comment = next(v for v in inputs.values() if v.kind == "comment")  # type: ignore[attr-defined]
    assert comment.outcome_edits() is None  # type: ignore[attr-defined]


def test_the_uptake_summary_counts_every_input_once(session: Session) -> None:
    from app.services.positions import UPTAKE_CLASSES, uptake_summary

    everything = list_inputs(session)
    summary = uptake_summary(everything)
    assert tuple(summary) == UPTAKE_CLASSES and sum(summary.values()) == 640
    assert summary == {k: sum(1 for v in everything if v.uptake.klass == k) for k in UPTAKE_CLASSES}
    assert summary["deleted_as_proposed"] == 11


def test_an_incomplete_next_version_leaves_a_change_unsettled(session: Session) -> None:
    """July PP6 (first-draft PP4's successor) is incomplete in the scan; IOM's change to PP4 falls where
    its text is lost, so its uptake cannot be settled, while Japan's reads whole and is adopted."""
    inputs = _by_key(session)
    assert inputs["iom-pp4-1"].next_version.text_quality == "incomplete"  # type: ignore[attr-defined]
    assert inputs["iom-pp4-1"].uptake.klass == "unsettled"  # type: ignore[attr-defined]
    assert inputs["japan-pp4-1"].uptake.klass == "adopted"  # type: ignore[attr-defined]


def test_a_draft_paragraph_marked_as_taking_up_an_input_says_so(session: Session) -> None:
    """July 10bis is nearly word for word the EU's proposal eu-10-2 (issue 12's curation slips)."""
    inputs = _by_key(session)
    assert inputs["eu-10-2"].reflected_in == [f"{JULY}#10bis"]  # type: ignore[attr-defined]
    assert sum(1 for v in inputs.values() if v.reflected_in) == 2  # type: ignore[attr-defined]


def test_a_proposed_new_paragraph_has_an_empty_old_side(session: Session) -> None:
    inputs = _by_key(session)
    pp2 = inputs["unidentified-pp2-1"]
    assert pp2.public()["new_label"] == "PP2bis"  # type: ignore[attr-defined]
    assert pp2.base_text == "" and pp2.next_version.label == "PP2" and pp2.uptake.klass == "adopted"  # type: ignore[attr-defined]
    assert all(op == 1 for op, _t in pp2.public()["ops"])  # type: ignore[attr-defined]
    assert inputs["norway-pp5-1"].next_version is None  # type: ignore[attr-defined]
    assert inputs["norway-pp5-1"].uptake.klass == "not_reflected"  # type: ignore[attr-defined]


def test_a_new_paragraph_after_one_july_lost_is_looked_for_in_july(session: Session) -> None:
    """First-draft 11 has no later version; the new paragraphs proposed after it are still looked for
    in the next draft (July, found through the document's other paragraphs: the page of 11 lists its
    inputs alone), and none came of them."""
    listed = {v.id.split("/", 1)[1]: v for v in list_inputs(session, paragraph_ids=[_paragraph_id(session, FIRST, "11")])}
    after_11 = listed["african-group-11-2"]
    assert after_11.kind == "insert" and after_11.next_version is None
    assert after_11.uptake.klass == "not_reflected"
    assert after_11.uptake.reason == "no paragraph of the next draft came of this new paragraph"


def test_withdrawn_inputs_are_listed_only_when_asked_for(withdrawn: str) -> None:
    engine = make_engine(withdrawn)
    with Session(engine) as s:
        assert len(list_inputs(s)) == 639
        every = list_inputs(s, include_withdrawn=True)
        assert len(every) == 640 and [v.status for v in every].count("withdrawn") == 1
    engine.dispose()


# ---- lineage ------------------------------------------------------------------------------------

def _paragraph_id(session: Session, slug: str, label: str) -> int:
    return session.exec(sa.text("SELECT p.id FROM paragraph p JOIN document d ON d.id = p.document_id "
                                "WHERE d.slug = :d AND p.label = :l"), params={"d": slug, "l": label}).scalar_one()


def test_lineage_reaches_two_generations_back_with_each_links_origin(session: Session) -> None:
    """July 3 continues first-draft 3, which elaborates element (b) of the possible elements of 8 March
    2010 (a curated link, 0.85 sure)."""
    from app.services.lineage import find_paragraph, lineage_of

    entries = {(e.document, e.label): e for e in lineage_of(session, find_paragraph(session, JULY, "3"))}
    b = entries[("2010-03-08-possible-elements", "b")]
    assert (b.relation, b.direction, b.origin, b.confidence) == ("elaborates", "earlier", "curated", 0.85)
    first = entries[(FIRST, "3")]
    assert (first.relation, first.direction, first.origin, first.confidence) == ("continues", "earlier", "curated", 1.0)
    assert entries[(JULY, "3")].relation == "self"


def test_an_unknown_document_or_paragraph_is_named_in_its_404(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/documents/no-such-draft/paragraphs/3")
    assert r.status_code == 404 and "no document 'no-such-draft'" in r.text
    r = client.get(f"/api/documents/{FIRST}/paragraphs/999")
    assert r.status_code == 404 and f"no paragraph '{FIRST}#999'" in r.text


def test_successors_say_kept_merged_or_deleted(session: Session) -> None:
    """July keeps first-draft 36, merges 45 into its 42 and deletes 68 (record: the July draft)."""
    from app.services.lineage import successors

    ids = {label: _paragraph_id(session, FIRST, label) for label in ("36", "45", "68", "11")}
    got = successors(session, list(ids.values()))
    assert (got[ids["36"]].document, got[ids["36"]].label, got[ids["36"]].status) == (JULY, "36", "present")
    assert (got[ids["45"]].label, got[ids["45"]].status) == ("42", "merged")
    assert got[ids["68"]].status == "deleted"
    assert ids["11"] not in got  # no later version recorded (July lost 11)


# ---- provenance ---------------------------------------------------------------------------------

def _paragraph(session: Session, slug: str, label: str):  # type: ignore[no-untyped-def]
    from app.models import Document, Paragraph

    return session.exec(sa.select(Paragraph, Document).join(Document).where(
        Document.slug == slug, Paragraph.label == label)).one()


def test_shared_language_weighs_words_over_the_negotiation_and_the_precedents(session: Session) -> None:
    """First-draft 2 repeats two passages of element (h) of the possible elements (8 March 2010):
    "the promotion and protection of the human rights of trafficked persons", rare words, borrowed;
    "at the centre of all efforts to prevent and combat trafficking in persons", the field's common
    words, stock. Their weights are the IDF over the negotiation and the precedents together."""
    from app.services.provenance import shared_language

    p, d = _paragraph(session, FIRST, "2")
    found = [(x.document, x.label, x.match_kind, x.words, x.weight) for x in shared_language(session, [p.text], document=d)[0]]
    assert found[:2] == [("2010-03-08-possible-elements", "h", "borrowed", 11, 2.305),
                         ("2010-03-08-possible-elements", "h", "stock", 13, 2.108)]


def test_a_paragraph_is_never_its_own_documents_source(session: Session) -> None:
    """First-draft PP2 shares 17 words with first-draft 1; neither is the other's source."""
    from app.services.provenance import shared_language

    p, d = _paragraph(session, FIRST, "PP2")
    found = shared_language(session, [p.text], document=d)[0]
    assert all(x.document != FIRST and x.date <= d.date for x in found)


def test_reused_in_lists_july_and_the_2015_plan_with_their_weights(session: Session) -> None:
    """First-draft 20's capacity-building clause (27 words) is in July 20 and the 2015 ASEAN plan IV-A-b."""
    from app.services.provenance import reused_in

    p, d = _paragraph(session, FIRST, "20")
    found = [x.public() for x in reused_in(session, p.text, document=d)]  # no stamp passed: fetched here
    assert [(x["document"], x["label"]) for x in found] == [(JULY, "20"), ("2015-asean-plan", "IV-A-b")]
    plan = found[1]
    assert set(plan) == {"document", "label", "kind", "date", "text", "words", "score", "spans", "match_kind", "weight"}
    assert (plan["kind"], plan["date"], plan["words"], plan["score"], plan["match_kind"], plan["weight"]) == (
        "precedent", "2015-09-29", 27, 0.963, "borrowed", 2.758)
    assert all(x["kind"] != "compilation" for x in found)


def test_the_index_cache_keeps_at_most_max_scopes(session: Session) -> None:
    from app.services import provenance

    provenance._CACHE.clear()
    fresh = provenance.stamp(session)
    for scope in range(1000, 1000 + provenance.MAX_SCOPES + 5):  # negotiations that do not exist: empty indexes
        provenance._index(session, scope, fresh)
    assert len(provenance._CACHE) == provenance.MAX_SCOPES
    provenance._index(session, provenance.ALL)  # no stamp passed: fetched, and the index built
    assert len(provenance._CACHE) == provenance.MAX_SCOPES
    provenance._CACHE.clear()
