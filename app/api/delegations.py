"""JSON: delegations and their positions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from app.api.pagination import PageDep
from app.deps import SessionDep
from app.services import delegations

router = APIRouter(tags=["delegations"])


@router.get("/api/delegations")
def list_delegations(session: SessionDep, page: PageDep, request: Request, response: Response
                     ) -> list[dict[str, Any]]:
    rows = delegations.list_delegations(session=session)
    return page.apply([{"slug": d.slug, "name": d.name, "kind": d.kind, "input_count": d.input_count}
                       for d in rows], response, request)


@router.get("/api/delegations/{slug}")
def get_delegation(slug: str, session: SessionDep) -> dict[str, Any]:
    """Every input of the delegation, each with its redline and uptake, and a summary."""
    return delegations.positions(session=session, slug=slug).public()


@router.get("/api/delegations/{a}/vs/{b}")
def versus(a: str, b: str, session: SessionDep) -> dict[str, Any]:
    """Both delegations' inputs, paragraph by paragraph, with each side's uptake summary."""
    return delegations.versus(session=session, a=a, b=b).public()
