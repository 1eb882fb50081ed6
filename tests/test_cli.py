"""The `stemma` command: expected failures are one clear line and a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def stemma(*args: str, url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if url is not None:
        env["DATABASE_URL"] = url
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.mark.parametrize(("url", "says"), [
    ("mysql://root@localhost/x", "Stemma supports sqlite and postgresql"),
    ("not a url", "is not a database URL"),
    ("postgresql+psycopg://postgres@127.0.0.1:1/stemma", "cannot use the database"),
    ("sqlite:////nonexistent-dir/stemma.db", "cannot use the database"),
])
def test_a_wrong_database_url_is_one_line(url: str, says: str) -> None:
    result = stemma("db", "upgrade", url=url)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], result.stderr


def test_a_missing_corpus_folder_is_one_line(fresh_db: str, tmp_path: Path) -> None:
    result = stemma("load", "--drafts", str(tmp_path / "nowhere"), url=fresh_db)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nowhere'}: drafts directory not found"


def test_commands_on_a_database_without_schema_say_so(tmp_path: Path) -> None:
    result = stemma("corpus", "report", url=f"sqlite:///{tmp_path / 'empty.db'}")
    assert result.returncode == 1
    assert "stemma db upgrade" in result.stderr and "Traceback" not in result.stderr


def test_report_lists_counts_and_flags(db_url: str) -> None:
    result = stemma("corpus", "report", url=db_url)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "2010-04-16-first-draft" in out and "91 paragraphs" in out
    assert "Flagged gaps and repairs" in out and "[incomplete] 2010-07-19-draft#PP3" in out


def test_upgrade_and_check_succeed(fresh_db: str) -> None:
    assert stemma("db", "upgrade", url=fresh_db).returncode == 0
    check = stemma("db", "check", url=fresh_db)
    assert check.returncode == 0 and "agree" in check.stdout


def test_unknown_command_is_a_usage_error() -> None:
    result = stemma("frobnicate")
    assert result.returncode == 2 and "No such command" in result.stderr
