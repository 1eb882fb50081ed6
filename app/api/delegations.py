"""JSON: delegations and their positions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field

from app.api.pagination import PageDep
from app.api.shapes import InputOut, Shape
from app.deps import SessionDep
from app.services import delegations

router = APIRouter(tags=["delegations"])

Negotiation = Annotated[str | None, Query(max_length=120, description="a negotiation's slug")]


class DelegationSummary(Shape):
    slug: str
    name: str
    kind: str
    input_count: int


class NegotiationRef(Shape):
    slug: str
    title: str


class DelegationOut(Shape):
    slug: str
    name: str
    kind: str
    aliases: list[str] = Field(default_factory=list)
    members: list[str] = Field(default_factory=list)
    summary: dict[str, int] = Field(description="inputs per uptake class")
    negotiation: str | None = Field(None, description="the negotiation these inputs are from (one per answer)")
    negotiations: list[NegotiationRef] = Field(default_factory=list,
                                               description="every negotiation it has published inputs in, latest first")
    inputs: list[InputOut]


class VersusRow(Shape):
    """One paragraph; each delegation's inputs on it under the delegation's slug (`a` and `b`)."""

    document: str
    label: str
    section: str | None = None


class VersusOut(Shape):
    a: str
    b: str
    summary: dict[str, dict[str, int]] = Field(description="per delegation slug, inputs per uptake class")
    negotiation: str | None = Field(None, description="the negotiation compared (one per answer)")
    negotiations: list[NegotiationRef] = Field(default_factory=list)
    rows: list[VersusRow]


@router.get("/api/delegations")
def list_delegations(session: SessionDep, page: PageDep, request: Request, response: Response
                     ) -> list[DelegationSummary]:
    rows = delegations.list_delegations(session=session)
    return page.apply([DelegationSummary(slug=d.slug, name=d.name, kind=d.kind, input_count=d.input_count)
                       for d in rows], response, request)


@router.get("/api/delegations/{slug}")
def get_delegation(slug: str, session: SessionDep, negotiation: Negotiation = None) -> DelegationOut:
    """Every input of the delegation in one negotiation (default: the latest it spoke in), each with
    its redline and uptake, and a summary."""
    return DelegationOut.model_validate(
        delegations.positions(session=session, slug=slug, negotiation=negotiation).public())


@router.get("/api/delegations/{a}/vs/{b}")
def versus(a: str, b: str, session: SessionDep, negotiation: Negotiation = None) -> VersusOut:
    """Both delegations' inputs in one negotiation, paragraph by paragraph, with each side's uptake summary."""
    return VersusOut.model_validate(delegations.versus(session=session, a=a, b=b, negotiation=negotiation).public())
