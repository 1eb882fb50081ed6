"""Delegations' inputs written through the service: submit, revise, withdraw, and their history.

Every write is one transaction holding the change, its audit event and the generation bump.
A revision is a new immutable row; the client names the revision it revises, and a stale one is
answered with a conflict carrying the current revision (nothing is overwritten or lost). After
the deadline a delegation's write is refused; a facilitator may still accept one, with a note.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app.auth.policy import Viewer, may_see_unpublished, require_facilitator, require_input_writer, require_role
from app.corpus.schema import AmendmentKind, Stance
from app.errors import BadInput, Conflict, Forbidden, NotFound
from app.models import Amendment, AmendmentRevision, Delegation, Document, Paragraph, Round, utcnow
from app.services import audit, negotiations, rounds
from app.text.placement import Placement, place
from app.text.redline import Edit, diff_words

KINDS = tuple(k.value for k in AmendmentKind)
STANCES = tuple(s.value for s in Stance)
TEXT_KINDS = ("replace", "excerpt", "instruction", "insert")
MAX_TEXT = 20_000


@dataclass
class InputDraft:
    """What a delegation sends: the fields of one revision."""

    label: str | None = None
    kind: str | None = None
    text: str | None = None
    rationale: str | None = None
    stance: str | None = None
    new_label: str | None = None


@dataclass
class Written:
    amendment: Amendment
    revision: AmendmentRevision
    delegation: str
    label: str
    round: str
    placement: Placement
    edits: list[Edit] = field(default_factory=list)  # the proposal's redline against the base

    def public(self) -> dict[str, object]:
        a, r = self.amendment, self.revision
        return {"id": a.id, "key": a.key, "round": self.round, "delegation": self.delegation, "label": self.label,
                "revision": r.number, "kind": r.kind, "stance": r.stance, "text": r.text, "rationale": r.rationale,
                "new_label": r.new_label, "status": a.status, "late_note": r.late_note, "author": r.author,
                "created_at": rounds._aware(r.created_at).isoformat(),
                "placement": placement_public(self.placement), "ops": [e.as_pair() for e in self.edits]}


def placement_public(p: Placement) -> dict[str, object]:
    return {"method": p.method, "confidence": p.confidence, "flagged": p.flagged, "reason": p.reason,
            "resolved_text": p.text}


def _check(draft: InputDraft, kind: str) -> None:
    if kind not in KINDS:
        raise BadInput(f"kind must be one of {', '.join(KINDS)}")
    if draft.stance is not None and draft.stance not in STANCES:
        raise BadInput(f"stance must be one of {', '.join(STANCES)}, or left out")
    text, rationale = draft.text or "", draft.rationale or ""
    if len(text) > MAX_TEXT or len(rationale) > MAX_TEXT:
        raise BadInput(f"text and rationale are at most {MAX_TEXT} characters each")
    if kind in TEXT_KINDS and not text.strip():
        raise BadInput(f"an input of kind '{kind}' needs the proposed text")
    if kind == "comment" and not (text.strip() or rationale.strip()):
        raise BadInput("a comment needs its text or a rationale")
    if draft.new_label is not None and kind != "insert":
        raise BadInput("only an 'insert' (a new paragraph) has a new_label")


def find_label(session: Session, base_id: int, label: str) -> Paragraph:
    """The base paragraph, its label matched without regard to case (`pp4` is PP4)."""
    rows = session.exec(select(Paragraph).where(Paragraph.document_id == base_id)).all()
    for p in rows:
        if p.label.casefold() == (label or "").strip().casefold():
            return p
    raise BadInput(f"the base draft has no paragraph '{label}'")


@dataclass
class Preview:
    label: str
    placement: Placement
    edits: list[Edit]
    feedback: str

    @property
    def ops(self) -> list[list[Any]]:
        return [e.as_pair() for e in self.edits]


def preview(session: Session, *, base: Document, label: str, kind: str, text: str) -> Preview:
    """Where an input would land and its redline against the base, without writing anything."""
    p = find_label(session, base.id, label)  # type: ignore[arg-type]
    if kind not in KINDS:
        raise BadInput(f"kind must be one of {', '.join(KINDS)}")
    placement = place(kind, p.text, text)
    if kind == "insert":  # a new paragraph: nothing of the old one stands against it
        edits = diff_words("", placement.text or "")
    else:
        edits = diff_words(p.text, placement.text) if placement.text is not None else []
    return Preview(p.label, placement, list(edits), feedback(kind, p.label, placement))


def preview_in_round(session: Session, *, round_slug: str, label: str, kind: str, text: str) -> Preview:
    """The preview the submission form shows as the delegate types (the base drafts are public)."""
    r = rounds.get_row(session, round_slug)
    base = session.get(Document, r.base_id)
    assert base is not None
    return preview(session, base=base, label=label, kind=kind, text=text)


def feedback(kind: str, label: str, placement: Placement) -> str:
    """What the placement engine found, in the delegate's words."""
    if placement.flagged:
        return (f"This {kind} could not be placed in paragraph {label} with confidence: {placement.reason}. "
                "You can still submit it; the facilitators will read it as you wrote it.")
    if kind == "insert":
        return f"A new paragraph after paragraph {label}."
    if placement.method == "delete":
        return f"Deletes paragraph {label}."
    if placement.text is None:
        return "A comment: it proposes no change to the text."
    if placement.method == "whole":
        return f"Replaces paragraph {label} with your text."
    return f"Placed in paragraph {label} ({placement.method}, confidence {round(placement.confidence * 100)}%)."


def _writable_round(session: Session, viewer: Viewer, r: Round, late_note: str | None) -> str | None:
    """None when the round takes writes now; the late note when a facilitator accepts a late one."""
    state = rounds.effective_state(r)
    if state == "published":
        raise Conflict(f"round '{r.slug}' is published; its inputs can no longer change")
    if state == "open":
        return None
    deadline = rounds._aware(r.deadline).isoformat() if r.deadline else "its closing"
    if viewer.facilitates(r.negotiation_id):
        if late_note and late_note.strip():
            return late_note.strip()
        raise Conflict(f"round '{r.slug}' closed at {deadline}; to accept a late input, give a late_note")
    raise Conflict(f"the deadline of round '{r.slug}' passed at {deadline}: inputs can no longer be "
                   "submitted, revised or withdrawn; ask the facilitators to accept a late input")


def _key(session: Session, round_slug: str, delegation: str, label: str) -> str:
    stem = f"{round_slug}/{delegation}-{label.lower()}-"
    taken = set(session.exec(select(Amendment.key).where(Amendment.key.startswith(stem))).all())
    n = 1
    while f"{stem}{n}" in taken:
        n += 1
    return f"{stem}{n}"


def _snapshot(a: Amendment, r: AmendmentRevision) -> dict[str, object]:
    return {"key": a.key, "status": a.status, "revision": r.number, "kind": r.kind, "stance": r.stance,
            "text": r.text, "rationale": r.rationale, "new_label": r.new_label, "late_note": r.late_note}


def submit(session: Session, *, viewer: Viewer, round_slug: str, draft: InputDraft,
           delegation: str | None = None, late_note: str | None = None) -> Written:
    """A new input in a round: a delegation member for their delegation, a facilitator for any."""
    return submit_many(session, viewer=viewer, round_slug=round_slug, drafts=[draft], delegation=delegation,
                       late_note=late_note)[0]


def submit_many(session: Session, *, viewer: Viewer, round_slug: str, drafts: list[InputDraft],
                delegation: str | None = None, late_note: str | None = None) -> list[Written]:
    """New inputs of one delegation in one transaction, all or none: a delegation's Word file makes
    several at once, and half of a file's changes written would misstate what the delegation sent."""
    require_role(viewer, ("delegation", "facilitator"), "submit inputs")
    r = rounds.get_row(session, round_slug)
    if viewer.role == "facilitator":
        require_facilitator(viewer, r.negotiation_id, "write inputs in this round")
    deleg = _delegation(session, viewer, delegation)
    require_input_writer(viewer, deleg.id, r.negotiation_id)
    late = _writable_round(session, viewer, r, late_note)
    base = session.get(Document, r.base_id)
    assert base is not None
    try:
        written = [_submit_one(session, viewer, r, base, deleg, draft, late, several=len(drafts) > 1)
                   for draft in drafts]
        negotiations.bump(session, r.negotiation_id)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return written


def _submit_one(session: Session, viewer: Viewer, r: Round, base: Document, deleg: Delegation, draft: InputDraft,
                late: str | None, several: bool) -> Written:
    kind = draft.kind or ""
    try:
        pv = preview(session, base=base, label=draft.label or "", kind=kind, text=draft.text or "")
        _check(draft, kind)
    except BadInput as exc:
        raise BadInput(f"the input on {draft.label}: {exc.message}" if several else exc.message) from exc
    p = find_label(session, base.id, pv.label)  # type: ignore[arg-type]
    a = Amendment(key=_key(session, r.slug, deleg.slug, p.label), compilation_id=r.compilation_id,
                  delegation_id=deleg.id, target_paragraph_id=p.id, new_label=draft.new_label, kind=kind,  # type: ignore[arg-type]
                  stance=draft.stance, order=0, origin="service", status="active")
    session.add(a)
    session.flush()
    rev = _new_revision(a, 1, draft, kind, viewer, late)
    session.add(rev)
    session.flush()
    audit.record(session, actor=viewer, action="input.submit", entity="input", key=a.key, after=_snapshot(a, rev),
                 negotiation_id=r.negotiation_id)
    return Written(a, rev, deleg.slug, p.label, r.slug, pv.placement, pv.edits)


def _delegation(session: Session, viewer: Viewer, slug: str | None) -> Delegation:
    if viewer.role == "delegation":
        if slug is not None and slug != viewer.delegation:
            raise Forbidden(f"your account speaks for {viewer.delegation}; it cannot write for {slug}")
        slug = viewer.delegation
    if not slug:
        raise BadInput("say which delegation the input is for ('delegation')")
    d = session.exec(select(Delegation).where(Delegation.slug == slug)).first()
    if d is None:
        raise NotFound("delegation", slug)
    return d


def _new_revision(a: Amendment, number: int, draft: InputDraft, kind: str, viewer: Viewer,
                  late: str | None) -> AmendmentRevision:
    return AmendmentRevision(amendment_id=a.id, number=number, is_current=True, text=draft.text or "",  # type: ignore[arg-type]
                             rationale=draft.rationale or None, kind=kind, stance=draft.stance,
                             new_label=draft.new_label, author=viewer.name, created_by_id=viewer.user_id,
                             late_note=late)


@dataclass
class Loaded:
    amendment: Amendment
    current: AmendmentRevision
    round: Round
    delegation: Delegation
    label: str


def _load(session: Session, input_id: int, lock: bool = False) -> Loaded:
    """The input with its current revision (who may see or write it is checked by the caller)."""
    q = (select(Amendment, AmendmentRevision, Round, Delegation, Paragraph.label)
         .join(AmendmentRevision, (AmendmentRevision.amendment_id == Amendment.id) & AmendmentRevision.is_current)
         .join(Round, Round.compilation_id == Amendment.compilation_id)
         .join(Delegation, Delegation.id == Amendment.delegation_id)
         .join(Paragraph, Paragraph.id == Amendment.target_paragraph_id)
         .where(Amendment.id == input_id, Amendment.retired_at.is_(None)))
    if lock and session.get_bind().dialect.name == "postgresql":
        q = q.with_for_update(of=Amendment)  # type: ignore[arg-type]
    row = session.exec(q).first()
    if row is None:
        raise NotFound("input", str(input_id))
    return Loaded(*row)


def _readable(session: Session, viewer: Viewer, input_id: int) -> Loaded:
    """An input of an unpublished round does not exist for those who may not see it (404, not 403)."""
    cur = _load(session, input_id)
    if cur.round.state != "published" and not may_see_unpublished(viewer, cur.round.negotiation_id,
                                                                  cur.delegation.id):
        raise NotFound("input", str(input_id))
    return cur


def revise(session: Session, *, viewer: Viewer, input_id: int, revision: int | None, draft: InputDraft,
           late_note: str | None = None) -> Written:
    """Revision n+1 of an input; `revision` must be the current one (else 409 with the current)."""
    require_role(viewer, ("delegation", "facilitator"), "revise inputs")
    if revision is None:
        raise BadInput("say which revision you revise ('revision': the number you last read)")
    cur = _load(session, input_id, lock=True)
    require_input_writer(viewer, cur.delegation.id, cur.round.negotiation_id)
    late = _writable_round(session, viewer, cur.round, late_note)
    a, old = cur.amendment, cur.current
    if a.status == "withdrawn":
        raise Conflict("this input was withdrawn; submit a new one instead", current=_snapshot(a, old))
    if revision != old.number:
        raise Conflict(f"revision {revision} is not the current one: revision {old.number} is",
                       current=_snapshot(a, old))
    if draft.label is not None and draft.label.casefold() != cur.label.casefold():
        raise BadInput("an input stays on its paragraph; withdraw it and submit one on the other paragraph")
    merged = InputDraft(label=cur.label, kind=draft.kind or old.kind or a.kind,
                        text=draft.text if draft.text is not None else old.text,
                        rationale=draft.rationale if draft.rationale is not None else old.rationale,
                        stance=draft.stance if draft.stance is not None else old.stance,
                        new_label=draft.new_label if draft.new_label is not None else old.new_label)
    kind = merged.kind or ""
    base = session.get(Document, cur.round.base_id)
    assert base is not None
    pv = preview(session, base=base, label=cur.label, kind=kind, text=merged.text or "")
    _check(merged, kind)
    before = _snapshot(a, old)
    old.is_current = False
    session.add(old)
    try:
        session.flush()
        rev = _new_revision(a, old.number + 1, merged, kind, viewer, late)
        session.add(rev)
        a.kind, a.stance, a.new_label = kind, merged.stance, merged.new_label
        session.add(a)
        session.flush()
    except IntegrityError as exc:  # another revision of the same input won the race
        session.rollback()
        now = _load(session, input_id)
        raise Conflict(f"revision {revision} was revised meanwhile: revision {now.current.number} is current",
                       current=_snapshot(now.amendment, now.current)) from exc
    audit.record(session, actor=viewer, action="input.revise", entity="input", key=a.key, before=before,
                 after=_snapshot(a, rev), negotiation_id=cur.round.negotiation_id)
    negotiations.bump(session, cur.round.negotiation_id)
    session.commit()
    return Written(a, rev, cur.delegation.slug, cur.label, cur.round.slug, pv.placement, pv.edits)


def withdraw(session: Session, *, viewer: Viewer, input_id: int, late_note: str | None = None) -> Written:
    """Withdrawn, with every revision kept: the input leaves the compilation, not the history."""
    require_role(viewer, ("delegation", "facilitator"), "withdraw inputs")
    cur = _load(session, input_id, lock=True)
    require_input_writer(viewer, cur.delegation.id, cur.round.negotiation_id)
    _writable_round(session, viewer, cur.round, late_note)
    a = cur.amendment
    if a.status == "withdrawn":
        raise Conflict("this input is already withdrawn", current=_snapshot(a, cur.current))
    before = _snapshot(a, cur.current)
    a.status = "withdrawn"
    session.add(a)
    audit.record(session, actor=viewer, action="input.withdraw", entity="input", key=a.key, before=before,
                 after=_snapshot(a, cur.current), negotiation_id=cur.round.negotiation_id)
    negotiations.bump(session, cur.round.negotiation_id)
    session.commit()
    return Written(a, cur.current, cur.delegation.slug, cur.label, cur.round.slug,
                   Placement(None, 1.0, "none", False, "withdrawn"))


def history(session: Session, *, viewer: Viewer, input_id: int) -> list[dict[str, object]]:
    """Every revision, oldest first."""
    cur = _readable(session, viewer, input_id)
    revs = session.exec(select(AmendmentRevision).where(AmendmentRevision.amendment_id == input_id)
                        .order_by(AmendmentRevision.number)).all()
    return [{"revision": r.number, "current": r.is_current, "kind": r.kind or cur.amendment.kind,
             "stance": r.stance, "text": r.text, "rationale": r.rationale, "new_label": r.new_label,
             "author": r.author, "late_note": r.late_note, "created_at": rounds._aware(r.created_at).isoformat()}
            for r in revs]


def get(session: Session, *, viewer: Viewer, input_id: int) -> Written:
    cur = _readable(session, viewer, input_id)
    base = session.get(Document, cur.round.base_id)
    assert base is not None
    kind = cur.current.kind or cur.amendment.kind
    pv = preview(session, base=base, label=cur.label, kind=kind, text=cur.current.text)
    return Written(cur.amendment, cur.current, cur.delegation.slug, cur.label, cur.round.slug, pv.placement, pv.edits)
