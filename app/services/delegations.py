"""Delegations and their positions: every input, what became of it, and a summary."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from app.errors import NotFound
from app.models import Amendment, Delegation, DelegationAlias, DelegationMember, Document, Section
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
    rows = session.exec(
        select(Delegation, func.count(Amendment.id))
        .join(Amendment, Amendment.delegation_id == Delegation.id, isouter=True)
        .group_by(Delegation.id).order_by(Delegation.name)).all()
    return [DelegationSummary(d.slug, d.name, d.kind, n) for d, n in rows]


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
    titles = {(doc, s.key): s.title for s, doc in session.exec(select(Section, Document.slug).join(Document))}
    return DelegationPositions(d.slug, d.name, d.kind, aliases, members, inputs, uptake_summary(inputs), titles)


@dataclass
class Versus:
    """Two delegations' positions paragraph by paragraph, where either spoke."""

    a: DelegationPositions
    b: DelegationPositions
    rows: list[tuple[str, str, str, list[InputView], list[InputView]]]  # document, label, section, a's, b's


def versus(*, session: Session, a: str, b: str) -> Versus:
    pa, pb = positions(session=session, slug=a), positions(session=session, slug=b)
    keys: dict[tuple[str, str], tuple[int, str]] = {}
    for i in pa.inputs + pb.inputs:
        keys[(i.document, i.label)] = (i.paragraph_order, i.section)
    rows = []
    for (doc, label), (_order, section) in sorted(keys.items(), key=lambda kv: (kv[0][0], kv[1][0])):
        rows.append((doc, label, section, [i for i in pa.inputs if (i.document, i.label) == (doc, label)],
                     [i for i in pb.inputs if (i.document, i.label) == (doc, label)]))
    return Versus(pa, pb, rows)
