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
            "uptake": {"class": self.uptake.klass, "score": self.uptake.score, "reason": self.uptake.reason},
            "placement": {"method": self.placement.method, "confidence": self.placement.confidence,
                          "flagged": self.placement.flagged, "reason": self.placement.reason},
            "next_version": ({"document": self.next_version.document, "label": self.next_version.label,
                              "status": self.next_version.status} if self.next_version else None),
            "source": self.source,
            "ops": [e.as_pair() for e in self.edits],
        }


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
    return placement, Uptake(uptake.klass, uptake.score, reason), edits, nxt


def list_inputs(session: Session, *, compilation: str | None = None, delegation: str | None = None,
                paragraph_ids: list[int] | None = None, section: str | None = None, kind: str | None = None,
                viewer: Viewer = ANONYMOUS, include_withdrawn: bool = False) -> list[InputView]:
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
    drafts = _next_drafts(session, {r.paragraph_id for r in rows if r.kind == "insert"})
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


def _next_drafts(session: Session, paragraph_ids: set[int]) -> dict[int, _NextDraft]:
    """For each paragraph an `insert` follows, the next published draft made from its document (the
    earliest later draft with a paragraph that comes from that document) and that draft's paragraphs.
    A few queries, only when the inputs listed hold an insert."""
    if not paragraph_ids:
        return {}
    From = aliased(Paragraph)
    To = aliased(Paragraph)
    Later = aliased(Document)
    rows = session.exec(
        select(From.id, From.document_id, To.id, To.document_id, Later.slug, Later.date)
        .join(LineageLink, LineageLink.from_paragraph_id == From.id)
        .join(To, To.id == LineageLink.to_paragraph_id)
        .join(Later, Later.id == To.document_id)
        .join(Document, Document.id == From.document_id)
        .where(From.document_id.in_(select(Paragraph.document_id).where(Paragraph.id.in_(paragraph_ids))),
               Later.kind == "draft", Later.state == "published", Later.retired_at.is_(None),
               Later.date > Document.date)
        .order_by(Later.date, Later.id)).all()
    next_doc: dict[int, tuple[int, str]] = {}  # base document -> (next draft id, slug)
    continues: dict[int, int] = {}  # paragraph -> its paragraph in the next draft
    came_from_base: set[int] = set()  # paragraphs of next drafts with a source in their base
    for from_id, from_doc, to_id, to_doc, slug, _date in rows:
        next_doc.setdefault(from_doc, (to_doc, slug))
        if next_doc[from_doc][0] == to_doc:
            continues.setdefault(from_id, to_id)
            came_from_base.add(to_id)
    if not next_doc:
        return {}
    paras = session.exec(select(Paragraph.id, Paragraph.document_id, Paragraph.label, Paragraph.text, Paragraph.status)
                         .where(Paragraph.document_id.in_({d for d, _ in next_doc.values()}))
                         .order_by(Paragraph.document_id, Paragraph.order)).all()
    by_doc: dict[int, list[tuple[int, str, str, str]]] = {}
    for pid, doc_id, label, text, status in paras:
        by_doc.setdefault(doc_id, []).append((pid, label, text, status))
    out: dict[int, _NextDraft] = {}
    base_of = dict(session.exec(select(Paragraph.id, Paragraph.document_id).where(Paragraph.id.in_(paragraph_ids))).all())
    for pid, base_doc in base_of.items():
        if base_doc not in next_doc:
            continue
        doc_id, slug = next_doc[base_doc]
        listed = by_doc.get(doc_id, [])
        position = {p[0]: k for k, p in enumerate(listed)}
        candidates = tuple(Candidate(label, text, k, q not in came_from_base)
                           for k, (q, label, text, status) in enumerate(listed) if status == "present")
        out[pid] = _NextDraft(slug, candidates, position.get(continues.get(pid, -1)))
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


UPTAKE_CLASSES = ("adopted", "partial", "not_reflected", "deleted_as_proposed", "not_applicable")


def uptake_summary(inputs: list[InputView]) -> dict[str, int]:
    counts = {k: 0 for k in UPTAKE_CLASSES}
    for i in inputs:
        counts[i.uptake.klass] += 1
    return counts
