"""Lists a client starts from: the compilations, and the documents of one kind.

Found by hand: `GET /api/compilations` answered 404, so a client had to read every document to
find the Tables of Inputs.
"""

from __future__ import annotations

import pytest


def test_the_compilations_are_listed_and_each_opens(client) -> None:  # type: ignore[no-untyped-def]
    every = client.get("/api/documents").json()
    listed = client.get("/api/compilations")
    assert listed.status_code == 200
    slugs = [d["slug"] for d in listed.json()]
    assert slugs == [d["slug"] for d in every if d["kind"] == "compilation"] and slugs
    for slug in slugs:
        table = client.get(f"/api/compilations/{slug}")
        assert table.status_code == 200 and table.json()["slug"] == slug and table.json()["rows"]


@pytest.mark.parametrize("kind", ["outline", "draft", "compilation", "precedent"])
def test_documents_of_one_kind(client, kind: str) -> None:  # type: ignore[no-untyped-def]
    every = client.get("/api/documents?size=500").json()
    some = client.get(f"/api/documents?kind={kind}&size=500")
    assert some.status_code == 200
    assert some.json() == [d for d in every if d["kind"] == kind] and some.json()
    assert int(some.headers["x-total-count"]) == len(some.json())


def test_an_unknown_kind_is_refused_with_the_kinds(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/documents?kind=treaty")
    assert r.status_code == 422 and "precedent" in r.text
