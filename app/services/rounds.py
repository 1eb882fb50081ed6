"""Comment rounds: open -> closed (deadline passed, or closed by a facilitator) -> published.

A round is on one published draft; its compilation document (kind `compilation`, the shape of
the 2010 Table of Inputs) shares its slug and stays unpublished, so only facilitators and each
delegation (for its own inputs) see the inputs until the facilitators publish the round.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, select

from app.auth.policy import Viewer, may_see_document, require_facilitator, require_role
from app.errors import BadInput, Conflict, NotFound
from app.models import Document, Negotiation, Round, utcnow
from app.services import audit, negotiations
from app.search_index import index_compilation


@dataclass
class RoundView:
    round: Round
    base: Document
    compilation: Document
    negotiation: Negotiation | None

    @property
    def state(self) -> str:
        return effective_state(self.round)

    def public(self) -> dict[str, object]:
        r = self.round
        return {"slug": r.slug, "title": r.title, "state": self.state, "base": self.base.slug,
                "negotiation": self.negotiation.slug if self.negotiation else None,
                "deadline": r.deadline.isoformat() if r.deadline else None,
                "created_at": _aware(r.created_at).isoformat(),
                "closed_at": _aware(r.closed_at).isoformat() if r.closed_at else None,
                "published_at": _aware(r.published_at).isoformat() if r.published_at else None,
                "compilation": self.compilation.slug}


def _aware(t: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes for timezone-aware columns: they were written in UTC."""
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def effective_state(r: Round, now: dt.datetime | None = None) -> str:
    """The stored state, except that an open round whose deadline has passed is closed."""
    if r.state == "open" and r.deadline is not None and (now or utcnow()) >= _aware(r.deadline):
        return "closed"
    return r.state


def parse_deadline(value: str | dt.datetime) -> dt.datetime:
    """ISO 8601 with a zone: a deadline without one would mean different moments in New York and Geneva."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError as exc:
            raise BadInput(f"deadline {value!r} is not an ISO 8601 date and time") from exc
    if value.tzinfo is None:
        raise BadInput("the deadline needs a time zone, e.g. 2026-12-15T18:00:00-05:00")
    return value.astimezone(dt.timezone.utc)


def get_row(session: Session, slug: str) -> Round:
    r = session.exec(select(Round).where(Round.slug == slug)).first()
    if r is None:
        raise NotFound("round", slug)
    return r


def view(session: Session, r: Round) -> RoundView:
    base = session.get(Document, r.base_id)
    comp = session.get(Document, r.compilation_id)
    assert base is not None and comp is not None
    n = session.get(Negotiation, r.negotiation_id) if r.negotiation_id else None
    return RoundView(r, base, comp, n)


def get(session: Session, *, viewer: Viewer, slug: str) -> RoundView:
    """A round anyone may see once published; before that its existence is public (delegations need
    to find it) but its inputs are not (the caller filters them by the policy)."""
    return view(session, get_row(session, slug))


def list_rounds(session: Session, negotiation_id: int | None = None) -> list[RoundView]:
    q = select(Round).order_by(Round.created_at.desc())
    if negotiation_id is not None:
        q = q.where(Round.negotiation_id == negotiation_id)
    return [view(session, r) for r in session.exec(q)]


def create(session: Session, *, viewer: Viewer, slug: str, title: str, base: str,
           deadline: str | dt.datetime) -> RoundView:
    """Open a comment round on a published draft, with its (unpublished) compilation document."""
    require_role(viewer, ("facilitator",), "open a round")
    negotiations.check_slug(slug, "a round")
    base_doc = session.exec(select(Document).where(Document.slug == base, Document.retired_at.is_(None))).first()
    if base_doc is None or not may_see_document(viewer, base_doc.state, base_doc.negotiation_id):
        raise NotFound("document", base)
    require_facilitator(viewer, base_doc.negotiation_id, "open a round")
    if base_doc.kind != "draft" or base_doc.state != "published":
        raise BadInput(f"a round comments on a published draft; '{base}' is a {base_doc.state} {base_doc.kind}")
    when = parse_deadline(deadline)
    if when <= utcnow():
        raise BadInput(f"the deadline {when.isoformat()} has already passed")
    if not title.strip():
        raise BadInput("a round needs a title")
    taken = session.exec(select(Document.id).where(Document.slug == slug)).first() or \
        session.exec(select(Round.id).where(Round.slug == slug)).first()
    if taken is not None:
        raise Conflict(f"the slug '{slug}' is already used by a document or round")
    comp = Document(slug=slug, title=title.strip(), kind="compilation", date=utcnow().date(),
                    issued_by=viewer.name or "facilitators", base_id=base_doc.id,
                    negotiation_id=base_doc.negotiation_id, state="unpublished", origin="service",
                    created_by_id=viewer.user_id)
    session.add(comp)
    session.flush()
    r = Round(slug=slug, title=title.strip(), negotiation_id=base_doc.negotiation_id, base_id=base_doc.id,
              compilation_id=comp.id, deadline=when, state="open", origin="service")
    session.add(r)
    session.flush()
    audit.record(session, actor=viewer, action="round.open", entity="round", key=slug, after=_snapshot(r, base),
                 negotiation_id=r.negotiation_id)
    negotiations.bump(session, r.negotiation_id)
    session.commit()
    return view(session, r)


def _snapshot(r: Round, base: str) -> dict[str, object]:
    return {"slug": r.slug, "title": r.title, "base": base, "state": effective_state(r),
            "deadline": _aware(r.deadline).isoformat() if r.deadline else None}


def _change(session: Session, viewer: Viewer, slug: str, action: str, verb: str, change: Callable[[Round], None]
            ) -> RoundView:
    """One facilitator's change to a round, audited with the round before and after."""
    r = get_row(session, slug)
    require_facilitator(viewer, r.negotiation_id, f"{verb} a round")
    base = view(session, r).base.slug
    before = _snapshot(r, base)
    change(r)
    session.add(r)
    audit.record(session, actor=viewer, action=action, entity="round", key=slug, before=before,
                 after=_snapshot(r, base), negotiation_id=r.negotiation_id)
    negotiations.bump(session, r.negotiation_id)
    session.commit()
    return view(session, r)


def update(session: Session, *, viewer: Viewer, slug: str, title: str | None = None,
           deadline: str | dt.datetime | None = None) -> RoundView:
    """A facilitator moves the deadline (earlier or later) or renames the round, until it is published."""
    def change(r: Round) -> None:
        if r.state == "published":
            raise Conflict(f"round '{slug}' is published; it can no longer change")
        if title is not None:
            if not title.strip():
                raise BadInput("a round needs a title")
            r.title = title.strip()
        if deadline is not None:
            r.deadline = parse_deadline(deadline)

    return _change(session, viewer, slug, "round.update", "change", change)


def close(session: Session, *, viewer: Viewer, slug: str) -> RoundView:
    def change(r: Round) -> None:
        if r.state != "open":
            raise Conflict(f"round '{slug}' is already {r.state}")
        r.state, r.closed_at = "closed", utcnow()

    return _change(session, viewer, slug, "round.close", "close", change)


def publish(session: Session, *, viewer: Viewer, slug: str) -> RoundView:
    """Publish the compilation: every active input of the round becomes public, and searchable."""
    r = get_row(session, slug)
    require_facilitator(viewer, r.negotiation_id, "publish a round")
    if r.state == "published":
        raise Conflict(f"round '{slug}' is already published")
    v = view(session, r)
    before = _snapshot(r, v.base.slug)
    now = utcnow()
    r.state, r.published_at = "published", now
    r.closed_at = r.closed_at or now
    v.compilation.state = "published"
    v.compilation.date = now.date()
    session.add(r)
    session.add(v.compilation)
    session.flush()
    index_compilation(session, v.compilation.id)  # type: ignore[arg-type]
    audit.record(session, actor=viewer, action="round.publish", entity="round", key=slug, before=before,
                 after=_snapshot(r, v.base.slug), negotiation_id=r.negotiation_id)
    negotiations.bump(session, r.negotiation_id)
    session.commit()
    return view(session, r)
