"""The facilitators' comment table, laid out as the UN does: each base paragraph, then its inputs."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from sqlmodel import Session, select

from app.auth.policy import ANONYMOUS, Viewer, may_see_document
from app.errors import NotFound
from app.models import Delegation, Document, Paragraph, Section
from app.services.positions import InputView, list_inputs


@dataclass
class Row:
    paragraph: Paragraph
    inputs: list[InputView]  # delegations in alphabetical order


@dataclass
class Compilation:
    document: Document
    base: Document
    sections: list[Section]
    rows: list[Row]
    delegations: list[tuple[str, str]]  # slug, name of every delegation, for the filter form
    filters: dict[str, str | None]

    def query(self) -> str:
        """The filters in force as a query string ("?section=annex-ii&delegation=eu"), for download links."""
        q = urlencode({k: v for k, v in self.filters.items() if v})
        return f"?{q}" if q else ""

    def public(self) -> dict[str, object]:
        return {
            "slug": self.document.slug, "title": self.document.title, "date": self.document.date.isoformat(),
            "base": self.base.slug, "filters": self.filters,
            "rows": [{"label": r.paragraph.label, "section": r.paragraph.section, "text": r.paragraph.text,
                      "inputs": [i.public() for i in r.inputs]} for r in self.rows],
        }


def compilation(*, session: Session, slug: str, section: str | None = None, delegation: str | None = None,
                kind: str | None = None, label: str | None = None, viewer: Viewer = ANONYMOUS) -> Compilation:
    doc = session.exec(select(Document).where(Document.slug == slug, Document.kind == "compilation",
                                              Document.retired_at.is_(None))).first()
    if doc is None or doc.base_id is None or not may_see_document(viewer, doc.state, doc.negotiation_id):
        raise NotFound("compilation", slug)
    base = session.get(Document, doc.base_id)
    assert base is not None
    sections = list(session.exec(select(Section).where(Section.document_id == base.id).order_by(Section.order)))
    q = select(Paragraph).where(Paragraph.document_id == base.id).order_by(Paragraph.order)
    if section:
        q = q.where(Paragraph.section == section)
    if label:
        q = q.where(Paragraph.label == label)
    paragraphs = list(session.exec(q))
    inputs = list_inputs(session, compilation=slug, delegation=delegation, section=section, kind=kind, viewer=viewer,
                         paragraph_ids=[p.id for p in paragraphs if p.id is not None] if label else None)
    by_para: dict[str, list[InputView]] = {}
    for i in sorted(inputs, key=lambda i: (i.delegation_name.casefold(), i.id)):
        by_para.setdefault(i.label, []).append(i)
    filtering = bool(delegation or kind)
    rows = [Row(p, by_para.get(p.label, [])) for p in paragraphs if not filtering or p.label in by_para]
    delegations = [(d.slug, d.name) for d in session.exec(select(Delegation).order_by(Delegation.name))]
    return Compilation(doc, base, sections, rows, delegations,
                       {"section": section, "delegation": delegation, "kind": kind, "label": label})
