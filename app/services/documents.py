"""Documents and their paragraphs, as the API and the pages show them."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from sqlmodel import Session, func, select

from app.errors import NotFound
from app.models import Document, Paragraph, Section


class DocumentSummary(BaseModel):
    slug: str
    title: str
    kind: str
    date: dt.date
    paragraph_count: int


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
    source: dict[str, object]
    sections: list[SectionPublic]
    paragraphs: list[ParagraphPublic]


def list_documents(*, session: Session) -> list[DocumentSummary]:
    """Every document in date order, with its paragraph count (one query)."""
    rows = session.exec(
        select(Document, func.count(Paragraph.id))
        .join(Paragraph, isouter=True)
        .group_by(Document.id)
        .order_by(Document.date, Document.slug)
    ).all()
    return [DocumentSummary(slug=d.slug, title=d.title, kind=d.kind, date=d.date, paragraph_count=n)
            for d, n in rows]


def get_document_row(*, session: Session, slug: str) -> Document:
    doc = session.exec(select(Document).where(Document.slug == slug)).first()
    if doc is None:
        raise NotFound("document", slug)
    return doc


def get_document(*, session: Session, slug: str) -> DocumentDetail:
    doc = get_document_row(session=session, slug=slug)
    sections = session.exec(select(Section).where(Section.document_id == doc.id).order_by(Section.order)).all()
    paragraphs = session.exec(select(Paragraph).where(Paragraph.document_id == doc.id)
                              .order_by(Paragraph.order)).all()
    return DocumentDetail(
        slug=doc.slug, title=doc.title, kind=doc.kind, date=doc.date, issued_by=doc.issued_by,
        notes=doc.notes,
        source={"file": doc.source_file, "lines": [doc.source_first, doc.source_last]},
        sections=[SectionPublic(key=s.key, title=s.title) for s in sections],
        paragraphs=[ParagraphPublic(label=p.label, section=p.section, order=p.order, text=p.text,
                                    status=p.status, text_quality=p.text_quality) for p in paragraphs],
    )
