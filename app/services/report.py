"""The curator's report: what the database holds, and every gap and repair to review."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from app.models import Amendment, AmendmentRevision, Document, Paragraph, Section
from app.services.delegations import list_delegations
from app.services.documents import list_documents


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
    """What the pages list (documents, delegations, counted by their services) plus what only a
    curator needs: paragraphs per section and every flagged text."""
    rep = CorpusReport()
    rep.documents = [(d.slug, d.kind, d.paragraph_count) for d in list_documents(session=session)]
    order = {(slug, s.key): s.order for s, slug in session.exec(select(Section, Document.slug).join(Document))}
    rows = session.exec(select(Document.slug, Paragraph.section, func.count()).join(Document)
                        .group_by(Document.slug, Paragraph.section)).all()
    for slug, section, n in sorted(rows, key=lambda r: (r[0], order.get((r[0], r[1]), 0))):
        rep.sections.setdefault(slug, Counter())[section] = n
    rep.delegations = sorted((d.slug, d.input_count) for d in list_delegations(session=session))
    for p, slug in session.exec(select(Paragraph, Document.slug).join(Document)
                                .where(Paragraph.text_quality != "ok").order_by(Document.slug, Paragraph.order)):
        rep.flags.append(Flag(f"{slug}#{p.label}", p.text_quality, list(p.curation)))
    for a, r in session.exec(select(Amendment, AmendmentRevision).join(AmendmentRevision)
                             .where(AmendmentRevision.is_current, AmendmentRevision.text_quality != "ok")
                             .order_by(Amendment.key)):
        rep.flags.append(Flag(a.key, r.text_quality, list(r.curation)))
    return rep
