"""The audit log: every write is an event with who, when, what, and the record before and after.

Writers call `record` inside their own transaction, so an event exists exactly when its write
committed. Events are never edited (an ORM guard and database triggers refuse it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlmodel import Session, select

from app.auth.policy import Viewer, require_facilitator
from app.models import AuditEvent


def record(session: Session, *, actor: str | Viewer, action: str, entity: str, key: str,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           negotiation_id: int | None = None) -> None:
    """Add one event to the caller's transaction."""
    user_id = actor.user_id if isinstance(actor, Viewer) else None
    name = (actor.name or "anonymous") if isinstance(actor, Viewer) else actor
    session.add(AuditEvent(user_id=user_id, actor=name, action=action, entity=entity, entity_key=key[:200],
                           before=_jsonable(before), after=_jsonable(after), negotiation_id=negotiation_id))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def events(session: Session, *, viewer: Viewer, negotiation_id: int | None = None, since_id: int = 0,
           limit: int = 500) -> list[AuditEvent]:
    """The log for a facilitator: their negotiation's events (all of them for an unbound facilitator)."""
    require_facilitator(viewer, negotiation_id if negotiation_id is not None else viewer.negotiation_id,
                        "read the audit log")
    q = select(AuditEvent).where(AuditEvent.id > since_id)
    if viewer.negotiation_id is not None:
        q = q.where(AuditEvent.negotiation_id == viewer.negotiation_id)
    elif negotiation_id is not None:
        q = q.where(AuditEvent.negotiation_id == negotiation_id)
    return list(session.exec(q.order_by(AuditEvent.id).limit(limit)))


def public(e: AuditEvent) -> dict[str, Any]:
    return {"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
            "target": f"{e.entity}:{e.entity_key}", "before": e.before, "after": e.after}
