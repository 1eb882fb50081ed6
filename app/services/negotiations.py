"""Negotiations: each holds its drafts, rounds and compilations; a facilitator can start one."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, func, select

from app import generation
from app.auth.policy import Viewer, require_facilitator
from app.errors import BadInput, Conflict, NotFound
from app.models import Document, Negotiation, Round
from app.services import audit

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")


def scope_key(negotiation_id: int | None) -> str:
    """The generation key a write in this negotiation bumps (besides the global one)."""
    return f"negotiation:{negotiation_id}"


def bump(session: Session, negotiation_id: int | None) -> None:
    generation.bump(session, generation.CORPUS, scope_key(negotiation_id))


def check_slug(slug: str, what: str) -> str:
    if not SLUG.match(slug or ""):
        raise BadInput(f"{what} slug must be lower-case letters, digits and hyphens (at most 120), e.g. 2011-round-2")
    return slug


@dataclass
class NegotiationSummary:
    slug: str
    title: str
    description: str | None
    documents: int
    rounds: int

    def public(self) -> dict[str, object]:
        return {"slug": self.slug, "title": self.title, "description": self.description,
                "documents": self.documents, "rounds": self.rounds}


def get(session: Session, slug: str) -> Negotiation:
    n = session.exec(select(Negotiation).where(Negotiation.slug == slug)).first()
    if n is None:
        raise NotFound("negotiation", slug)
    return n


def list_negotiations(session: Session) -> list[NegotiationSummary]:
    docs = dict(session.exec(select(Document.negotiation_id, func.count(Document.id))
                             .where(Document.retired_at.is_(None), Document.state == "published")
                             .group_by(Document.negotiation_id)).all())
    rounds = dict(session.exec(select(Round.negotiation_id, func.count(Round.id)).group_by(Round.negotiation_id)).all())
    return [NegotiationSummary(n.slug, n.title, n.description, docs.get(n.id, 0), rounds.get(n.id, 0))
            for n in session.exec(select(Negotiation).order_by(Negotiation.created_at.desc(), Negotiation.slug))]


def create(session: Session, *, viewer: Viewer, slug: str, title: str, description: str | None = None
           ) -> Negotiation:
    """A new negotiation; only a facilitator not bound to one negotiation may start another."""
    require_facilitator(viewer, None, "start a negotiation")
    check_slug(slug, "a negotiation")
    if not title.strip():
        raise BadInput("a negotiation needs a title")
    if session.exec(select(Negotiation.id).where(Negotiation.slug == slug)).first() is not None:
        raise Conflict(f"a negotiation '{slug}' already exists")
    n = Negotiation(slug=slug, title=title.strip(), description=description, origin="service")
    session.add(n)
    session.flush()
    audit.record(session, actor=viewer, action="negotiation.create", entity="negotiation", key=slug,
                 after={"slug": slug, "title": n.title, "description": description}, negotiation_id=n.id)
    bump(session, n.id)
    session.commit()
    return n
