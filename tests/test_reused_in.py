"""`reused_in` searches only the documents younger than the paragraph's (issue 12: its cost grew with
the database); on the seed corpus its answer must be the one the whole-corpus search gave."""

from __future__ import annotations

from sqlmodel import Session, select

from app.models import Document, Paragraph
from app.services import provenance
from app.services.provenance import reused_in, stamp
from benchmarks.reused_in import whole_corpus_reused_in


def test_every_paragraph_is_reused_where_the_whole_corpus_search_found_it(session: Session) -> None:
    fresh = stamp(session)
    rows = session.exec(select(Paragraph, Document).join(Document).where(
        Document.state == "published", Document.retired_at.is_(None), Document.kind != "compilation")).all()
    found = 0
    for paragraph, document in rows:
        new = reused_in(session, paragraph.text, document=document, fresh=fresh)
        assert new == whole_corpus_reused_in(session, paragraph.text, document), (document.slug, paragraph.label)
        found += len(new)
    assert found > 20  # later drafts and the 2015 plan take up earlier wording: the comparison has content


def test_a_draft_is_searched_for_in_what_is_younger_only(session: Session) -> None:
    """After the July draft (19 July 2010) the corpus holds only the 2015 ASEAN plan: July's later-documents
    index is that plan's paragraphs; the plan, the youngest document, is reused nowhere."""
    july = session.exec(select(Document).where(Document.slug == "2010-07-19-draft")).one()
    index, meta, skip = provenance._later_index(session, july, stamp(session))
    assert skip is None and {slug for _t, _k, _d, slug in meta.values()} == {"2015-asean-plan"}
    plan = session.exec(select(Document).where(Document.slug == "2015-asean-plan")).one()
    paragraph = session.exec(select(Paragraph).where(Paragraph.document_id == plan.id)).first()
    assert paragraph is not None
    assert reused_in(session, paragraph.text, document=plan) == []
