"""JSON: negotiations, and the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from app.deps import SessionDep, ViewerDep
from app.services import audit, negotiations, rounds

router = APIRouter()


class NegotiationIn(BaseModel):
    slug: str = Field(max_length=120)
    title: str = Field(max_length=500)
    description: str | None = Field(default=None, max_length=5_000)


@router.get("/api/negotiations", tags=["negotiations"])
def list_negotiations(session: SessionDep) -> list[dict[str, Any]]:
    return [n.public() for n in negotiations.list_negotiations(session)]


@router.post("/api/negotiations", status_code=201, tags=["negotiations"])
def create_negotiation(body: NegotiationIn, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    """Start a negotiation (a facilitator not bound to one)."""
    n = negotiations.create(session, viewer=viewer, slug=body.slug, title=body.title, description=body.description)
    return {"slug": n.slug, "title": n.title, "description": n.description}


@router.get("/api/negotiations/{slug}", tags=["negotiations"])
def get_negotiation(slug: str, session: SessionDep) -> dict[str, Any]:
    n = negotiations.get(session, slug)
    return {"slug": n.slug, "title": n.title, "description": n.description,
            "rounds": [r.public() for r in rounds.list_rounds(session, n.id)]}


@router.get("/api/audit", tags=["audit"])
def audit_log(session: SessionDep, viewer: ViewerDep, since: int = Query(0, ge=0, le=2**62),
              limit: int = Query(500, ge=1, le=5_000), negotiation: str | None = None) -> list[dict[str, Any]]:
    """Every write, oldest first: who, when, what, and the record before and after (facilitators)."""
    nid = negotiations.get(session, negotiation).id if negotiation else None
    return [audit.public(e) for e in audit.events(session, viewer=viewer, negotiation_id=nid, since_id=since,
                                                  limit=limit)]
