"""The data survives: `stemma backup` / `stemma restore` round trips, and a load killed mid-way.

Both through the real `stemma` command on the suite's kind of database.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from sqlmodel import Session, select

from app.db import make_engine
from app.models import Amendment, AmendmentRevision, AuditEvent, Generation
from tests.test_loader import copy_corpus, snapshot, stemma


def everything(url: str) -> tuple[object, ...]:
    """The loader's snapshot plus every revision's full row and the whole audit log."""
    engine = make_engine(url)
    with Session(engine) as s:
        revisions = sorted((r.amendment_id, r.number, r.text, r.is_current, r.kind, r.stance)
                           for r in s.exec(select(AmendmentRevision)))
        audit = sorted((a.id, a.actor, a.action, a.entity, a.entity_key, str(a.after)) for a in s.exec(select(AuditEvent)))
    engine.dispose()
    return snapshot(url), revisions, audit


def content(url: str) -> tuple[object, ...]:
    """What the records hold, by natural key: row ids differ after killed loads on PostgreSQL, whose
    sequences advance even in transactions that never commit."""
    counts, texts, _ = snapshot(url)
    engine = make_engine(url)
    with Session(engine) as s:
        revisions = sorted(s.exec(select(Amendment.key, AmendmentRevision.number, AmendmentRevision.text,
                                         AmendmentRevision.is_current).join(Amendment)).all())
    engine.dispose()
    return counts, texts, revisions


def generations(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with Session(engine) as s:
        found = {g.key: g.value for g in s.exec(select(Generation))}
    engine.dispose()
    return found


def _change_japan(tmp: Path) -> tuple[Path, Path]:
    drafts, amendments = copy_corpus(tmp)
    path = amendments / "2010-05-18-table-of-inputs" / "japan.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(i for i in data["inputs"] if i["id"] == "japan-pp5-1")["text"] = "Delete “aforementioned”"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return drafts, amendments


def test_backup_and_restore_keep_every_revision_and_the_audit_log(fresh_db: str, tmp_path: Path) -> None:
    assert stemma(fresh_db, "load").returncode == 0
    drafts, amendments = _change_japan(tmp_path)
    assert stemma(fresh_db, "load", "--drafts", str(drafts), "--amendments", str(amendments)).returncode == 0
    saved = everything(fresh_db)
    assert any(number == 2 for _, number, *_ in saved[1]) and len(saved[2]) == 2  # a second revision, two loads
    backup = tmp_path / "stemma.backup"
    done = stemma(fresh_db, "backup", str(backup))
    assert done.returncode == 0 and backup.stat().st_size > 0, done.stderr

    # Later work the restore must undo: the proposal changed back (revision 3, a third audit event).
    assert stemma(fresh_db, "load").returncode == 0
    assert everything(fresh_db) != saved
    before_restore = generations(fresh_db)

    done = stemma(fresh_db, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert everything(fresh_db) == saved
    after = generations(fresh_db)
    assert all(after[k] > v for k, v in before_restore.items())  # caches at later numbers cannot match


def test_restore_refuses_what_is_not_a_backup(fresh_db: str, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.backup"
    bogus.write_text("not a backup")
    done = stemma(fresh_db, "restore", str(bogus))
    assert done.returncode == 1 and done.stderr.startswith("error: ") and len(done.stderr.strip().splitlines()) == 1
    missing = stemma(fresh_db, "restore", str(tmp_path / "none"))
    assert missing.returncode == 1 and "no backup file" in missing.stderr


def test_a_load_killed_midway_leaves_nothing_and_a_rerun_completes(fresh_db: str, db_url: str) -> None:
    """SIGKILL gives the loader no chance to roll back: the database's own transaction must."""
    import os

    env = {**os.environ, "DATABASE_URL": fresh_db}
    empty, full = content(fresh_db), content(db_url)
    killed = 0
    for delay in (0.5, 1.0, 1.5, 2.0, 3.0, 4.5):  # early kills on any machine, later ones mid-write
        proc = subprocess.Popen([sys.executable, "-m", "app.cli", "load"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed += 1
            now = content(fresh_db)
            if now == full:  # killed after its commit (while it analyzed or printed): all of it, not half
                break
            assert now == empty  # nothing of the killed load is visible
        else:
            break  # this machine loads faster than the delay: the load completed, the rest would too
    assert killed >= 1
    done = stemma(fresh_db, "load")
    assert done.returncode == 0, done.stderr
    assert content(fresh_db) == full  # the same as a load never interrupted
