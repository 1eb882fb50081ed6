"""`stemma export`: a negotiation with a round written through the service, exported to files,
passes `stemma corpus check` and loads into an empty database as the same records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app import migrate
from app.config import Settings
from app.corpus.catalog import read_corpus
from app.text.lost import only_gaps
from app.corpus.loader import load_corpus
from app.db import make_engine
from app.models import (
    Amendment,
    AmendmentRevision,
    Delegation,
    Document,
    LineageLink,
    Paragraph,
    Reflection,
    Round,
)
from app.services.export import export_negotiation
from tests.conftest import DRAFTS, Accounts, drop_database, new_database
from tests.test_loader import stemma

NEG = "2010-global-plan-of-action"
BASE = "2010-07-19-draft"


def records(url: str, only: set[str] | None = None) -> dict[str, object]:
    """Every record of the documents `only` names (default: all), by natural keys (no database ids)."""
    engine = make_engine(url)
    From, FromDoc = aliased(Paragraph), aliased(Document)
    To, ToDoc = aliased(Paragraph), aliased(Document)
    with Session(engine) as s:
        out = {
            "documents": sorted((d.slug, d.title, d.kind, d.date.isoformat(), d.state, d.origin, d.issued_by)
                                for d in s.exec(select(Document).where(Document.retired_at.is_(None)))),
            "paragraphs": sorted((doc, p.label, p.order, p.section, p.text, p.status, p.text_quality)
                                 for p, doc in s.exec(select(Paragraph, Document.slug).join(Document))),
            "lineage": sorted((f"{fd}#{fl}" if fd else None or "", f"{td}#{tl}", ln.relation)
                              for ln, fl, fd, tl, td in s.exec(
                                  select(LineageLink, From.label, FromDoc.slug, To.label, ToDoc.slug)
                                  .join(From, From.id == LineageLink.from_paragraph_id, isouter=True)
                                  .join(FromDoc, FromDoc.id == From.document_id, isouter=True)
                                  .join(To, To.id == LineageLink.to_paragraph_id)
                                  .join(ToDoc, ToDoc.id == To.document_id))),
            "rounds": sorted((r.slug, r.state, r.deadline.replace(tzinfo=None).isoformat() if r.deadline else None)
                             for r in s.exec(select(Round))),
            "inputs": sorted((a.key, d, a.kind, a.stance, a.status, a.origin, a.new_label)
                             for a, d in s.exec(select(Amendment, Delegation.slug)
                                                  .join(Delegation, Delegation.id == Amendment.delegation_id))),
            "revisions": sorted((a.key, r.number, r.is_current, r.text, r.rationale, r.author, r.late_note,
                                 # when a record revision was loaded is not part of the record
                                 r.created_at.replace(tzinfo=None).isoformat() if a.origin == "service" else "")
                                for r, a in s.exec(select(AmendmentRevision, Amendment).join(Amendment))),
            "reflections": sorted((a, p) for a, p in s.exec(
                select(Amendment.key, Paragraph.label).join(Reflection, Reflection.amendment_id == Amendment.id)
                .join(Paragraph, Paragraph.id == Reflection.paragraph_id))),
        }
    engine.dispose()
    if only is not None:
        out["documents"] = [d for d in out["documents"] if d[0] in only]  # type: ignore[attr-defined]
        out["paragraphs"] = [p for p in out["paragraphs"] if p[0] in only]  # type: ignore[attr-defined]
    return out


def test_export_then_load_into_an_empty_database_gives_the_same_records(loaded_url: str, tmp_path: Path) -> None:
    people = Accounts(loaded_url)
    people.add("fac", "facilitator")
    people.add("eu", "delegation", "eu")
    people.add("usa", "delegation", "usa")
    from app.main import create_app

    api = TestClient(create_app(Settings(database_url=loaded_url)))
    h = people.headers
    deadline = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).isoformat()
    assert api.post("/api/rounds", headers=h("fac"), json={"slug": "exported-round", "title": "A round",
                                                           "base": BASE, "deadline": deadline}).status_code == 201
    eu = api.post("/api/rounds/exported-round/inputs", headers=h("eu"), json={
        "label": "12", "kind": "replace", "text": "Mainstream trafficking in persons.\nSecond line."}).json()
    api.put(f"/api/inputs/{eu['id']}", headers=h("eu"), json={"revision": 1, "text": "Mainstream it.  "})
    usa = api.post("/api/rounds/exported-round/inputs", headers=h("usa"),
                   json={"label": "13", "kind": "comment", "rationale": "Why?"}).json()
    api.delete(f"/api/inputs/{usa['id']}", headers=h("usa"))
    assert api.post("/api/rounds/exported-round/publish", headers=h("fac")).status_code == 200
    base = api.get(f"/api/documents/{BASE}").json()["paragraphs"]
    paras = [{"label": p["label"], "text": p["text"], "from": [p["label"]]} for p in base
             if p["text"].strip() and not only_gaps(p["text"]) and p["status"] == "present"
             and p["label"] not in ("13", "14")]  # paragraphs the scan lost whole are left out, as empty ones
    paras.append({"label": "13", "text": "Merged 13 and 14.", "from": ["13", "14"], "reflects": [eu["id"]]})
    r = api.post("/api/documents", headers=h("fac"), json={"slug": "exported-draft", "title": "Next",
                                                           "date": "2010-10-01", "base": BASE, "paragraphs": paras})
    assert r.status_code == 201, r.text
    out = tmp_path / "export"
    engine = make_engine(loaded_url)
    with Session(engine) as s:
        report = export_negotiation(s, NEG, out, DRAFTS / "sources")
    engine.dispose()
    assert report.compilations == 2 and report.documents == 4
    corpus = read_corpus(out / "drafts", out / "amendments")  # `stemma corpus check`
    check = stemma(loaded_url, "corpus", "check", "--drafts", str(out / "drafts"), "--amendments",
                   str(out / "amendments"))
    assert check.returncode == 0, check.stderr
    fresh = new_database(loaded_url, tmp_path)
    try:
        migrate.upgrade(fresh)
        engine = make_engine(fresh)
        with Session(engine) as s:
            load_corpus(s, corpus)
        engine.dispose()
        after = records(fresh)
        exported = {d for d, *_ in after["documents"]}  # type: ignore[union-attr]
        assert {"exported-draft", "exported-round", BASE, "2010-05-18-table-of-inputs"} <= exported
        before = records(loaded_url, only=exported)  # the source database also holds the precedents
        for key in before:
            assert after[key] == before[key], key
    finally:
        drop_database(fresh)


def test_loading_the_export_again_changes_nothing_it_never_overwrites_service_records(loaded_url: str,
                                                                                      tmp_path: Path) -> None:
    """The files of a service round loaded into the database that wrote it: nothing changes."""
    out = tmp_path / "again"
    engine = make_engine(loaded_url)
    with Session(engine) as s:
        export_negotiation(s, NEG, out, DRAFTS / "sources")
    engine.dispose()
    before = records(loaded_url)
    engine = make_engine(loaded_url)
    with Session(engine) as s:
        report = load_corpus(s, read_corpus(out / "drafts", out / "amendments"))
    engine.dispose()
    assert records(loaded_url) == before
    assert report.counts["revision"]["created"] == 0
