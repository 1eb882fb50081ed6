"""Delegations and their positions: every input, what became of it, and a summary."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from app.auth.policy import ANONYMOUS, input_visibility
from app.errors import NotFound
from app.models import (
    Amendment,
    Delegation,
    DelegationAlias,
    DelegationMember,
    Document,
    Negotiation,
    Section,
)
from app.services.positions import InputView, list_inputs, uptake_summary


@dataclass
class Scope:
    """The negotiation a delegation's page shows, and the others it spoke in (the picker).

    A delegation speaks in many negotiations of a session; one page holds one of them, so that
    its cost does not grow with the others (by default the latest it spoke in)."""

    negotiation: str | None
    title: str | None
    choices: list[tuple[str, str]]  # (slug, title), latest first
    negotiation_id: int | None = None

    def public(self) -> dict[str, object]:
        return {"negotiation": self.negotiation,
                "negotiations": [{"slug": s, "title": t} for s, t in self.choices]}


def scope(session: Session, delegation_ids: list[int], negotiation: str | None) -> Scope:
    """The negotiations where these delegations have published inputs, latest compilation first;
    `negotiation` (a slug) picks one, else the latest. An unknown slug is a 404."""
    latest = func.max(Document.date)
    rows = session.exec(
        select(Negotiation.id, Negotiation.slug, Negotiation.title, latest)
        .join(Document, Document.negotiation_id == Negotiation.id)
        .join(Amendment, Amendment.compilation_id == Document.id)
        .where(Amendment.delegation_id.in_(delegation_ids), Amendment.status == "active",
               input_visibility(ANONYMOUS, Amendment, Document))
        .group_by(Negotiation.id, Negotiation.slug, Negotiation.title)
        .order_by(latest.desc(), Negotiation.slug)).all()
    choices = [(slug, title) for _, slug, title, _ in rows]
    if negotiation is None:
        if not rows:
            return Scope(None, None, [])
        nid, slug, title, _ = rows[0]
        return Scope(slug, title, choices, nid)
    n = session.exec(select(Negotiation).where(Negotiation.slug == negotiation)).first()
    if n is None:
        raise NotFound("negotiation", negotiation)
    return Scope(n.slug, n.title, choices, n.id)


@dataclass
class DelegationSummary:
    slug: str
    name: str
    kind: str
    input_count: int


@dataclass
class DelegationPositions:
    slug: str
    name: str
    kind: str
    aliases: list[str]
    members: list[str]
    inputs: list[InputView]
    summary: dict[str, int]
    section_titles: dict[tuple[str, str], str]  # (document, key) -> title
    scope: Scope

    def by_section(self) -> list[tuple[str, list[InputView]]]:
        """Inputs grouped under their section's title, in the base draft's order."""
        out: dict[str, list[InputView]] = {}
        for i in self.inputs:
            out.setdefault(self.section_titles.get((i.document, i.section), i.section), []).append(i)
        return list(out.items())

    def public(self) -> dict[str, object]:
        return {"slug": self.slug, "name": self.name, "kind": self.kind, "aliases": self.aliases,
                "members": self.members, "summary": self.summary, **self.scope.public(),
                "inputs": [i.public() for i in self.inputs]}


def list_delegations(*, session: Session) -> list[DelegationSummary]:
    """Every delegation with the number of its published inputs (unpublished rounds are not counted)."""
    public = (select(Amendment.delegation_id, func.count(Amendment.id).label("n"))
              .join(Document, Document.id == Amendment.compilation_id)
              .where(Document.state == "published", Document.retired_at.is_(None), Amendment.status == "active",
                     Amendment.retired_at.is_(None))
              .group_by(Amendment.delegation_id).subquery())
    rows = session.exec(
        select(Delegation, func.coalesce(public.c.n, 0))
        .join(public, public.c.delegation_id == Delegation.id, isouter=True)
        .order_by(Delegation.name)).all()
    return [DelegationSummary(d.slug, d.name, d.kind, n) for d, n in rows]


def delegation_names(*, session: Session) -> list[DelegationSummary]:
    """Every delegation by name, without counting inputs (the "compare with" choices): a count
    over every negotiation's inputs would make each delegation page grow with the database."""
    rows = session.exec(select(Delegation.slug, Delegation.name, Delegation.kind).order_by(Delegation.name))
    return [DelegationSummary(slug, name, kind, 0) for slug, name, kind in rows]


def get_delegation_row(session: Session, slug: str) -> Delegation:
    d = session.exec(select(Delegation).where(Delegation.slug == slug)).first()
    if d is None:
        raise NotFound("delegation", slug)
    return d


def positions(*, session: Session, slug: str, negotiation: str | None = None) -> DelegationPositions:
    """A delegation's inputs in one negotiation (`negotiation`, else the latest it spoke in)."""
    d = get_delegation_row(session, slug)
    where = scope(session, [d.id], negotiation)
    aliases = list(session.exec(select(DelegationAlias.alias).where(DelegationAlias.delegation_id == d.id)))
    members = list(session.exec(select(DelegationMember.name).where(DelegationMember.group_id == d.id)
                                .order_by(DelegationMember.name)))
    inputs = _inputs(session, slug, where)
    docs = {i.document for i in inputs}  # only the sections these inputs are in, not every document's
    titles = {(doc, key): title for key, title, doc in session.exec(
        select(Section.key, Section.title, Document.slug).join(Document).where(Document.slug.in_(docs)))}
    return DelegationPositions(d.slug, d.name, d.kind, aliases, members, inputs, uptake_summary(inputs), titles,
                               where)


def _inputs(session: Session, slug: str, where: Scope) -> list[InputView]:
    if where.negotiation_id is None:  # spoke nowhere in public: nothing to list
        return []
    return list_inputs(session, delegation=slug, negotiation_id=where.negotiation_id)


@dataclass
class Side:
    """One delegation of a side-by-side: only what it shows (no aliases, members or section titles)."""

    slug: str
    name: str
    inputs: list[InputView]
    summary: dict[str, int]


VersusRow = tuple[str, str, str, list[InputView], list[InputView]]  # document, label, section, a's, b's


@dataclass
class Versus:
    """Two delegations' positions paragraph by paragraph, where either spoke."""

    a: Side
    b: Side
    rows: list[VersusRow]
    scope: Scope

    def public(self) -> dict[str, object]:
        """The API shape: each row keys the two sides' inputs by delegation slug."""
        a, b = self.a.slug, self.b.slug
        return {"a": a, "b": b, "summary": {a: self.a.summary, b: self.b.summary}, **self.scope.public(),
                "rows": [{"document": doc, "label": label, "section": section, a: [i.public() for i in ia],
                          b: [i.public() for i in ib]} for doc, label, section, ia, ib in self.rows]}


def _side(session: Session, d: Delegation, where: Scope) -> Side:
    inputs = _inputs(session, d.slug, where)
    return Side(d.slug, d.name, inputs, uptake_summary(inputs))


def versus(*, session: Session, a: str, b: str, negotiation: str | None = None) -> Versus:
    """Group both sides' inputs by paragraph in one pass, then order paragraphs as the drafts do;
    one negotiation (`negotiation`, else the latest either spoke in)."""
    da, db = get_delegation_row(session, a), get_delegation_row(session, b)
    where = scope(session, [da.id, db.id], negotiation)
    sa, sb = _side(session, da, where), _side(session, db, where)
    by_para: dict[tuple[str, str], tuple[list[InputView], list[InputView]]] = {}
    for side, inputs in ((0, sa.inputs), (1, sb.inputs)):
        for i in inputs:
            by_para.setdefault((i.document, i.label), ([], []))[side].append(i)
    rows = [(doc, label, (ia or ib)[0].section, ia, ib) for (doc, label), (ia, ib) in by_para.items()]
    rows.sort(key=lambda r: (r[0], (r[3] or r[4])[0].paragraph_order))
    return Versus(sa, sb, rows, where)
