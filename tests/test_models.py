"""Every record type can be created, the uniqueness rules hold, revisions never change,
and a rejected write leaves nothing behind — on the suite's database (SQLite or PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from app.db import make_engine
from app.models import (
    Amendment,
    AmendmentRevision,
    AuditEvent,
    Delegation,
    DelegationAlias,
    DelegationMember,
    Document,
    ImmutableRevision,
    LineageLink,
    Paragraph,
    ProcessEvent,
    ProcessEventDocument,
    Section,
    User,
)


@pytest.fixture
def db(fresh_db: str):
    engine = make_engine(fresh_db)
    with Session(engine) as s:
        yield s
    engine.dispose()


def _doc(s: Session, slug: str, kind: str = "draft") -> Document:
    d = Document(slug=slug, title=f"Title of {slug}", kind=kind, date=dt.date(2010, 4, 16),
                 issued_by="Co-facilitators", source_file="003_4916da8653de9fbc.txt", source_first=403,
                 source_last=985)
    s.add(d)
    s.commit()
    return d


def _para(s: Session, doc: Document, label: str, text: str = "Guided by the purposes") -> Paragraph:
    p = Paragraph(document_id=doc.id, label=label, section="preamble", order=0, text=text,
                  source_first=412, source_last=414)
    s.add(p)
    s.commit()
    return p


def _amendment(s: Session) -> Amendment:
    base = _doc(s, "first")
    comp = _doc(s, "table", "compilation")
    para = _para(s, base, "PP5")
    japan = Delegation(slug="japan", name="Japan", kind="state")
    s.add(japan)
    s.commit()
    a = Amendment(key="table/japan-pp5-1", compilation_id=comp.id, delegation_id=japan.id,
                  target_paragraph_id=para.id, kind="instruction")
    s.add(a)
    s.commit()
    s.add(AmendmentRevision(amendment_id=a.id, number=1, text='Delete "aforementioned United Nations"',
                            source_first=1123, source_last=1123))
    s.commit()
    return a


def test_every_record_type_round_trips(db: Session) -> None:
    a = _amendment(db)
    july = _doc(db, "july")
    first_pp5 = db.exec(select(Paragraph).where(Paragraph.label == "PP5")).one()
    july_pp5 = _para(db, july, "PP5", "[Paragraph deleted]")
    eu = Delegation(slug="eu", name="European Union", kind="group")
    db.add(eu)
    db.commit()
    facilitator = User(email="f@example.org", name="Facilitator", role="facilitator")
    db.add_all([
        Section(document_id=july.id, key="preamble", title="Resolution: preamble", order=0),
        LineageLink(from_paragraph_id=first_pp5.id, to_paragraph_id=july_pp5.id, relation="deleted",
                    origin="declared"),
        DelegationAlias(delegation_id=eu.id, alias="European Union"),
        DelegationMember(group_id=eu.id, name="Portugal"),
        User(email="d@example.org", name="Delegate", role="delegation", delegation_id=eu.id),
        facilitator,
        ProcessEvent(date=dt.date(2010, 4, 21), kind="meeting", title="Second meeting",
                     source_file="003_4916da8653de9fbc.txt", source_first=376, source_last=400),
    ])
    db.commit()
    db.add(AuditEvent(user_id=facilitator.id, action="load", entity="amendment", entity_key=a.key,
                      detail={"revision": 1}))
    event = db.exec(select(ProcessEvent)).one()
    db.add(ProcessEventDocument(event_id=event.id, document_id=july.id))
    db.commit()
    counts = {m.__name__: db.exec(select(func.count()).select_from(m)).one()
              for m in (Document, Section, Paragraph, LineageLink, Delegation, DelegationAlias, DelegationMember,
                        Amendment, AmendmentRevision, User, AuditEvent, ProcessEvent, ProcessEventDocument)}
    assert counts == {"Document": 3, "Section": 1, "Paragraph": 2, "LineageLink": 1, "Delegation": 2,
                      "DelegationAlias": 1, "DelegationMember": 1, "Amendment": 1, "AmendmentRevision": 1,
                      "User": 2, "AuditEvent": 1, "ProcessEvent": 1, "ProcessEventDocument": 1}
    assert db.exec(select(AuditEvent)).one().detail == {"revision": 1}


def test_one_label_per_document(db: Session) -> None:
    doc = _doc(db, "first")
    _para(db, doc, "PP4")
    db.add(Paragraph(document_id=doc.id, label="PP4", section="preamble", order=1, text="again",
                     source_first=1, source_last=1))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    other = _doc(db, "july")
    _para(db, other, "PP4")  # the same label in another document is fine
    assert db.exec(select(func.count()).select_from(Paragraph)).one() == 2


def test_one_current_revision_per_amendment(db: Session) -> None:
    a = _amendment(db)
    db.add(AmendmentRevision(amendment_id=a.id, number=2, text="Delete “aforementioned”", is_current=True,
                             source_first=1123, source_last=1123))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    current = db.exec(select(AmendmentRevision).where(AmendmentRevision.amendment_id == a.id)).one()
    assert (current.number, current.is_current) == (1, True)


def test_a_revision_is_added_never_overwritten(db: Session) -> None:
    a = _amendment(db)
    first = db.exec(select(AmendmentRevision)).one()
    first.text = "Delete “aforementioned”"
    with pytest.raises(ImmutableRevision):
        db.commit()
    db.rollback()
    first = db.exec(select(AmendmentRevision)).one()
    first.is_current = False  # retiring is the one change allowed
    db.add(first)
    db.flush()
    db.add(AmendmentRevision(amendment_id=a.id, number=2, text="Delete “aforementioned”",
                             source_first=1123, source_last=1123))
    db.commit()
    revs = db.exec(select(AmendmentRevision).order_by(AmendmentRevision.number)).all()
    assert [(r.number, r.text, r.is_current) for r in revs] == [
        (1, 'Delete "aforementioned United Nations"', False), (2, "Delete “aforementioned”", True)]
    db.delete(revs[0])
    with pytest.raises(ImmutableRevision):
        db.commit()
    db.rollback()


def test_a_rejected_write_leaves_nothing_behind(db: Session) -> None:
    doc = _doc(db, "first")
    db.add(Paragraph(document_id=doc.id, label="PP1", section="preamble", order=0, text="one",
                     source_first=1, source_last=1))
    db.add(Paragraph(document_id=doc.id, label="PP2", section="preamble", order=1, text="two",
                     source_first=1, source_last=1))
    db.add(Paragraph(document_id=999999, label="PP3", section="preamble", order=2, text="dangling",
                     source_first=1, source_last=1))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    assert db.exec(select(func.count()).select_from(Paragraph)).one() == 0


def test_a_delegation_member_user_needs_a_delegation(db: Session) -> None:
    db.add(User(email="x@example.org", name="X", role="delegation"))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()
    db.add(User(email="y@example.org", name="Y", role="emperor"))
    with pytest.raises(IntegrityError):
        db.commit()


def test_the_database_enforces_what_stemma_relies_on(fresh_db: str) -> None:
    """SQLite runs with foreign keys on and in WAL mode; PostgreSQL is a server that enforces
    foreign keys by itself. Either way a dangling reference is refused by the database."""
    from sqlalchemy import text

    engine = make_engine(fresh_db)
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        else:
            assert conn.dialect.name == "postgresql"
            assert int(conn.execute(text("SHOW server_version_num")).scalar()) >= 120000
    with Session(engine) as s:
        s.add(Section(document_id=424242, key="preamble", title="orphan", order=0))
        with pytest.raises(IntegrityError):
            s.commit()
    engine.dispose()
