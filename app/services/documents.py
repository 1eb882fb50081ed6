"""Documents and their paragraphs, as the API and the pages show them."""

from __future__ import annotations

from typing import Literal

import datetime as dt

from pydantic import BaseModel
from sqlmodel import Session, func, select

from app.auth.policy import ANONYMOUS, Viewer, document_visibility, may_see_document
from app.errors import NotFound
from app.models import Document, Negotiation, Paragraph, Section


class DocumentSummary(BaseModel):
    slug: str
    title: str
    kind: str
    date: dt.date
    paragraph_count: int
    state: str = "published"
    negotiation: str | None = None


class SectionPublic(BaseModel):
    key: str
    title: str


class ParagraphPublic(BaseModel):
    label: str
    section: str
    order: int
    text: str
    status: str
    text_quality: str


class DocumentDetail(BaseModel):
    slug: str
    title: str
    kind: str
    date: dt.date
    issued_by: str
    notes: str | None
    state: str = "published"
    base: str | None = None
    negotiation: str | None = None
    source: dict[str, object]
    sections: list[SectionPublic]
    paragraphs: list[ParagraphPublic]


Kind = Literal["outline", "draft", "compilation", "precedent"]


def list_documents(*, session: Session, viewer: Viewer = ANONYMOUS, negotiation_id: int | None = None,
                   kind: Kind | None = None) -> list[DocumentSummary]:
    """Every document `viewer` may read in date order, with its paragraph count (one query);
    only one negotiation's when `negotiation_id` is given, only one kind's when `kind` is."""
    q = (select(Document, func.count(Paragraph.id), Negotiation.slug)
         .join(Paragraph, isouter=True)
         .join(Negotiation, Negotiation.id == Document.negotiation_id, isouter=True)
         .where(document_visibility(viewer, Document)))
    if negotiation_id is not None:
        q = q.where(Document.negotiation_id == negotiation_id)
    if kind is not None:
        q = q.where(Document.kind == kind)
    rows = session.exec(q.group_by(Document.id, Negotiation.slug).order_by(Document.date, Document.slug)).all()
    return [DocumentSummary(slug=d.slug, title=d.title, kind=d.kind, date=d.date, paragraph_count=n, state=d.state,
                            negotiation=neg) for d, n, neg in rows]


def get_document_row(*, session: Session, slug: str, viewer: Viewer = ANONYMOUS) -> Document:
    """The document, if `viewer` may read it: an unpublished or retired one does not exist for others."""
    doc = session.exec(select(Document).where(Document.slug == slug, Document.retired_at.is_(None))).first()
    if doc is None or not may_see_document(viewer, doc.state, doc.negotiation_id):
        raise NotFound("document", slug)
    return doc


def get_document(*, session: Session, slug: str, viewer: Viewer = ANONYMOUS) -> DocumentDetail:
    doc = get_document_row(session=session, slug=slug, viewer=viewer)
    sections = session.exec(select(Section).where(Section.document_id == doc.id, Section.retired_at.is_(None))
                            .order_by(Section.order)).all()
    base = session.get(Document, doc.base_id) if doc.base_id else None
    negotiation = session.get(Negotiation, doc.negotiation_id) if doc.negotiation_id else None
    paragraphs = session.exec(select(Paragraph).where(Paragraph.document_id == doc.id)
                              .order_by(Paragraph.order)).all()
    return DocumentDetail(
        slug=doc.slug, title=doc.title, kind=doc.kind, date=doc.date, issued_by=doc.issued_by,
        notes=doc.notes, state=doc.state, base=base.slug if base else None,
        negotiation=negotiation.slug if negotiation else None,
        source={"file": doc.source_file, "lines": [doc.source_first, doc.source_last]},
        sections=[SectionPublic(key=s.key, title=s.title) for s in sections],
        paragraphs=[ParagraphPublic(label=p.label, section=p.section, order=p.order, text=p.text,
                                    status=p.status, text_quality=p.text_quality) for p in paragraphs],
    )
