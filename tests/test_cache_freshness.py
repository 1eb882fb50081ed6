"""Caches keyed on the database's generation (issue 12): an edit that keeps a text's length, made
by another session (as another process would), is seen at the next request."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, select

from app.corpus.citations import source_lines
from app.corpus.loader import load_corpus
from app.db import make_engine
from app.models import Document, Paragraph
from app.services import negotiations
from app.services.provenance import shared_language


def _paragraph(session: Session, slug: str, label: str) -> tuple[Document, Paragraph]:
    doc = session.exec(select(Document).where(Document.slug == slug)).one()
    para = session.exec(select(Paragraph).where(Paragraph.document_id == doc.id, Paragraph.label == label)).one()
    return doc, para


def test_a_same_length_edit_is_seen_by_the_shared_language_index(fresh_db: str, corpus) -> None:  # type: ignore[no-untyped-def]
    """July 54 lists "money laundering, corruption, smuggling of migrants" (record line 6285-6287), as the
    2015 ASEAN plan IV-D-c does. 'corruption' -> 'extortions' keeps the length, the row count and the
    highest id (the old freshness check's three numbers): only the generation tells the index."""
    engine = make_engine(fresh_db)
    try:
        with Session(engine) as s:
            load_corpus(s, corpus)
            plan, iv_d_c = _paragraph(s, "2015-asean-plan", "IV-D-c")
            before = [m for m in shared_language(s, [iv_d_c.text], document=plan)[0] if (m.document, m.label) == ("2010-07-19-draft", "54")]
            assert before and "corruption" in before[0].source_text
        with Session(engine) as writer:  # another session, as the write side in another process
            july, p54 = _paragraph(writer, "2010-07-19-draft", "54")
            new = p54.text.replace("corruption", "extortions")
            assert len(new) == len(p54.text) and new != p54.text
            writer.exec(update(Paragraph).where(Paragraph.id == p54.id).values(text=new))  # type: ignore[call-overload]
            negotiations.bump(writer, july.negotiation_id)
            writer.commit()
        with Session(engine) as s:
            plan, iv_d_c = _paragraph(s, "2015-asean-plan", "IV-D-c")
            after = [m for m in shared_language(s, [iv_d_c.text], document=plan)[0] if (m.document, m.label) == ("2010-07-19-draft", "54")]
            assert after and "extortions" in after[0].source_text and "corruption" not in after[0].source_text
    finally:
        engine.dispose()


def test_source_lines_see_a_same_length_rewrite_when_the_generation_moves(tmp_path: Path) -> None:
    """A rewritten source file of the same length, with the same modification time (a coarse clock),
    is read again once the generation it is asked for has moved."""
    f = tmp_path / "record.txt"
    f.write_text("first line\nsecond line\n", encoding="utf-8")
    stat = f.stat()
    assert source_lines(str(f), (1, 1)) == ("first line", "second line")
    f.write_text("FIRST LINE\nsecond line\n", encoding="utf-8")
    os.utime(f, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert source_lines(str(f), (2, 1)) == ("FIRST LINE", "second line")


def test_source_lines_see_a_hand_edit_without_a_database_write(tmp_path: Path) -> None:
    f = tmp_path / "record.txt"
    f.write_text("one\n", encoding="utf-8")
    assert source_lines(str(f), (5, 1)) == ("one",)
    f.write_text("three\n", encoding="utf-8")
    assert source_lines(str(f), (5, 1)) == ("three",)
