"""Loading the corpus: complete, idempotent, revision-keeping, and all-or-nothing on error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlmodel import Session, func, select

from app.corpus.catalog import read_corpus
from app.corpus.loader import load_corpus
from app.db import make_engine
from app.models import (
    Amendment,
    AmendmentRevision,
    Delegation,
    DelegationAlias,
    DelegationMember,
    Document,
    LineageLink,
    Paragraph,
    ProcessEvent,
    SearchEntry,
)
from tests.conftest import AMENDMENTS, DRAFTS

TABLES = (Document, Paragraph, LineageLink, Delegation, Amendment, AmendmentRevision, ProcessEvent, SearchEntry)


def snapshot(url: str) -> tuple[object, ...]:
    """Row counts and every stored text: equal snapshots mean an unchanged database."""
    engine = make_engine(url)
    with Session(engine) as s:
        counts = tuple(s.exec(select(func.count()).select_from(t)).one() for t in TABLES)
        texts = tuple(sorted(s.exec(select(Paragraph.text))))
        revisions = tuple(sorted((r.amendment_id, r.number, r.text, r.is_current) for r in s.exec(select(AmendmentRevision))))
    engine.dispose()
    return counts, texts, revisions


def copy_corpus(tmp: Path) -> tuple[Path, Path]:
    drafts, amendments = tmp / "drafts", tmp / "amendments"
    shutil.copytree(DRAFTS, drafts)
    shutil.copytree(AMENDMENTS, amendments)
    return drafts, amendments


def stemma(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.fixture
def loaded(fresh_db: str, corpus) -> str:  # type: ignore[no-untyped-def]
    engine = make_engine(fresh_db)
    with Session(engine) as s:
        load_corpus(s, corpus)
    engine.dispose()
    return fresh_db


def test_everything_in_the_files_is_in_the_database(session: Session, corpus) -> None:  # type: ignore[no-untyped-def]
    paragraphs = sum(len(f.doc.paragraphs) for f in corpus.documents)
    inputs = sum(len(f.data.inputs) for c in corpus.compilations for f in c.files)
    links = sum(len(p.lineage) for f in corpus.documents for p in f.doc.paragraphs)
    assert session.exec(select(func.count()).select_from(Paragraph)).one() == paragraphs
    assert session.exec(select(func.count()).select_from(Amendment)).one() == inputs
    assert session.exec(select(func.count()).select_from(AmendmentRevision)).one() == inputs
    assert session.exec(select(func.count()).select_from(LineageLink)).one() == links
    japan = session.exec(select(AmendmentRevision).join(Amendment)
                         .where(Amendment.key == "2010-05-18-table-of-inputs/japan-pp5-1")).one()
    assert japan.text == "Delete “aforementioned United Nations”"


def test_loading_twice_changes_nothing(loaded: str, corpus) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(loaded)
    engine = make_engine(loaded)
    with Session(engine) as s:
        report = load_corpus(s, corpus)
    engine.dispose()
    assert not report.changed
    assert snapshot(loaded) == before


def test_a_changed_proposal_becomes_a_new_revision(loaded: str, tmp_path: Path) -> None:
    drafts, amendments = copy_corpus(tmp_path)
    path = amendments / "2010-05-18-table-of-inputs" / "japan.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(i for i in data["inputs"] if i["id"] == "japan-pp5-1")
    entry["text"] = "Delete “aforementioned”"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    engine = make_engine(loaded)
    with Session(engine) as s:
        load_corpus(s, read_corpus(drafts, amendments))
        revs = s.exec(select(AmendmentRevision).join(Amendment)
                      .where(Amendment.key == "2010-05-18-table-of-inputs/japan-pp5-1")
                      .order_by(AmendmentRevision.number)).all()
    engine.dispose()
    assert [(r.number, r.text, r.is_current) for r in revs] == [
        (1, "Delete “aforementioned United Nations”", False), (2, "Delete “aforementioned”", True)]


def _cite(path: Path, lines: tuple[int, int]) -> None:
    """Point norway-pp5-1 (record lines 1130-1141) at other lines of the record."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  - 1130\n  - 1141\n", f"  - {lines[0]}\n  - {lines[1]}\n", 1), encoding="utf-8")


def _break(amendments: Path, drafts: Path, how: str) -> tuple[str, str]:
    """Damage one file of a corpus copy; return the file name and the words the error must hold."""
    table = amendments / "2010-05-18-table-of-inputs"
    if how == "malformed":
        (drafts / "2010-07-19-draft.yaml").write_text("slug: x\nparagraphs: [\n  - label: 1\n", encoding="utf-8")
        return "2010-07-19-draft.yaml", "malformed YAML"
    if how == "dangling":
        path = table / "eu.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("target: '36'", "target: '99'", 1), encoding="utf-8")
        return "eu.yaml", "has no paragraph '99'"
    if how == "unknown-delegation":
        text = (table / "norway.yaml").read_text(encoding="utf-8").replace("delegation: norway", "delegation: atlantis")
        (table / "norway.yaml").unlink()
        (table / "atlantis.yaml").write_text(text, encoding="utf-8")
        return "atlantis.yaml", "unknown delegation 'atlantis'"
    if how == "citation-past-the-end":
        _cite(table / "norway.yaml", (10130, 10141))
        return "norway.yaml", "input norway-pp5-1: lines 10130-10141 go past the end of"
    if how == "citation-without-the-words":
        _cite(table / "norway.yaml", (1, 5))
        return "norway.yaml", "input norway-pp5-1: only"
    raise ValueError(how)


@pytest.mark.parametrize("how", ["malformed", "dangling", "unknown-delegation", "citation-past-the-end",
                                 "citation-without-the-words"])
def test_bad_files_are_refused_and_change_nothing(loaded: str, tmp_path: Path, how: str) -> None:
    drafts, amendments = copy_corpus(tmp_path)
    name, words = _break(amendments, drafts, how)
    before = snapshot(loaded)
    result = stemma(loaded, "load", "--drafts", str(drafts), "--amendments", str(amendments))
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: ") and name in errors[0], result.stderr
    assert words in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(loaded) == before


def test_a_failure_midway_rolls_everything_back(loaded: str, tmp_path: Path) -> None:
    """An alias given to two delegations passes the file checks but breaks a unique rule in the
    database after other rows were written: nothing of the load may remain."""
    drafts, amendments = copy_corpus(tmp_path)
    path = amendments / "delegations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["delegations"][-1]["aliases"] = ["EU"]
    data["delegations"].append({"slug": "zz-new", "name": "A new delegation", "kind": "state"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    first = drafts / "2010-04-16-first-draft.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace("Guided by the purposes", "Guided by purposes", 1),
                     encoding="utf-8")
    before = snapshot(loaded)
    result = stemma(loaded, "load", "--drafts", str(drafts), "--amendments", str(amendments))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(loaded) == before


def _drop_paragraph(path: Path, label: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["paragraphs"] = [p for p in data["paragraphs"] if str(p["label"]) != label]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_paragraph_taken_out_of_its_file_leaves_the_database(loaded: str, tmp_path: Path) -> None:
    drafts, amendments = copy_corpus(tmp_path)
    _drop_paragraph(drafts / "2006-mekong-statement.yaml", "P14")
    engine = make_engine(loaded)
    with Session(engine) as s:
        report = load_corpus(s, read_corpus(drafts, amendments))
        labels = set(s.exec(select(Paragraph.label).join(Document).where(Document.slug == "2006-mekong-statement")))
    engine.dispose()
    assert report.counts["paragraph"]["removed"] == 1
    assert "P14" not in labels and "P13" in labels


def test_a_paragraph_that_inputs_target_cannot_silently_go(loaded: str, tmp_path: Path) -> None:
    """Taking first-draft 36 out (and its inputs out of their files) must not delete the stored
    inputs: the load stops and changes nothing."""
    drafts, amendments = copy_corpus(tmp_path)
    _drop_paragraph(drafts / "2010-04-16-first-draft.yaml", "36")
    for path in (amendments / "2010-05-18-table-of-inputs").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "inputs" in data:
            data["inputs"] = [i for i in data["inputs"] if str(i["target"]) != "36"]
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    july = drafts / "2010-07-19-draft.yaml"
    july.write_text(july.read_text(encoding="utf-8").replace("2010-04-16-first-draft#36", "2010-04-16-first-draft#35"),
                    encoding="utf-8")
    before = snapshot(loaded)
    result = stemma(loaded, "load", "--drafts", str(drafts), "--amendments", str(amendments))
    assert result.returncode == 1 and "inputs are never deleted" in result.stderr, result.stderr
    assert snapshot(loaded) == before


def _members(url: str) -> tuple[set[str], set[str]]:
    engine = make_engine(url)
    with Session(engine) as s:
        aliases = set(s.exec(select(DelegationAlias.alias)))
        members = set(s.exec(select(DelegationMember.name)))
    engine.dispose()
    return aliases, members


def test_an_alias_or_member_taken_out_of_the_file_leaves_the_database(loaded: str, tmp_path: Path) -> None:
    """Aliases and members are links, not inputs: one dropped from delegations.yaml goes, and is
    reported as removed; the inputs and revisions stay as they were."""
    drafts, amendments = copy_corpus(tmp_path)
    path = amendments / "delegations.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_slug = {d["slug"]: d for d in data["delegations"]}
    by_slug["african-group"]["aliases"].remove("AG")
    by_slug["eu"]["members"].remove("Malta")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    aliases, members = _members(loaded)
    assert {"AG", "African group"} <= aliases and "Malta" in members
    before = snapshot(loaded)
    engine = make_engine(loaded)
    with Session(engine) as s:
        report = load_corpus(s, read_corpus(drafts, amendments))
        again = load_corpus(s, read_corpus(drafts, amendments))
    engine.dispose()
    assert report.counts["alias"]["removed"] == 1 and report.counts["member"]["removed"] == 1
    assert not again.changed
    assert _members(loaded) == (aliases - {"AG"}, members - {"Malta"})
    assert snapshot(loaded) == before


ANALYZED = ("paragraph", "searchentry", "amendmentrevision")


def planner_statistics(url: str) -> set[str]:
    """The tables the query planner has statistics for (PostgreSQL: analyzed; SQLite: in sqlite_stat1)."""
    engine = make_engine(url)
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            rows = conn.exec_driver_sql("SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL")
        elif conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
            rows = conn.exec_driver_sql("SELECT DISTINCT tbl FROM sqlite_stat1")
        else:
            rows = []  # type: ignore[assignment]
        found = {r[0] for r in rows}
    engine.dispose()
    return found & set(ANALYZED)


def forget_statistics(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_stat_reset()")  # last_analyze back to NULL
        else:
            conn.exec_driver_sql("DELETE FROM sqlite_stat1")
    engine.dispose()


def test_a_load_that_changed_something_leaves_the_planner_statistics(fresh_db: str, corpus) -> None:  # type: ignore[no-untyped-def]
    """Issue 13: without ANALYZE after a load, PostgreSQL searched by scanning every row."""
    assert planner_statistics(fresh_db) == set()
    engine = make_engine(fresh_db)
    with Session(engine) as s:
        assert load_corpus(s, corpus).changed
    assert planner_statistics(fresh_db) == set(ANALYZED)
    forget_statistics(fresh_db)
    with Session(engine) as s:
        assert not load_corpus(s, corpus).changed  # nothing changed: nothing to re-analyze
    engine.dispose()
    assert planner_statistics(fresh_db) == set()
