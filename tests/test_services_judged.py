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
