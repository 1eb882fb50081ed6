"""Delegations and their positions: every input, what became of it, and a summary."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from app.errors import NotFound
from app.models import (
    Amendment,
    Delegation,
    DelegationAlias,
    DelegationMember,
    Document,
    Section,
)
from app.services.positions import InputView, list_inputs, uptake_summary


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

    def by_section(self) -> list[tuple[str, list[InputView]]]:
        """Inputs grouped under their section's title, in the base draft's order."""
        out: dict[str, list[InputView]] = {}
        for i in self.inputs:
            out.setdefault(self.section_titles.get((i.document, i.section), i.section), []).append(i)
        return list(out.items())

    def public(self) -> dict[str, object]:
        return {"slug": self.slug, "name": self.name, "kind": self.kind, "aliases": self.aliases,
                "members": self.members, "summary": self.summary, "inputs": [i.public() for i in self.inputs]}


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


def positions(*, session: Session, slug: str) -> DelegationPositions:
    d = get_delegation_row(session, slug)
    aliases = list(session.exec(select(DelegationAlias.alias).where(DelegationAlias.delegation_id == d.id)))
    members = list(session.exec(select(DelegationMember.name).where(DelegationMember.group_id == d.id)
                                .order_by(DelegationMember.name)))
    inputs = list_inputs(session, delegation=slug)
    docs = {i.document for i in inputs}  # only the sections these inputs are in, not every document's
    titles = {(doc, key): title for key, title, doc in session.exec(
        select(Section.key, Section.title, Document.slug).join(Document).where(Document.slug.in_(docs)))}
    return DelegationPositions(d.slug, d.name, d.kind, aliases, members, inputs, uptake_summary(inputs), titles)


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

    def public(self) -> dict[str, object]:
        """The API shape: each row keys the two sides' inputs by delegation slug."""
        a, b = self.a.slug, self.b.slug
        return {"a": a, "b": b, "summary": {a: self.a.summary, b: self.b.summary},
                "rows": [{"document": doc, "label": label, "section": section, a: [i.public() for i in ia],
                          b: [i.public() for i in ib]} for doc, label, section, ia, ib in self.rows]}


def _side(session: Session, slug: str) -> Side:
    d = get_delegation_row(session, slug)
    inputs = list_inputs(session, delegation=slug)
    return Side(d.slug, d.name, inputs, uptake_summary(inputs))


def versus(*, session: Session, a: str, b: str) -> Versus:
    """Group both sides' inputs by paragraph in one pass, then order paragraphs as the drafts do."""
    sa, sb = _side(session, a), _side(session, b)
    by_para: dict[tuple[str, str], tuple[list[InputView], list[InputView]]] = {}
    for side, inputs in ((0, sa.inputs), (1, sb.inputs)):
        for i in inputs:
            by_para.setdefault((i.document, i.label), ([], []))[side].append(i)
    rows = [(doc, label, (ia or ib)[0].section, ia, ib) for (doc, label), (ia, ib) in by_para.items()]
    rows.sort(key=lambda r: (r[0], (r[3] or r[4])[0].paragraph_order))
    return Versus(sa, sb, rows)
