"""Where the negotiation is: contention per paragraph and alignment between delegations."""

from __future__ import annotations

from sqlmodel import Session, func, select

from app.models import Amendment, Delegation, Document, Paragraph
from app.services.positions import InputView, list_inputs
from app.text.contention import AlignmentMatrix, InputRecord, ParagraphContention, alignment, contention


def _records(inputs: list[InputView]) -> list[InputRecord]:
    return [InputRecord(id=i.id, delegation=i.delegation, target=i.label, kind=i.kind, base_text=i.base_text,
                        proposed_text=i.resolved_text) for i in inputs]


def paragraph_contention(*, session: Session) -> list[ParagraphContention]:
    """Contention counts only who asked for what kind of change: one query, no text work."""
    rows = session.exec(select(Amendment.key, Delegation.slug, Paragraph.label, Amendment.kind)
                        .join(Delegation, Delegation.id == Amendment.delegation_id)
                        .join(Paragraph, Paragraph.id == Amendment.target_paragraph_id)).all()
    return contention([InputRecord(id=key, delegation=d, target=label, kind=kind, base_text="")
                       for key, d, label, kind in rows])


def input_counts(*, session: Session, slug: str) -> dict[str, int]:
    """Label -> number of inputs on that paragraph of the document: the heat beside each paragraph."""
    rows = session.exec(select(Paragraph.label, func.count(Amendment.id))
                        .join(Amendment, Amendment.target_paragraph_id == Paragraph.id)
                        .join(Document, Document.id == Paragraph.document_id)
                        .where(Document.slug == slug).group_by(Paragraph.label)).all()
    return dict(rows)


def delegation_alignment(*, session: Session) -> AlignmentMatrix:
    """Alignment needs each proposal placed in its paragraph, so it goes through the positions."""
    inputs = [i for i in list_inputs(session) if i.delegation != "unidentified"]
    return alignment(_records(inputs))
