"""`pip install .` (not editable) into a fresh venv, run from another folder, loads and serves the corpus.

Issue 13: the wheel held only app/ (no templates, migrations or corpus) and settings pointed into
the repository, so only an editable install worked. Slow (it builds a wheel and installs it with
its dependencies), and run in CI like every other test.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from app.config import REPO_ROOT
from tests.conftest import drop_database, new_database
from tests.live import free_port

pytestmark = pytest.mark.slow


def run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 900) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{cmd}: {done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with Stemma installed from a wheel built from this checkout; its bin folder."""
    tmp = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    run([sys.executable, "-m", "pip", "wheel", str(REPO_ROOT), "--no-deps", "-q", "-w", str(tmp / "dist")], tmp, env)
    wheel = next((tmp / "dist").glob("stemma-*.whl"))
    run([sys.executable, "-m", "venv", str(tmp / "venv")], tmp, env)
    run([str(tmp / "venv" / "bin" / "pip"), "install", "-q", str(wheel)], tmp, env)
    return tmp / "venv" / "bin"


def test_the_installed_wheel_upgrades_loads_and_serves_from_elsewhere(installed: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    base = os.environ.get("DATABASE_URL") or f"sqlite:///{elsewhere / 'stemma.db'}"
    url = new_database(base, tmp_path) if base.startswith("postgresql") else base
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEMMA_") and k not in ("PYTHONPATH",)}
    env["DATABASE_URL"] = url
    try:
        where = run([str(installed / "python"), "-c", "import app; print(app.__file__)"], elsewhere, env)
        assert str(installed.parent) in where and str(REPO_ROOT) not in where  # the wheel's code, not this checkout
        run([str(installed / "stemma"), "db", "upgrade"], elsewhere, env)
        said = run([str(installed / "stemma"), "load"], elsewhere, env)
        assert "loaded" in said
        port = free_port()
        server = subprocess.Popen([str(installed / "stemma"), "serve", "--port", str(port)], cwd=elsewhere, env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            home = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    if httpx.get(home + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                server.poll()
                assert server.returncode is None, server.stderr.read().decode()[-2000:]  # type: ignore[union-attr]
                import time
                time.sleep(0.2)
            page = httpx.get(home + "/documents/2010-04-16-first-draft", timeout=30)
            assert page.status_code == 200 and "Global Plan of Action" in page.text
            para = httpx.get(home + "/api/documents/2010-04-16-first-draft/paragraphs/36", timeout=30).json()
            assert {i["delegation"] for i in para["inputs"]} >= {"eu", "usa"}
            assert httpx.get(home + "/static/stemma.css", timeout=30).status_code == 200
            docs = httpx.get(home + "/docs", timeout=30)  # the API docs' files ship with the install (issue 11)
            assert docs.status_code == 200
            for ref in re.findall(r'(?:src|href)="(/[^"]+)"', docs.text):
                assert httpx.get(home + ref, timeout=30).status_code == 200, ref
            source = httpx.get(home + "/api/sources/003_4916da8653de9fbc.txt/1-3", timeout=30)
            assert source.status_code == 200  # the record's scans ship too
        finally:
            server.terminate()
            server.wait(timeout=20)
    finally:
        if url != base:
            drop_database(url)
