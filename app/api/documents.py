"""JSON: documents and their paragraphs."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from app.deps import SessionDep
from app.services import documents

router = APIRouter()


@router.get("/healthz", tags=["meta"])
def healthz(session: SessionDep) -> dict[str, str]:
    """Alive, and the database answers."""
    session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    return {"status": "ok", "database": session.get_bind().dialect.name}


@router.get("/api/documents", tags=["documents"])
def list_documents(session: SessionDep) -> list[documents.DocumentSummary]:
    return documents.list_documents(session=session)


@router.get("/api/documents/{slug}", tags=["documents"])
def get_document(slug: str, session: SessionDep) -> documents.DocumentDetail:
    return documents.get_document(session=session, slug=slug)
