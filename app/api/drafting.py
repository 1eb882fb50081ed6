"""JSON: composing and publishing the next draft (facilitators)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from app.deps import SessionDep, ViewerDep
from app.services import drafting
from app.services.documents import get_document, get_document_row

router = APIRouter(tags=["drafting"])


class ParagraphIn(BaseModel):
    label: str = Field(max_length=40)
    text: str = Field(default="", max_length=20_000)
    section: str | None = Field(default=None, max_length=60, description="default: the first source's section")
    from_: list[str] = Field(default_factory=list, alias="from", max_length=50,
                             description="labels of the base paragraphs it comes from (several: a merge)")
    relation: str | None = Field(default=None, max_length=20,
                                 description="continues | renumbered | merged | split | moved | replaced | new | "
                                             "deleted; derived from 'from' and the labels when left out")
    reflects: list[int] = Field(default_factory=list, max_length=200, description="ids of inputs it takes up")

    model_config = {"populate_by_name": True}


class SectionIn(BaseModel):
    key: str = Field(max_length=60)
    title: str = Field(max_length=500)


class DocumentIn(BaseModel):
    slug: str = Field(max_length=120)
    title: str = Field(max_length=500)
    kind: str = Field(default="draft", max_length=20)
    date: dt.date
    base: str | None = Field(default=None, max_length=120,
                             description="the draft this one is made from; none for a negotiation's first draft")
    negotiation: str | None = Field(default=None, max_length=120,
                                    description="for a first draft (no base): the negotiation it opens")
    issued_by: str | None = Field(default=None, max_length=500)
    notes: str | None = Field(default=None, max_length=20_000)
    sections: list[SectionIn] | None = Field(default=None, max_length=200)
    paragraphs: list[ParagraphIn] = Field(max_length=5_000)
    publish: bool = Field(default=True, description="false: keep it unpublished, to finish in the workbench")


class ParagraphsIn(BaseModel):
    paragraphs: list[ParagraphIn] = Field(max_length=5_000)


def specs(items: list[ParagraphIn]) -> list[drafting.ParagraphSpec]:
    return [drafting.ParagraphSpec(label=p.label, text=p.text, section=p.section, from_=list(p.from_),
                                   relation=p.relation, reflects=list(p.reflects)) for p in items]


def _public(session: SessionDep, viewer: ViewerDep, slug: str) -> dict[str, Any]:
    """The document as GET /api/documents/{slug} shows it, with what it did to its base."""
    doc = get_document(session=session, slug=slug, viewer=viewer)
    row = get_document_row(session=session, slug=slug, viewer=viewer)
    return {**doc.model_dump(mode="json"), "lineage": drafting.lineage_summary(session, row)}


@router.post("/api/documents", status_code=201)
def create_document(body: DocumentIn, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    """The next draft made from `base`, with its lineage and the inputs each paragraph reflects."""
    spec = drafting.DraftSpec(slug=body.slug, title=body.title, base=body.base, date=body.date, kind=body.kind,
                              paragraphs=specs(body.paragraphs), issued_by=body.issued_by, notes=body.notes,
                              sections=[(s.key, s.title) for s in body.sections] if body.sections else None,
                              publish=body.publish, negotiation=body.negotiation)
    doc = drafting.create(session, viewer=viewer, spec=spec)
    return _public(session, viewer, doc.slug)


@router.put("/api/documents/{slug}/paragraphs")
def replace_paragraphs(slug: str, body: ParagraphsIn, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    """Rewrite an unpublished draft's paragraphs (the workbench's save)."""
    drafting.replace_paragraphs(session, viewer=viewer, slug=slug, specs=specs(body.paragraphs))
    return _public(session, viewer, slug)


@router.post("/api/documents/{slug}/publish")
def publish_document(slug: str, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    drafting.publish(session, viewer=viewer, slug=slug)
    return _public(session, viewer, slug)
