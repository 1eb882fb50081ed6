"""JSON: the comment table, contention, alignment, the process timeline and search."""

from __future__ import annotations

from typing import Any

from dataclasses import asdict

from fastapi import APIRouter, Query

from app.api.pagination import MAX_PAGE
from app.deps import SessionDep
from app.services import compilation as compilation_service
from app.services import contention as contention_service
from app.services import search as search_service
from app.services import timeline

router = APIRouter()


@router.get("/api/compilations/{slug}", tags=["compilations"])
def get_compilation(slug: str, session: SessionDep, section: str | None = None, delegation: str | None = None,
                    kind: str | None = None) -> dict[str, Any]:
    return compilation_service.compilation(session=session, slug=slug, section=section, delegation=delegation,
                                           kind=kind).public()


@router.get("/api/contention", tags=["analysis"])
def contention(session: SessionDep) -> list[dict[str, Any]]:
    """Paragraphs of the base draft ranked by how contested they were."""
    return [asdict(c) for c in contention_service.paragraph_contention(session=session)]


@router.get("/api/alignment", tags=["analysis"])
def alignment(session: SessionDep) -> dict[str, Any]:
    """Delegation-by-delegation similarity of the changes they asked for."""
    m = contention_service.delegation_alignment(session=session)
    return {"delegations": m.delegations, "matrix": m.matrix, "agreements": m.agreements}


@router.get("/api/events", tags=["documents"])
def events(session: SessionDep) -> list[dict[str, Any]]:
    """The negotiation's meetings, deadlines and circulations, in date order."""
    return [e.public() for e in timeline.events(session=session)]


@router.get("/api/search", tags=["search"])
def search(session: SessionDep, q: str = Query(min_length=1, max_length=500), document: str | None = None,
           delegation: str | None = None, section: str | None = None, page: int = Query(1, ge=1, le=MAX_PAGE),
           size: int = Query(20, ge=1, le=100)) -> dict[str, Any]:
    """Full text over every paragraph and input; `snippet` marks hits with <mark>."""
    r = search_service.search(session, q, document=document, delegation=delegation, section=section,
                              page=page, size=size)
    return {"query": r.query, "total": r.total, "page": r.page, "size": r.size, "hits": [h.public() for h in r.hits]}
