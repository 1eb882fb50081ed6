"""JSON: delegations and their positions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field

from app.api.errors import ErrorOut
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


class DelegationFilters(Shape):
    outcome: str | None = None
    section: str | None = None


class SectionChoiceOut(Shape):
    key: str
    title: str
    count: int


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
    inputs: list[InputOut] = Field(description="the inputs the filters keep (all without filters)")
    filters: DelegationFilters | None = None
    counts: dict[str, int] = Field(default_factory=dict, description="inputs per uptake class within the "
                                                                     "section asked for (all sections without)")
    sections: list[SectionChoiceOut] = Field(default_factory=list, description="sections it commented on, "
                                                                               "in the draft's order")


class VersusRow(Shape):
    """One paragraph; each delegation's inputs on it under the delegation's slug (`a` and `b`)."""

    document: str
    label: str
    section: str | None = None
    both: bool | None = Field(None, description="both delegations commented on the paragraph")
    agreement: str | None = Field(None, description="when both commented: agree (the same or a similar "
                                  "change), differ (different changes) or unclear (one side's input does not "
                                  "read as a change: a comment, a move, an instruction not understood)")


class VersusOut(Shape):
    a: str
    b: str
    summary: dict[str, dict[str, int]] = Field(description="per delegation slug, inputs per uptake class")
    negotiation: str | None = Field(None, description="the negotiation compared (one per answer)")
    negotiations: list[NegotiationRef] = Field(default_factory=list)
    paragraphs: dict[str, int] = Field(default_factory=dict, description="paragraphs commented on: per "
                                       "delegation slug, and both, agree, differ, unclear")
    both_only: bool = False
    rows: list[VersusRow]


@router.get("/api/delegations")
def list_delegations(session: SessionDep, page: PageDep, request: Request, response: Response
                     ) -> list[DelegationSummary]:
    rows = delegations.list_delegations(session=session)
    return page.apply([DelegationSummary(slug=d.slug, name=d.name, kind=d.kind, input_count=d.input_count)
                       for d in rows], response, request)


@router.get("/api/delegations/{slug}", responses={422: {"model": ErrorOut, "description": "an outcome the service does not give"}})
def get_delegation(slug: str, session: SessionDep, negotiation: Negotiation = None,
                   outcome: Annotated[str | None, Query(max_length=40, description="only inputs of this uptake "
                                                        "class: adopted, partial, not_reflected, ...")] = None,
                   section: Annotated[str | None, Query(max_length=60, description="only inputs on this "
                                                        "section's paragraphs (its key, e.g. annex-ii)")] = None
                   ) -> DelegationOut:
    """Every input of the delegation in one negotiation (default: the latest it spoke in), or those of
    one outcome and/or section, each with its redline, its uptake and its outcome redline, and a summary."""
    return DelegationOut.model_validate(delegations.positions(
        session=session, slug=slug, outcome=outcome or None, section=section or None, negotiation=negotiation).public())


@router.get("/api/delegations/{a}/vs/{b}", responses={422: {"model": ErrorOut, "description": "a delegation compared with itself"}})
def versus(a: str, b: str, session: SessionDep, negotiation: Negotiation = None,
           both: Annotated[bool, Query(description="only the paragraphs both commented on")] = False) -> VersusOut:
    """Both delegations' inputs in one negotiation, paragraph by paragraph, with each side's uptake
    summary and how many paragraphs each, and both, commented on."""
    return VersusOut.model_validate(delegations.versus(session=session, a=a, b=b, both_only=both,
                                                       negotiation=negotiation).public())
