"""Everything about one paragraph: text, lineage, inputs, blame and shared language."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from app.models import Amendment, Delegation, Document, Paragraph, Reflection
from app.services.lineage import (
    CHAIN_RELATIONS,
    LineageEntry,
    find_paragraph,
    lineage_of,
)
from app.services.positions import InputView, list_inputs
from app.services.provenance import SharedPassage, reused_in, shared_language, stamp
from app.text.blame import BlameSpan, Proposal, Version, blame


@dataclass
class ParagraphDetail:
    document: Document
    paragraph: Paragraph
    lineage: list[LineageEntry]
    inputs: list[InputView]
    blame: list[BlameSpan]
    provenance: list[SharedPassage]
    input_provenance: dict[str, list[SharedPassage]]
    reused_in: list[SharedPassage] = field(default_factory=list)  # later documents that took up its wording
    reflects: list[tuple[str, str]] = field(default_factory=list)  # (input key, delegation) this text came from

    def public(self) -> dict[str, object]:
        p = self.paragraph
        return {
            "document": self.document.slug, "label": p.label, "section": p.section, "text": p.text,
            "status": p.status, "text_quality": p.text_quality, "curation": p.curation,
            "source": {"file": self.document.source_file, "lines": [p.source_first, p.source_last]},
            "inputs": [{**i.public(), "provenance": [s.public() for s in self.input_provenance.get(i.id, [])]}
                       for i in self.inputs],
            "lineage": [{"document": e.document, "label": e.label, "relation": e.relation, "direction": e.direction,
                         "origin": e.origin, "confidence": e.confidence, "note": e.note, "text": e.text,
                         "status": e.status, "date": e.date.isoformat(),
                         "ops": [x.as_pair() for x in e.edits_from_previous]} for e in self.lineage],
            "blame": [{"start": b.start, "end": b.end, "document": b.document, "delegations": list(b.delegations)}
                      for b in self.blame],
            "provenance": [s.public() for s in self.provenance],
            "reused_in": [s.public() for s in self.reused_in],
            "reflects": [key for key, _ in self.reflects],
        }


def _blame(entries: list[LineageEntry], inputs_by_para: dict[tuple[str, str], list[InputView]]
           ) -> list[BlameSpan]:
    """Walk the main line of descent up to this version; merged sources feed the words they gave."""
    chain = [e for e in entries if e.direction in ("earlier", "self")
             and (e.relation in CHAIN_RELATIONS or e.direction == "self")]
    merged = [e for e in entries if e.direction == "earlier" and e.relation == "merged_into"]
    versions = []
    for e in chain:
        proposals = [Proposal(i.delegation, i.resolved_text) for i in inputs_by_para.get((e.document, e.label), [])
                     if i.resolved_text]
        versions.append(Version(e.document, e.label, e.text, proposals))
    if versions and merged:
        versions[-1].merged = [Version(m.document, m.label, m.text) for m in merged]
    return blame(versions)


def paragraph_detail(*, session: Session, slug: str, label: str) -> ParagraphDetail:
    node = find_paragraph(session, slug, label)
    entries = lineage_of(session, node)
    all_inputs = list_inputs(session, paragraph_ids=_earlier_ids(session, entries) + [node.paragraph.id])
    by_para: dict[tuple[str, str], list[InputView]] = {}
    for i in all_inputs:
        by_para.setdefault((i.document, i.label), []).append(i)
    own = by_para.get((slug, label), [])
    spans = _blame(entries, by_para)
    worded = [i for i in own if i.text.strip()]
    fresh = stamp(session)  # one freshness check for the page's shared-language lookups
    provenance, *per_input = shared_language(session, [node.paragraph.text] + [i.text for i in worded],
                                             document=node.document, fresh=fresh)
    return ParagraphDetail(node.document, node.paragraph, entries, own, spans, provenance,
                           {i.id: found for i, found in zip(worded, per_input) if found},
                           reused_in(session, node.paragraph.text, document=node.document, fresh=fresh),
                           _reflects(session, node.paragraph.id))


def _reflects(session: Session, paragraph_id: int | None) -> list[tuple[str, str]]:
    """The delegations' inputs this paragraph takes up (the `reflects` of drafts/*.yaml, or a facilitator's
    mark): its lineage from a proposal rather than from an earlier paragraph, e.g. July 10bis from eu-10-2."""
    rows = session.exec(select(Amendment.key, Delegation.name).join(Reflection, Reflection.amendment_id == Amendment.id)
                        .join(Delegation, Delegation.id == Amendment.delegation_id)
                        .where(Reflection.paragraph_id == paragraph_id).order_by(Amendment.key))
    return [(key, name) for key, name in rows]


def _earlier_ids(session: Session, entries: list[LineageEntry]) -> list[int]:
    """Paragraph ids of the earlier versions (one query), to fetch the inputs made on them."""
    keys = {(e.document, e.label) for e in entries if e.direction == "earlier"}
    if not keys:
        return []
    rows = session.exec(select(Paragraph.id, Document.slug, Paragraph.label).join(Document)
                        .where(Document.slug.in_({k[0] for k in keys}))).all()
    return [pid for pid, s, lab in rows if (s, lab) in keys]
