"""Everything about one paragraph: text, lineage, inputs, blame and shared language."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_
from sqlmodel import Session, select

from app.errors import NotFound
from app.models import Amendment, Delegation, Document, LineageLink, Paragraph, Reflection, Section
from app.services.labels import canonical_label
from app.services.lineage import (
    CHAIN_RELATIONS,
    LineageEntry,
    Node,
    find_paragraph,
    lineage_of,
)
from app.services.delegations import card_documents, card_name, reader_names
from app.services.names import short_name
from app.services.positions import InputView, list_inputs
from app.services.provenance import SharedPassage, reused_in, shared_language, stamp
from app.text.blame import BlameSpan, Proposal, Version, blame


@dataclass(frozen=True)
class DocumentName:
    """How a page names a document: its title from the database, and a short form for tight
    places (the lineage, a redline's side labels) made of its kind and date, not its slug."""

    title: str
    short: str


@dataclass
class NewHere:
    """A paragraph the curators marked `new` in this draft (July 1bis): no earlier version,
    what the lineage says of where it came from, and the inputs marked as taken up in it."""

    note: str | None
    origin: str
    confidence: float
    taken_up: list[InputView]  # the inputs a facilitator marked as reflected in this paragraph


@dataclass
class AncestorInputs:
    """The inputs made on one earlier version of the paragraph (July PP13's on first-draft PP12)."""

    version: LineageEntry
    inputs: list[InputView]


@dataclass
class ParagraphDetail:
    document: Document
    paragraph: Paragraph
    lineage: list[LineageEntry]
    inputs: list[InputView]
    blame: list[BlameSpan]
    provenance: list[SharedPassage]
    input_provenance: dict[str, list[SharedPassage]]
    names: dict[str, DocumentName]
    new_here: NewHere | None
    ancestor_inputs: list[AncestorInputs]
    section_title: str
    delegation_names: dict[str, str]

    def name(self, slug: str) -> DocumentName:
        return self.names.get(slug) or DocumentName(slug, slug)

    def credit(self, span: BlameSpan) -> str:
        """Who a passage of the blame is credited to, in words: "draft of 16 April 2010; also
        proposed by Canada, Singapore" (the hover title and the screen reader's label)."""
        said = f"from the {self.name(span.document).short}"
        if span.delegations:
            said += "; also proposed by " + ", ".join(self.delegation_names.get(s, s) for s in span.delegations)
        return said

    def authors(self) -> list[str]:
        """The documents the blame credits, oldest first (the lineage is in date order): one tint
        each in the page's key."""
        credited = {b.document for b in self.blame}
        return [slug for slug in dict.fromkeys(e.document for e in self.lineage) if slug in credited] + \
            sorted(credited - {e.document for e in self.lineage})
    reused_in: list[SharedPassage] = field(default_factory=list)  # later documents that took up its wording
    reflects: list[tuple[str, str]] = field(default_factory=list)  # (input key, delegation) this text came from
    card_names: dict[str, str] = field(default_factory=dict)  # the input cards' names (delegations.reader_names)

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
                         "merged_from": e.merged_from, "op_sources": [x.source for x in e.edits_from_previous]
                         if e.merged_from else [],
                         "ops": [x.as_pair() for x in e.edits_from_previous]} for e in self.lineage],
            "blame": [{"start": b.start, "end": b.end, "document": b.document, "delegations": list(b.delegations)}
                      for b in self.blame],
            "provenance": [s.public() for s in self.provenance],
            "new_in_this_draft": ({"note": self.new_here.note, "origin": self.new_here.origin,
                                   "confidence": self.new_here.confidence,
                                   "taken_up": [i.public() for i in self.new_here.taken_up]}
                                  if self.new_here else None),
            "ancestor_inputs": [{"document": a.version.document, "label": a.version.label,
                                 "relation": a.version.relation, "inputs": [i.public() for i in a.inputs]}
                                for a in self.ancestor_inputs],
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
    """The paragraph page's and its JSON twin's content. `label` may be typed in any case
    (`pp1`): the document's own spelling is looked up first."""
    try:
        node = find_paragraph(session, slug, label)
    except NotFound:  # only a label that is not the record's own spelling costs the second look-up
        node = find_paragraph(session, slug, canonical_label(session, slug, label) or label)
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
    names, section_title, card_docs = _names(session, node, {e.document for e in entries} | {s.document for s in provenance}
                                             | {x.document for found in per_input for x in found} | card_documents(all_inputs))
    ancestors = [AncestorInputs(e, by_para[(e.document, e.label)]) for e in entries
                 if e.direction == "earlier" and (e.document, e.label) in by_para]
    return ParagraphDetail(node.document, node.paragraph, entries, own, spans, provenance,
                           {i.id: found for i, found in zip(worded, per_input) if found}, names,
                           _new_here(session, node.paragraph.id, entries), ancestors,  # type: ignore[arg-type]
                           section_title, {i.delegation: i.delegation_name for i in all_inputs},
                           reused_in(session, node.paragraph.text, document=node.document, fresh=fresh),
                           _reflects(session, node.paragraph.id), reader_names(session, all_inputs, card_docs))


def _names(session: Session, node: Node, slugs: set[str]) -> tuple[dict[str, DocumentName], str, dict[str, str]]:
    """Titles and short names of the documents a paragraph page mentions, the title the paragraph's
    own document gives its section (its key if it gives none), and the input cards' names for the
    documents (delegations.card_name): one query."""
    rows = session.exec(select(Document, Section.title).outerjoin(Section, and_(
        Section.document_id == Document.id, Document.id == node.document.id, Section.key == node.paragraph.section))
        .where(Document.slug.in_(slugs | {node.document.slug}))).all()
    section = next((title for d, title in rows if title and d.id == node.document.id), node.paragraph.section)
    return ({d.slug: DocumentName(d.title, short_name(d)) for d, _ in rows}, section,
            {d.slug: card_name(d.title, d.kind, d.date) for d, _ in rows})


def _new_here(session: Session, paragraph_id: int, entries: list[LineageEntry]) -> NewHere | None:
    """The `new` link the curators wrote on a paragraph with no earlier version, if any."""
    if any(e.direction == "earlier" for e in entries):
        return None
    link = session.exec(select(LineageLink).where(LineageLink.to_paragraph_id == paragraph_id,
                                                  LineageLink.relation == "new")).first()
    if link is None:
        return None
    marked = session.exec(select(Amendment.key, Amendment.target_paragraph_id)
                          .join(Reflection, Reflection.amendment_id == Amendment.id)
                          .where(Reflection.paragraph_id == paragraph_id)).all()
    keys = {key for key, _ in marked}
    taken_up = [i for i in list_inputs(session, paragraph_ids=sorted({t for _, t in marked})) if i.id in keys] if marked else []
    return NewHere(link.note, link.origin, link.confidence, taken_up)


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
