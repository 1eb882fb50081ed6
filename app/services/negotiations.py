"""Negotiations: each holds its drafts, rounds and compilations; a facilitator can start one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session, func, select

from app import generation
from app.auth.policy import Viewer, require_facilitator
from app.errors import BadInput, Conflict, NotFound
from app.models import Document, Negotiation, Round
from app.services import audit

if TYPE_CHECKING:
    from app.services.contention import RoundRef
    from app.services.documents import DocumentSummary
    from app.services.rounds import RoundView
    from app.services.timeline import Event
    from app.text.contention import ParagraphContention

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


@dataclass
class Overview:
    """One negotiation's page: its documents, rounds, timeline, the drafts to compare, where the
    contention is in its latest round."""

    negotiation: Negotiation
    documents: list["DocumentSummary"]
    rounds: list["RoundView"]
    events: list["Event"]
    comparisons: list[tuple["DocumentSummary", "DocumentSummary"]]
    contention_round: "RoundRef | None"
    contention: list["ParagraphContention"]

    def title_of(self, slug: str) -> str:
        """A document of the timeline by its title, as the page's list of documents names it (the
        events keep their documents' slugs, for the links)."""
        return next((d.title for d in self.documents if d.slug == slug), slug)


def overview(session: Session, slug: str, viewer: Viewer) -> Overview:
    from app.services import contention, rounds, timeline
    from app.services.documents import list_documents

    n = get(session, slug)
    docs = [d for d in list_documents(session=session, viewer=viewer, negotiation_id=n.id)]
    drafts = [d for d in docs if d.kind == "draft" and d.state == "published"]
    ref = contention.pick_round(session, None, viewer=viewer, negotiation_id=n.id)
    return Overview(n, docs, rounds.list_rounds(session, n.id), timeline.events(session=session, negotiation_id=n.id),
                    list(zip(drafts, drafts[1:])), ref,
                    contention.paragraph_contention(session=session, round=ref, viewer=viewer)[:8])
