"""Lineage redlines compare a version with the previous one in time, never two paragraphs of one date
(issue 12 lists this among the hand-made mutations the suite let live)."""

from __future__ import annotations

FIRST, JULY = "2010-04-16-first-draft", "2010-07-19-draft"


def test_paragraphs_of_one_date_are_not_redlined_against_each_other(client) -> None:  # type: ignore[no-untyped-def]
    """July 42 merges first-draft 42-47 (all of 16 April 2010, record lines 403-985): 43-47 are sources
    beside 42, not later versions of it, so they carry no redline; July 42 carries one (19 July)."""
    p = client.get(f"/api/documents/{JULY}/paragraphs/42").json()
    first = [e for e in p["lineage"] if e["document"] == FIRST]
    assert sorted(e["label"] for e in first) == ["42", "43", "44", "45", "46", "47"]
    assert [e["ops"] for e in first] == [[]] * 6
    july = [e for e in p["lineage"] if e["document"] == JULY]
    assert len(july) == 1 and july[0]["ops"]
