"""The architecture's one direction of flow, checked on the source: domain errors know no HTTP."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"
WEB = ("fastapi", "starlette", "uvicorn")


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_domain_errors_import_no_web_framework() -> None:
    assert not {m for m in imports(APP / "errors.py") if m.split(".")[0] in WEB}


def test_services_import_no_web_framework_and_no_router() -> None:
    for path in sorted((APP / "services").glob("*.py")):
        bad = {m for m in imports(path) if m.split(".")[0] in WEB or m.startswith(("app.api", "app.web"))}
        assert not bad, f"{path.name} imports {bad}"
