"""The negotiation at a glance: meetings, deadlines and circulations with their documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlmodel import Session, select

from app.models import Document, ProcessEvent, ProcessEventDocument


@dataclass
class Event:
    date: dt.date
    kind: str
    title: str
    documents: list[str] = field(default_factory=list)
    source: dict[str, object] = field(default_factory=dict)

    def public(self) -> dict[str, object]:
        return {"date": self.date.isoformat(), "kind": self.kind, "title": self.title,
                "documents": self.documents, "source": self.source}


def events(*, session: Session, negotiation_id: int | None = None) -> list[Event]:
    """Every event (of one negotiation, when given) in date order, with the slugs of the documents it
    names (two queries)."""
    q = select(ProcessEvent).where(ProcessEvent.retired_at.is_(None))
    if negotiation_id is not None:
        q = q.where(ProcessEvent.negotiation_id == negotiation_id)
    rows = session.exec(q.order_by(ProcessEvent.date, ProcessEvent.id)).all()
    out = {e.id: Event(e.date, e.kind, e.title, [], {"file": e.source_file, "lines": [e.source_first, e.source_last]})
           for e in rows}
    for link, slug in session.exec(select(ProcessEventDocument, Document.slug).join(Document)
                                   .where(ProcessEventDocument.event_id.in_(list(out)))
                                   .order_by(Document.slug)):
        out[link.event_id].documents.append(slug)
    return list(out.values())
