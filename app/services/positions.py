"""Delegations' inputs, each placed in its paragraph and judged against the next draft.

One query fetches the inputs (with their current revision, delegation, target paragraph
and compilation), one more their paragraphs' successors; placement and uptake are pure
functions of texts, cached by revision so a page does the text work once per process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app.auth.policy import ANONYMOUS, Viewer, input_visibility
from app.models import Amendment, AmendmentRevision, Delegation, Document, LineageLink, Paragraph, Reflection
from app.services.lineage import Successor, successors
from app.text.align import Candidate, match_new_paragraph
from app.text.lost_placement import place_keeping_gaps
from app.text.placement import Placement
from app.text.redline import Edit, diff_words_cached
from app.text.uptake import UPTAKE_CLASSES as _CLASSES
from app.text.uptake import Uptake, classify


@dataclass
class InputView:
    id: str  # the stable key (`compilation/input-id`); `pk` is the number the write API uses
    delegation: str
    delegation_name: str
    probable_delegation: str | None
    document: str  # the base draft
    label: str
    section: str
    paragraph_order: int
    new_label: str | None
    kind: str
    stance: str | None
    text: str
    resolved_text: str | None
    rationale: str | None
    revision: int
    text_quality: str
    curation: list[str]
    source: dict[str, object]
    placement: Placement
    uptake: Uptake
    next_version: Successor | None
    base_text: str
    edits: list[Edit] = field(default_factory=list)  # the proposal's redline against the base
    pk: int = 0
    reflected_in: list[str] = field(default_factory=list)  # later paragraphs marked as taking it up
    status: str = "active"  # active | withdrawn
    late_note: str | None = None
    author: str | None = None

    def public(self) -> dict[str, object]:
        """The API's input shape."""
        return {
            "id": self.pk, "key": self.id, "status": self.status, "late_note": self.late_note,
            "author": self.author, "reflected_in": self.reflected_in, "delegation": self.delegation, "document": self.document, "label": self.label,
            "kind": self.kind, "stance": self.stance, "text": self.text, "resolved_text": self.resolved_text,
            "rationale": self.rationale, "new_label": self.new_label, "revision": self.revision,
            "probable_delegation": self.probable_delegation, "text_quality": self.text_quality,
            "uptake": self.uptake.public(),
            "placement": {"method": self.placement.method, "confidence": self.placement.confidence,
                          "flagged": self.placement.flagged, "reason": self.placement.reason},
            "next_version": ({"document": self.next_version.document, "label": self.next_version.label,
                              "status": self.next_version.status} if self.next_version else None),
            "source": self.source,
            "ops": [e.as_pair() for e in self.edits],
            "outcome_ops": _pairs(self.outcome_edits()),
        }

    def outcome_edits(self) -> list[Edit] | None:
        """Proposal vs outcome: the proposal against its paragraph's next version (see `outcome_redline`)."""
        return outcome_redline(self.resolved_text, self.next_version)


@lru_cache(maxsize=4096)
def _judge(kind: str, base: str, text: str, next_text: str | None, next_status: str, next_complete: bool
           ) -> tuple[Placement, Uptake, tuple[Edit, ...]]:
    placement = place_keeping_gaps(kind, base, text)  # a "[...]" the scan left stays a gap (truthlost)
    uptake = classify(kind, base, placement.text, next_text, next_status, next_complete)
    edits = diff_words_cached(base, placement.text) if placement.text is not None else ()
    return placement, uptake, edits


@lru_cache(maxsize=1024)
def _judge_new(text: str, candidates: tuple[Candidate, ...], near: int | None, next_document: str | None
               ) -> tuple[Placement, Uptake, tuple[Edit, ...], Successor | None]:
    """`_judge` for a proposed new paragraph (an `insert`: PP2bis, 19bis). Nothing of the paragraph
    it follows stands against it, so its redline has an empty old side; its uptake is judged
    against the paragraph of the next draft that came of it (`match_new_paragraph`), and it is
    not reflected when there is none."""
    placement = place_keeping_gaps("insert", "", text)
    edits = diff_words_cached("", placement.text) if placement.text is not None else ()
    if next_document is None:
        return placement, classify("insert", "", placement.text, None), edits, None
    found = match_new_paragraph(placement.text or "", candidates, near)
    if found is None:
        return (placement, Uptake("not_reflected", 0.0, "no paragraph of the next draft came of this new paragraph"),
                edits, None)
    c, likeness = found
    nxt = Successor(next_document, c.label, c.text, "present")
    uptake = classify("insert", "", placement.text, c.text)
    reason = f"{uptake.reason} (judged against {c.label}, the next draft's paragraph most like it: {likeness:.0%} alike)"
    return placement, Uptake(uptake.klass, uptake.score, reason, uptake.evidence), edits, nxt


def list_inputs(session: Session, *, compilation: str | None = None, delegation: str | None = None,
                paragraph_ids: list[int] | None = None, section: str | None = None, kind: str | None = None,
                viewer: Viewer = ANONYMOUS, include_withdrawn: bool = False,
                negotiation_id: int | None = None, delegations: list[str] | None = None) -> list[InputView]:
    """Inputs matching the filters that `viewer` may read, in base-draft order, then delegation, then
    entry order. Withdrawn inputs are left out unless asked for (a round's own listing shows them).

    Plain columns, not ORM entities: building five entities per row was half the Table of
    Inputs' time, and a view needs none of their identity or change tracking."""
    Comp = aliased(Document)
    Base = aliased(Document)
    Probable = aliased(Delegation)
    q = (select(Amendment.key, Amendment.kind, Amendment.stance, Amendment.new_label, AmendmentRevision.number,
                AmendmentRevision.text, AmendmentRevision.rationale, AmendmentRevision.text_quality,
                AmendmentRevision.curation, AmendmentRevision.source_first, AmendmentRevision.source_last,
                Delegation.slug, Delegation.name, Paragraph.id, Paragraph.label, Paragraph.section,
                Paragraph.order, Paragraph.text, Comp.source_file, Base.slug, Probable.slug, Amendment.id,
                Amendment.status, AmendmentRevision.late_note, AmendmentRevision.author)
         .join(AmendmentRevision, (AmendmentRevision.amendment_id == Amendment.id) & AmendmentRevision.is_current)
         .join(Delegation, Delegation.id == Amendment.delegation_id)
         .join(Paragraph, Paragraph.id == Amendment.target_paragraph_id)
         .join(Comp, Comp.id == Amendment.compilation_id)
         .join(Base, Base.id == Paragraph.document_id)
         .join(Probable, Probable.id == Amendment.probable_delegation_id, isouter=True)
         .where(input_visibility(viewer, Amendment, Comp)))
    if not include_withdrawn:
        q = q.where(Amendment.status == "active")
    if compilation:
        q = q.where(Comp.slug == compilation)
    if delegation:
        q = q.where(Delegation.slug == delegation)
    if delegations is not None:  # several sides at once (two delegations side by side: one read)
        q = q.where(Delegation.slug.in_(delegations))
    if negotiation_id is not None:
        q = q.where(Comp.negotiation_id == negotiation_id)
    if paragraph_ids is not None:
        q = q.where(Amendment.target_paragraph_id.in_(paragraph_ids))
    if section:
        q = q.where(Paragraph.section == section)
    if kind:
        q = q.where(Amendment.kind == kind)
    q = q.order_by(Base.slug, Paragraph.order, Delegation.slug, Amendment.order)
    rows = [_Row(*r) for r in session.exec(q).all()]
    nexts = successors(session, sorted({r.paragraph_id for r in rows}))
    reflected = _reflections(session, [r.pk for r in rows])
    drafts = _next_drafts(session, {r.paragraph_id: (r.document, nexts.get(r.paragraph_id)) for r in rows
                                    if r.kind == "insert"})
    views = [_view(r, nexts.get(r.paragraph_id), drafts.get(r.paragraph_id)) for r in rows]
    for v in views:
        v.reflected_in = reflected.get(v.pk, [])
    return views


def _reflections(session: Session, amendment_ids: list[int]) -> dict[int, list[str]]:
    """Published paragraphs marked as taking up each input (`document#label`), one query."""
    if not amendment_ids:
        return {}
    out: dict[int, list[str]] = {}
    for aid, slug, label in session.exec(
            select(Reflection.amendment_id, Document.slug, Paragraph.label)
            .join(Paragraph, Paragraph.id == Reflection.paragraph_id).join(Document, Document.id == Paragraph.document_id)
            .where(Reflection.amendment_id.in_(amendment_ids), Document.state == "published",
                   Document.retired_at.is_(None)).order_by(Document.date, Paragraph.order)):
        out.setdefault(aid, []).append(f"{slug}#{label}")
    return out


class _Row(NamedTuple):
    """One input as list_inputs selects it (the order of its columns)."""

    key: str
    kind: str
    stance: str | None
    new_label: str | None
    number: int
    text: str
    rationale: str | None
    text_quality: str
    curation: list[str] | None
    source_first: int | None
    source_last: int | None
    delegation: str
    delegation_name: str
    paragraph_id: int
    label: str
    section: str
    paragraph_order: int
    base_text: str
    source_file: str | None
    document: str
    probable: str | None
    pk: int
    status: str
    late_note: str | None
    author: str | None


class _NextDraft(NamedTuple):
    """Where a proposed new paragraph may have gone: the next draft of the paragraph it follows."""

    document: str
    candidates: tuple[Candidate, ...]
    near: int | None  # the place in it of the paragraph the new one follows


def _next_drafts(session: Session, follows: dict[int, tuple[str, Successor | None]]) -> dict[int, _NextDraft]:
    """For each paragraph an `insert` follows (mapped to its document and what it became in the next
    draft, from `successors`), that next draft's paragraphs as candidates, each saying whether it is
    new (no paragraph of an earlier document comes into it). One query when the inputs listed hold an
    insert, and one more when a paragraph an insert follows has no later version (July lost 11)."""
    if not follows:
        return {}
    next_of = {doc: nxt.document for doc, nxt in follows.values() if nxt is not None}
    orphans = {doc for doc, nxt in follows.values() if nxt is None and doc not in next_of}
    if orphans:
        next_of.update(_next_draft_of(session, orphans))
    slugs = set(next_of.values())
    if not slugs:
        return {}
    Src = aliased(LineageLink)
    has_source = select(Src.id).where(Src.to_paragraph_id == Paragraph.id, Src.from_paragraph_id.is_not(None)).exists()
    rows = session.exec(select(Document.slug, Paragraph.label, Paragraph.text, Paragraph.status, has_source)
                        .join(Document, Document.id == Paragraph.document_id)
                        .where(Document.slug.in_(slugs)).order_by(Document.slug, Paragraph.order)).all()
    by_doc: dict[str, list[tuple[str, str, str, bool]]] = {}
    for slug, label, text, status, sourced in rows:
        by_doc.setdefault(slug, []).append((label, text, status, bool(sourced)))
    out: dict[int, _NextDraft] = {}
    for pid, (doc, nxt) in follows.items():
        if doc not in next_of:
            continue
        listed = by_doc.get(next_of[doc], [])
        position = {label: k for k, (label, *_rest) in enumerate(listed)}
        candidates = tuple(Candidate(label, text, k, not sourced)
                           for k, (label, text, status, sourced) in enumerate(listed) if status == "present")
        out[pid] = _NextDraft(next_of[doc], candidates, position.get(nxt.label) if nxt else None)
    return out


def _next_draft_of(session: Session, documents: set[str]) -> dict[str, str]:
    """The next published draft of each document: the earliest later draft a paragraph of it leads into."""
    From = aliased(Paragraph)
    To = aliased(Paragraph)
    Base = aliased(Document)
    rows = session.exec(select(Base.slug, Document.slug)
                        .join(From, From.document_id == Base.id)
                        .join(LineageLink, LineageLink.from_paragraph_id == From.id)
                        .join(To, To.id == LineageLink.to_paragraph_id)
                        .join(Document, Document.id == To.document_id)
                        .where(Base.slug.in_(documents), Document.kind == "draft", Document.state == "published",
                               Document.retired_at.is_(None), Document.date > Base.date)
                        .order_by(Document.date, Document.id)).all()
    out: dict[str, str] = {}
    for base, later in rows:
        out.setdefault(base, later)
    return out


def _view(r: _Row, nxt: Successor | None, draft: _NextDraft | None = None) -> InputView:
    if r.kind == "insert":  # a new paragraph: judged on its own, not as a rewrite of the one it follows
        placement, uptake, edits, nxt = _judge_new(r.text, draft.candidates if draft else (),
                                                   draft.near if draft else None, draft.document if draft else None)
        base_text = ""
    else:
        next_status = nxt.status if nxt else "present"
        complete = nxt is None or nxt.text_quality != "incomplete"
        placement, uptake, edits = _judge(r.kind, r.base_text, r.text, nxt.text if nxt else None, next_status, complete)
        base_text = r.base_text
    return InputView(
        id=r.key, delegation=r.delegation, delegation_name=r.delegation_name, probable_delegation=r.probable,
        document=r.document, label=r.label, section=r.section, paragraph_order=r.paragraph_order,
        new_label=r.new_label, kind=r.kind, stance=r.stance, text=r.text, resolved_text=placement.text,
        rationale=r.rationale, revision=r.number, text_quality=r.text_quality, curation=list(r.curation or []),
        source=({"file": r.source_file, "lines": [r.source_first, r.source_last]} if r.source_file
                else {"file": None, "lines": None, "written_by": r.author}),
        placement=placement, uptake=uptake, next_version=nxt, base_text=base_text, edits=list(edits),
        pk=r.pk, status=r.status, late_note=r.late_note, author=r.author)


UPTAKE_CLASSES = tuple(_CLASSES)  # in the order summaries show them


def uptake_summary(inputs: list[InputView]) -> dict[str, int]:
    counts = {k: 0 for k in UPTAKE_CLASSES}
    for i in inputs:
        counts[i.uptake.klass] += 1
    return counts


def outcome_redline(resolved_text: str | None, nxt: Successor | None) -> list[Edit] | None:
    """The proposal's resolved text redlined against the paragraph's next version, the successor its
    uptake is judged against: kept words plain, the proposal's words the next draft dropped struck,
    the next draft's own words underlined, so a delegate sees at once what was kept (the EU's annex
    paragraph 15 comes back nearly whole in July; its paragraph 59 hardly at all).

    None when there is nothing to set side by side: no text was proposed or placed (a comment, an
    instruction not understood), the paragraph has no later version, or the next draft deleted it."""
    if resolved_text is None or nxt is None or nxt.status == "deleted":
        return None
    return list(diff_words_cached(resolved_text, nxt.text))


def _pairs(edits: list[Edit] | None) -> list[list[int | str]] | None:
    return None if edits is None else [e.as_pair() for e in edits]
