"""JSON: the comment table, contention, alignment, the process timeline and search."""

from __future__ import annotations

from typing import Any

from dataclasses import asdict

from fastapi import APIRouter, Query

from app.deps import SessionDep, ViewerDep
from app.services import compilation as compilation_service
from app.services import contention as contention_service
from app.services import search as search_service
from app.services import timeline

router = APIRouter()


@router.get("/api/compilations/{slug}", tags=["compilations"])
def get_compilation(slug: str, session: SessionDep, viewer: ViewerDep, section: str | None = None,
                    delegation: str | None = None, kind: str | None = None) -> dict[str, Any]:
    return compilation_service.compilation(session=session, slug=slug, section=section, delegation=delegation,
                                           kind=kind, viewer=viewer).public()


@router.get("/api/contention", tags=["analysis"])
def contention(session: SessionDep, viewer: ViewerDep, round: str | None = None) -> dict[str, Any]:
    """The paragraphs of a round's base draft ranked by how contested they were (default: the newest
    published round with inputs)."""
    ref = contention_service.pick_round(session, round, viewer=viewer)
    ranking = contention_service.paragraph_contention(session=session, round=ref, viewer=viewer)
    return {"round": ref.public() if ref else None, "paragraphs": [asdict(c) for c in ranking]}


@router.get("/api/alignment", tags=["analysis"])
def alignment(session: SessionDep, viewer: ViewerDep, round: str | None = None) -> dict[str, Any]:
    """Delegation-by-delegation similarity of the changes they asked for in one round."""
    ref = contention_service.pick_round(session, round, viewer=viewer)
    m = contention_service.delegation_alignment(session=session, round=ref, viewer=viewer)
    return {"round": ref.public() if ref else None, "delegations": m.delegations, "matrix": m.matrix,
            "agreements": m.agreements}


@router.get("/api/events", tags=["documents"])
def events(session: SessionDep) -> list[dict[str, Any]]:
    """The negotiation's meetings, deadlines and circulations, in date order."""
    return [e.public() for e in timeline.events(session=session)]


@router.get("/api/search", tags=["search"])
def search(session: SessionDep, q: str = Query(min_length=1, max_length=500), document: str | None = None,
           delegation: str | None = None, section: str | None = None, page: int = Query(1, ge=1),
           size: int = Query(20, ge=1, le=100)) -> dict[str, Any]:
    """Full text over every paragraph and input; `snippet` marks hits with <mark>."""
    r = search_service.search(session, q, document=document, delegation=delegation, section=section,
                              page=page, size=size)
    return {"query": r.query, "total": r.total, "page": r.page, "size": r.size, "hits": [h.public() for h in r.hits]}
