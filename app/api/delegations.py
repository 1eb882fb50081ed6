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
    v = delegations.versus(session=session, a=a, b=b)
    return {"a": v.a.slug, "b": v.b.slug, "summary": {v.a.slug: v.a.summary, v.b.slug: v.b.summary},
            "rows": [{"document": doc, "label": label, "section": section, v.a.slug: [i.public() for i in ia],
                      v.b.slug: [i.public() for i in ib]} for doc, label, section, ia, ib in v.rows]}
