"""What a load does with records taken out of the files (retires them, history kept, and reports
it) and with records users wrote through the service (never touches them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.config import Settings
from app.corpus.catalog import read_corpus
from app.corpus.loader import load_corpus
from app.db import make_engine
from app.models import Amendment, AmendmentRevision, Document, ProcessEvent, Section
from tests.conftest import Accounts
from tests.test_loader import copy_corpus, loaded, stemma  # noqa: F401  (the `loaded` fixture)

TABLE = "2010-05-18-table-of-inputs"
JAPAN_PP5 = f"{TABLE}/japan-pp5-1"


def _load(url: str, drafts: Path, amendments: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    with Session(engine) as s:
        report = load_corpus(s, read_corpus(drafts, amendments))
    engine.dispose()
    return report


def _edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_an_input_taken_out_of_its_file_is_retired_and_comes_back(loaded: str, tmp_path: Path) -> None:  # noqa: F811
    drafts, amendments = copy_corpus(tmp_path)
    japan = amendments / TABLE / "japan.yaml"
    original = japan.read_text(encoding="utf-8")
    _edit(japan, lambda d: d.update(inputs=[i for i in d["inputs"] if i["id"] != "japan-pp5-1"]))
    report = _load(loaded, drafts, amendments)
    assert report.counts["amendment"]["retired"] == 1
    from app.main import create_app

    api = TestClient(create_app(Settings(database_url=loaded)))
    keys = {i["key"] for i in api.get("/api/delegations/japan").json()["inputs"]}
    assert JAPAN_PP5 not in keys and len(keys) > 10
    assert JAPAN_PP5 not in api.get("/delegations/japan").text
    engine = make_engine(loaded)
    with Session(engine) as s:  # kept, with its revision: history is never deleted
        row = s.exec(select(Amendment).where(Amendment.key == JAPAN_PP5)).one()
        assert row.retired_at is not None
        assert s.exec(select(AmendmentRevision).where(AmendmentRevision.amendment_id == row.id)).one().number == 1
    engine.dispose()
    japan.write_text(original, encoding="utf-8")
    back = _load(loaded, drafts, amendments)
    assert back.counts["amendment"]["restored"] == 1
    assert JAPAN_PP5 in {i["key"] for i in api.get("/api/delegations/japan").json()["inputs"]}


def test_a_document_section_or_event_taken_out_is_retired(loaded: str, tmp_path: Path) -> None:  # noqa: F811
    drafts, amendments = copy_corpus(tmp_path)
    (drafts / "2006-mekong-statement.yaml").unlink()
    process = drafts / "process.yaml"
    _edit(process, lambda d: d.update(events=d["events"][1:]))
    result = stemma(loaded, "load", "--drafts", str(drafts), "--amendments", str(amendments))
    assert result.returncode == 0, result.stderr
    assert "document: 0 created, 0 updated, 7 unchanged, 1 retired" in " ".join(result.stdout.split())
    assert "event: 0 created, 0 updated, 12 unchanged, 1 retired" in " ".join(result.stdout.split())
    engine = make_engine(loaded)
    with Session(engine) as s:
        mekong = s.exec(select(Document).where(Document.slug == "2006-mekong-statement")).one()
        assert mekong.retired_at is not None
        assert s.exec(select(ProcessEvent).where(ProcessEvent.retired_at.is_not(None))).one().date == dt.date(2010, 3, 19)
    engine.dispose()
    from app.main import create_app

    api = TestClient(create_app(Settings(database_url=loaded)))
    assert api.get("/api/documents/2006-mekong-statement").status_code == 404
    assert "2006-mekong-statement" not in {d["slug"] for d in api.get("/api/documents?size=500").json()}
    assert all(e["date"] != "2010-03-19" for e in api.get("/api/events").json())


def test_a_section_taken_out_is_retired(loaded: str, tmp_path: Path) -> None:  # noqa: F811
    drafts, amendments = copy_corpus(tmp_path)
    path = drafts / "2006-mekong-statement.yaml"

    def drop_last_section(d: dict) -> None:  # type: ignore[type-arg]
        last = d["sections"][-1]["key"]
        d["sections"] = d["sections"][:-1]
        d["paragraphs"] = [p for p in d["paragraphs"] if p["section"] != last]

    _edit(path, drop_last_section)
    report = _load(loaded, drafts, amendments)
    assert report.counts["section"]["retired"] == 1
    engine = make_engine(loaded)
    with Session(engine) as s:
        retired = s.exec(select(Section).where(Section.retired_at.is_not(None))).all()
        assert len(retired) == 1
    engine.dispose()


def test_a_load_never_touches_what_users_wrote(loaded: str, tmp_path: Path) -> None:  # noqa: F811
    people = Accounts(loaded)
    people.add("fac", "facilitator")
    people.add("eu", "delegation", "eu")
    from app.main import create_app

    api = TestClient(create_app(Settings(database_url=loaded)))
    deadline = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).isoformat()
    api.post("/api/rounds", headers=people.headers("fac"),
             json={"slug": "users-round", "title": "t", "base": "2010-07-19-draft", "deadline": deadline})
    made = api.post("/api/rounds/users-round/inputs", headers=people.headers("eu"),
                    json={"label": "12", "kind": "replace", "text": "Ours."}).json()
    before = api.get("/api/rounds/users-round", headers=people.headers("fac")).json()
    drafts, amendments = copy_corpus(tmp_path)  # the files hold nothing of the round
    result = stemma(loaded, "load", "--drafts", str(drafts), "--amendments", str(amendments))
    assert result.returncode == 0 and "nothing changed" in result.stdout, result.stdout
    assert api.get("/api/rounds/users-round", headers=people.headers("fac")).json() == before
    assert api.get(f"/api/inputs/{made['id']}/revisions", headers=people.headers("eu")).json()[0]["text"] == "Ours."
    (drafts / "users-round.yaml").write_text(  # a file may not take over a slug users wrote
        "slug: users-round\ntitle: x\nkind: draft\ndate: 2010-01-01\nissued_by: x\n"
        "source: {file: 003_4916da8653de9fbc.txt, lines: [1, 2]}\n", encoding="utf-8")
    clash = stemma(loaded, "load", "--drafts", str(drafts), "--amendments", str(amendments))
    assert clash.returncode == 1 and "written through the service" in clash.stderr, clash.stderr
    assert api.get("/api/rounds/users-round", headers=people.headers("fac")).json() == before
