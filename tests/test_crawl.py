"""Every internal link a reader can follow from the home page answers 200 (the crawl: tests/crawling.py)."""

from __future__ import annotations

from tests.crawling import SAMPLED, crawl


def test_every_internal_link_from_the_home_page_answers_200(client, corpus) -> None:  # type: ignore[no-untyped-def]
    result = crawl(client)
    failures = result.failures()
    assert not failures, f"{len(failures)} of {len(result.status)} links do not answer 200:\n" + "\n".join(failures)
    # The crawl reached what a reader should be able to reach, read from the corpus files:
    visited = set(result.status)
    documents = {f"/documents/{d.doc.slug}" for d in corpus.documents}
    delegations = {f"/delegations/{d.slug}" for d in corpus.delegations.delegations}
    first = next(d.doc for d in corpus.documents if d.doc.slug == "2010-04-16-first-draft")
    paragraphs = {f"/documents/{first.slug}/{p.label}" for p in first.paragraphs}
    assert documents <= visited, documents - visited
    assert paragraphs <= visited, paragraphs - visited
    missing = delegations - visited
    assert not missing, f"delegation pages no page links to: {sorted(missing)}"
    assert any(u.startswith("/api/") for u in visited) and any(u.startswith("/sources/") for u in visited)
    assert set(result.skipped) <= set(SAMPLED)
