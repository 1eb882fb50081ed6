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


ENGINE_MAY_NOT = ("app.corpus", "app.db", "app.models", "app.services", "app.api", "app.web", "app.auth",
                  "sqlmodel", "sqlalchemy") + WEB


def test_text_engine_imports_no_corpus_database_or_web() -> None:
    """`app/text/` is the pure engine: text in, data out (STYLE.md, "The engine is pure")."""
    for path in sorted((APP / "text").glob("*.py")):
        bad = {m for m in imports(path) if m.startswith(ENGINE_MAY_NOT)}
        assert not bad, f"app/text/{path.name} imports {bad}"


def test_engine_knows_the_same_input_kinds_as_the_corpus_schema() -> None:
    """The engine names the kinds itself (app/text/kinds.py); the corpus schema must agree."""
    from app.corpus.schema import AmendmentKind
    from app.text.kinds import INPUT_KINDS

    assert sorted(INPUT_KINDS) == sorted(k.value for k in AmendmentKind)
