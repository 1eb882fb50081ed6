"""Where the negotiation is: contention per paragraph and alignment between delegations."""

from __future__ import annotations

from sqlmodel import Session

from app.services.positions import InputView, list_inputs
from app.text.contention import AlignmentMatrix, InputRecord, ParagraphContention, alignment, contention


def _records(inputs: list[InputView]) -> list[InputRecord]:
    return [InputRecord(id=i.id, delegation=i.delegation, target=i.label, kind=i.kind, base_text=i.base_text,
                        proposed_text=i.resolved_text) for i in inputs]


def paragraph_contention(*, session: Session, compilation: str | None = None) -> list[ParagraphContention]:
    return contention(_records(list_inputs(session, compilation=compilation)))


def contention_by_label(inputs: list[InputView]) -> dict[tuple[str, str], int]:
    """(document, label) -> number of inputs: the heat beside each paragraph of a document."""
    out: dict[tuple[str, str], int] = {}
    for i in inputs:
        out[(i.document, i.label)] = out.get((i.document, i.label), 0) + 1
    return out


def delegation_alignment(*, session: Session, compilation: str | None = None) -> AlignmentMatrix:
    inputs = [i for i in list_inputs(session, compilation=compilation) if i.delegation != "unidentified"]
    return alignment(_records(inputs))
