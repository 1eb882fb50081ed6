"""Where the negotiation is: contention per paragraph and alignment between delegations, per round.

Labels only mean something within one base draft ("36" of the first draft is not "36" of July),
so both are computed over one round's inputs: the round asked for, else the latest published
round that has inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import aliased
from sqlmodel import Session, func, select

from app.auth.policy import ANONYMOUS, Viewer, input_visibility
from app.errors import NotFound
from app.models import Amendment, Delegation, Document, Paragraph, Round
from app.services.positions import InputView, list_inputs
from app.text.contention import AlignmentMatrix, InputRecord, ParagraphContention, alignment, contention


@dataclass
class RoundRef:
    """The round a contention or alignment answer is about, and the draft its labels belong to."""

    slug: str
    title: str
    base: str
    base_title: str
    negotiation_id: int | None

    def public(self) -> dict[str, object]:
        return {"slug": self.slug, "title": self.title, "base": self.base}


def _records(inputs: list[InputView]) -> list[InputRecord]:
    return [InputRecord(id=i.id, delegation=i.delegation, target=i.label, kind=i.kind, base_text=i.base_text,
                        proposed_text=i.resolved_text) for i in inputs]


def pick_round(session: Session, slug: str | None, *, viewer: Viewer = ANONYMOUS,
               negotiation_id: int | None = None) -> RoundRef | None:
    """The round asked for (404 if unknown), else the newest published one with inputs (None if none)."""
    Base = aliased(Document)
    q = select(Round, Base).join(Base, Base.id == Round.base_id)
    if slug:
        row = session.exec(q.where(Round.slug == slug)).first()
        if row is None:
            raise NotFound("round", slug)
    else:
        has_inputs = select(Amendment.id).where(Amendment.compilation_id == Round.compilation_id).exists()
        q = q.where(Round.state == "published", has_inputs)
        if negotiation_id is not None:
            q = q.where(Round.negotiation_id == negotiation_id)
        row = session.exec(q.order_by(Round.published_at.desc().nulls_last(), Base.date.desc(), Round.id.desc())
                           ).first()
        if row is None:
            return None
    r, base = row
    return RoundRef(r.slug, r.title, base.slug, base.title, r.negotiation_id)


def paragraph_contention(*, session: Session, round: RoundRef | None, viewer: Viewer = ANONYMOUS
                         ) -> list[ParagraphContention]:
    """Contention counts only who asked for what kind of change: one query, no text work."""
    if round is None:
        return []
    Comp = aliased(Document)
    rows = session.exec(select(Amendment.key, Delegation.slug, Paragraph.label, Amendment.kind)
                        .join(Delegation, Delegation.id == Amendment.delegation_id)
                        .join(Paragraph, Paragraph.id == Amendment.target_paragraph_id)
                        .join(Comp, Comp.id == Amendment.compilation_id)
                        .where(Comp.slug == round.slug, Amendment.status == "active",
                               input_visibility(viewer, Amendment, Comp))).all()
    return contention([InputRecord(id=key, delegation=d, target=label, kind=kind, base_text="")
                       for key, d, label, kind in rows])


def input_counts(*, session: Session, slug: str, viewer: Viewer = ANONYMOUS) -> dict[str, int]:
    """Label -> number of visible inputs on that paragraph of the document: the heat beside each paragraph."""
    Comp = aliased(Document)
    rows = session.exec(select(Paragraph.label, func.count(Amendment.id))
                        .join(Amendment, Amendment.target_paragraph_id == Paragraph.id)
                        .join(Document, Document.id == Paragraph.document_id)
                        .join(Comp, Comp.id == Amendment.compilation_id)
                        .where(Document.slug == slug, Amendment.status == "active",
                               input_visibility(viewer, Amendment, Comp))
                        .group_by(Paragraph.label)).all()
    return dict(rows)


def delegation_alignment(*, session: Session, round: RoundRef | None, viewer: Viewer = ANONYMOUS
                         ) -> AlignmentMatrix:
    """Alignment needs each proposal placed in its paragraph, so it goes through the positions."""
    if round is None:
        return alignment([])
    inputs = [i for i in list_inputs(session, compilation=round.slug, viewer=viewer)
              if i.delegation != "unidentified"]
    return alignment(_records(inputs))
