"""The curator's report: what the database holds, and every gap and repair to review."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from app.models import Amendment, AmendmentRevision, Delegation, Document, Paragraph, Section


@dataclass
class Flag:
    where: str
    quality: str
    notes: list[str]


@dataclass
class CorpusReport:
    documents: list[tuple[str, str, int]] = field(default_factory=list)  # slug, kind, paragraphs
    sections: dict[str, Counter[str]] = field(default_factory=dict)
    delegations: list[tuple[str, int]] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def render(self) -> str:
        lines = ["Documents:"]
        for slug, kind, n in self.documents:
            lines.append(f"  {slug:<34} {kind:<12} {n:>4} paragraphs")
            for section, count in self.sections.get(slug, Counter()).items():
                lines.append(f"      {section:<30} {count:>4}")
        lines.append("Inputs per delegation:")
        lines += [f"  {slug:<20} {n:>4}" for slug, n in self.delegations]
        lines.append(f"  {'total':<20} {sum(n for _, n in self.delegations):>4}")
        lines.append(f"Flagged gaps and repairs ({len(self.flags)}):")
        for f in self.flags:
            lines.append(f"  [{f.quality}] {f.where}: " + " | ".join(f.notes))
        return "\n".join(lines)


def corpus_report(session: Session) -> CorpusReport:
    rep = CorpusReport()
    docs = session.exec(select(Document).order_by(Document.date, Document.slug)).all()
    counts = dict(session.exec(select(Paragraph.document_id, func.count()).group_by(Paragraph.document_id)).all())
    for d in docs:
        rep.documents.append((d.slug, d.kind, counts.get(d.id, 0)))
    slugs = {d.id: d.slug for d in docs}
    order = {(s.document_id, s.key): s.order for s in session.exec(select(Section))}
    rows = session.exec(select(Paragraph.document_id, Paragraph.section, func.count())
                        .group_by(Paragraph.document_id, Paragraph.section)).all()
    for doc_id, section, n in sorted(rows, key=lambda r: (r[0], order.get((r[0], r[1]), 0))):
        rep.sections.setdefault(slugs[doc_id], Counter())[section] = n
    rep.delegations = [(slug, n) for slug, n in session.exec(
        select(Delegation.slug, func.count(Amendment.id)).join(Amendment, Amendment.delegation_id == Delegation.id, isouter=True)
        .group_by(Delegation.slug).order_by(Delegation.slug))]
    for p, slug in session.exec(select(Paragraph, Document.slug).join(Document)
                                .where(Paragraph.text_quality != "ok").order_by(Document.slug, Paragraph.order)):
        rep.flags.append(Flag(f"{slug}#{p.label}", p.text_quality, list(p.curation)))
    for a, r in session.exec(select(Amendment, AmendmentRevision).join(AmendmentRevision)
                             .where(AmendmentRevision.is_current, AmendmentRevision.text_quality != "ok")
                             .order_by(Amendment.key)):
        rep.flags.append(Flag(a.key, r.text_quality, list(r.curation)))
    return rep
