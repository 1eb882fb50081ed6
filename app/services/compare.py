"""Comparing two documents paragraph by paragraph (lineage first, then similarity)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app.models import Document, LineageLink, Paragraph, Section
from app.services.documents import get_document_row
from app.text.align import Link, Pair, Para, align


@dataclass
class Comparison:
    old: Document
    new: Document
    sections: list[tuple[str, str]]  # (key, title) of the new document, then old-only ones
    pairs: list[Pair]
    old_sections: dict[str, str]  # label -> section key, for filtering deleted paragraphs
    new_sections: dict[str, str]
    new_texts: dict[str, str]  # shown for unchanged pairs, which carry no redline

    def section_of(self, pair: Pair) -> str:
        if pair.to_labels:
            return self.new_sections[pair.to_labels[0]]
        return self.old_sections[pair.from_labels[0]]

    def filtered(self, changed_only: bool = False, section: str | None = None) -> list[Pair]:
        """The pairs the page and the API both show; an empty section (the form's "all") is no filter,
        so `?section=` means the same in HTML and JSON."""
        return [p for p in self.pairs if (not changed_only or p.relation != "unchanged")
                and (not section or self.section_of(p) == section)]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for p in self.pairs:
            out[p.relation] = out.get(p.relation, 0) + 1
        return out


def _paras(session: Session, doc: Document) -> list[Paragraph]:
    return list(session.exec(select(Paragraph).where(Paragraph.document_id == doc.id).order_by(Paragraph.order)))


def _links(session: Session, old: Document, new: Document) -> list[Link]:
    From = aliased(Paragraph)
    To = aliased(Paragraph)
    rows = session.exec(
        select(From.label, To.label, LineageLink.relation)
        .join(From, From.id == LineageLink.from_paragraph_id)
        .join(To, To.id == LineageLink.to_paragraph_id)
        .where(From.document_id == old.id, To.document_id == new.id)
    ).all()
    return [Link(a, b, rel) for a, b, rel in rows]


def compare(session: Session, old_slug: str, new_slug: str) -> Comparison:
    old = get_document_row(session=session, slug=old_slug)
    new = get_document_row(session=session, slug=new_slug)
    a, b = _paras(session, old), _paras(session, new)
    merged_label = {p.id: p.label for p in b}
    pa = [Para(p.label, p.text, p.section, p.status) for p in a]
    pb = [Para(p.label, p.text, p.section, p.status, merged_label.get(p.merged_into_id)) for p in b]
    pairs = align(pa, pb, _links(session, old, new))
    sections = [(s.key, s.title) for s in session.exec(
        select(Section).where(Section.document_id.in_([new.id, old.id]))
        .order_by(Section.document_id != new.id, Section.order))]
    ordered: dict[str, str] = {}
    for key, title in sections:  # the new document's sections first, then those only the old one has
        ordered.setdefault(key, title)
    return Comparison(old, new, list(ordered.items()), pairs, {p.label: p.section for p in a}, {p.label: p.section for p in b},
                      {p.label: p.text for p in b})


def public(c: Comparison, *, changed_only: bool = False, section: str | None = None) -> dict[str, object]:
    """The API shape: `{from, to, counts, pairs: [{from_label, to_label, relation, ops, ...}]}`."""
    pairs = c.filtered(changed_only, section)
    return {
        "from": c.old.slug, "to": c.new.slug, "counts": c.counts(),
        "pairs": [{
            "from_label": p.from_label, "to_label": p.to_label, "from_labels": p.from_labels,
            "to_labels": p.to_labels, "relation": p.relation, "via": p.via, "renumbered": p.renumbered,
            "similarity": round(p.similarity, 3), "section": c.section_of(p),
            "contributions": [{"label": x.label, "share": round(x.share, 3), "spans": x.spans}
                              for x in p.contributions],
            "sources": p.from_labels if p.relation == "merged" else [],
            "op_sources": [e.source for e in p.edits] if p.relation == "merged" else [],
            "lost": p.lost,
            "ops": [e.as_pair() for e in p.edits]} for p in pairs],
    }
