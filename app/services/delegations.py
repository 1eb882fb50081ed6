"""Delegations and their positions: every input, what became of it, and a summary."""

from __future__ import annotations

import datetime as dt

from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from app.auth.policy import ANONYMOUS, Viewer, input_visibility
from app.errors import BadInput, NotFound
from app.models import (
    Amendment,
    Delegation,
    DelegationAlias,
    DelegationMember,
    Document,
    Negotiation,
    Section,
)
from app.services import submissions
from app.services.positions import UPTAKE_CLASSES, InputView, list_inputs, uptake_summary
from app.services.submissions import Written
from app.text.contention import InputRecord, alignment, change_set


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

    def query(self) -> str:
        """`negotiation=slug` for links and forms when there is a choice, else "" (clean URLs)."""
        return f"negotiation={self.negotiation}" if len(self.choices) > 1 and self.negotiation else ""


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
class SectionChoice:
    """A section a delegation commented on, as the filter offers it: key, the document's title, inputs."""

    key: str
    title: str
    count: int


@dataclass
class DelegationPositions:
    """A delegation's inputs, narrowed by outcome and section when asked, with the counts a reader
    starts from: `summary` over all its inputs, `counts` per outcome within the chosen section
    (what each outcome link would show)."""

    slug: str
    name: str
    kind: str
    aliases: list[str]
    members: list[str]
    inputs: list[InputView]  # those the filters keep
    summary: dict[str, int]
    section_titles: dict[tuple[str, str], str]  # (document, key) -> title
    scope: Scope
    total: int = 0  # all its inputs, before the filters
    outcome: str | None = None
    section: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    sections: list[SectionChoice] = field(default_factory=list)
    document_names: dict[str, str] = field(default_factory=dict)  # see `reader_names`

    def by_section(self) -> list[tuple[str, list[InputView]]]:
        """Inputs grouped under their section's title, in the base draft's order."""
        out: dict[str, list[InputView]] = {}
        for i in self.inputs:
            out.setdefault(self.section_titles.get((i.document, i.section), i.section), []).append(i)
        return list(out.items())

    def public(self) -> dict[str, object]:
        return {"slug": self.slug, "name": self.name, "kind": self.kind, "aliases": self.aliases,
                "members": self.members, "summary": self.summary, **self.scope.public(),
                "filters": {"outcome": self.outcome, "section": self.section}, "counts": self.counts,
                "sections": [{"key": c.key, "title": c.title, "count": c.count} for c in self.sections],
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


def document_names(session: Session, slugs: set[str]) -> dict[str, str]:
    """Each document's name as a sentence reads it: "first draft" from "Draft resolution and Plan of
    Action: first draft", "draft of 19 July 2010" for a draft whose title has no short form, else
    the title. Read from the database, so a new draft is named without a code change."""
    if not slugs:
        return {}
    rows = session.exec(select(Document.slug, Document.title, Document.kind, Document.date)
                        .where(Document.slug.in_(sorted(slugs)))).all()
    return {slug: card_name(title, kind, date) for slug, title, kind, date in rows}


def card_name(title: str, kind: str, date: dt.date) -> str:
    """One document's name as `document_names` gives it, for a page that has read the row already."""
    return short_title(title, kind, f"{date.day} {date.strftime('%B %Y')}")


def card_documents(inputs: list[InputView]) -> set[str]:
    """The documents the cards of these inputs name: each input's own and its next version's."""
    return {i.document for i in inputs} | {i.next_version.document for i in inputs if i.next_version}


def reader_names(session: Session, inputs: list[InputView], documents: dict[str, str] | None = None) -> dict[str, str]:
    """The names a card needs for these inputs: their documents' and next versions' short names by
    slug, and, keyed `delegation:<slug>`, the delegation an unattributed input probably came from
    ("probably African Group", not "probably african-group"; no query when there is none).
    `documents`, names the page has read already (the paragraph page's), saves their query."""
    docs = card_documents(inputs)
    names = dict(documents) if documents is not None and docs <= documents.keys() else document_names(session, docs)
    probable = sorted({i.probable_delegation for i in inputs if i.probable_delegation})
    if probable:
        names.update({f"delegation:{slug}": name for slug, name in session.exec(
            select(Delegation.slug, Delegation.name).where(Delegation.slug.in_(probable)))})
    return names


def short_title(title: str, kind: str, date: str) -> str:
    """See `document_names` (`date` written out, "19 July 2010")."""
    if ": " in title:
        return title.rsplit(": ", 1)[1].strip()
    if kind == "draft":
        return f"draft of {date}"
    return title


def positions(*, session: Session, slug: str, outcome: str | None = None, section: str | None = None,
              negotiation: str | None = None) -> DelegationPositions:
    """A delegation's inputs in one negotiation (`negotiation`, else the latest it spoke in): all of
    them, or those of one outcome (an uptake class) and/or one section.

    An outcome the service does not give is refused (422) rather than answered with an empty
    list that reads as "none of ours was adopted"; a section it never commented on is simply empty."""
    if outcome is not None and outcome not in UPTAKE_CLASSES:
        raise BadInput(f"outcome must be one of {', '.join(UPTAKE_CLASSES)}")
    d = get_delegation_row(session, slug)
    where = scope(session, [d.id], negotiation)
    aliases = list(session.exec(select(DelegationAlias.alias).where(DelegationAlias.delegation_id == d.id)))
    members = list(session.exec(select(DelegationMember.name).where(DelegationMember.group_id == d.id)
                                .order_by(DelegationMember.name)))
    everything = _inputs(session, slug, where)
    docs = {i.document for i in everything}  # only the sections these inputs are in, not every document's
    titles = section_titles(session, docs)
    in_section = [i for i in everything if section is None or i.section == section]
    shown = [i for i in in_section if outcome is None or i.uptake.klass == outcome]
    names = reader_names(session, everything)
    return DelegationPositions(d.slug, d.name, d.kind, aliases, members, shown, uptake_summary(everything), titles,
                               where, total=len(everything), outcome=outcome, section=section,
                               counts=uptake_summary(in_section), sections=_section_choices(everything, titles),
                               document_names=names)


def _inputs(session: Session, slug: str, where: Scope) -> list[InputView]:
    if where.negotiation_id is None:  # spoke nowhere in public: nothing to list
        return []
    return list_inputs(session, delegation=slug, negotiation_id=where.negotiation_id)


def section_titles(session: Session, docs: set[str]) -> dict[tuple[str, str], str]:
    """(document, key) -> the title the document gives the section, for these documents only."""
    if not docs:
        return {}
    return {(doc, key): title for key, title, doc in session.exec(
        select(Section.key, Section.title, Document.slug).join(Document).where(Document.slug.in_(sorted(docs))))}


def _section_choices(inputs: list[InputView], titles: dict[tuple[str, str], str]) -> list[SectionChoice]:
    """The sections the inputs are in, in the base draft's order (the inputs' own), with counts."""
    out: dict[str, SectionChoice] = {}
    for i in inputs:
        c = out.setdefault(i.section, SectionChoice(i.section, titles.get((i.document, i.section), i.section), 0))
        c.count += 1
    return list(out.values())


@dataclass
class Side:
    """One delegation of a side-by-side: only what it shows (no aliases, members or section titles)."""

    slug: str
    name: str
    inputs: list[InputView]
    summary: dict[str, int]


@dataclass
class VersusRow:
    """One paragraph either delegation spoke on. `agreement` is None unless both did; then "agree"
    when they asked for the same or a similar change (the alignment page's test, in
    `app/text/contention.py`), "differ" when both asked for a change that can be read and the
    changes are not alike, and "unclear" when one side's wish cannot be read as a change (a comment,
    a request to move, an instruction not understood): counting those as "differ" would invent
    disagreement, as counting them "agree" would invent agreement."""

    document: str
    label: str
    section: str
    a: list[InputView]
    b: list[InputView]
    agreement: str | None = None

    @property
    def both(self) -> bool:
        return bool(self.a and self.b)


@dataclass
class VersusCounts:
    """Paragraphs each side commented on, those both did, and how these divide (see `VersusRow`)."""

    a: int
    b: int
    both: int
    agree: int
    differ: int
    unclear: int


@dataclass
class Versus:
    """Two delegations' positions paragraph by paragraph where either spoke (or, `both_only`, where
    both did); `counts` is over every row whatever the filter."""

    a: Side
    b: Side
    rows: list[VersusRow]
    counts: VersusCounts
    scope: Scope
    both_only: bool = False
    document_names: dict[str, str] = field(default_factory=dict)
    section_titles: dict[tuple[str, str], str] = field(default_factory=dict)

    def public(self) -> dict[str, object]:
        """The API shape: each row keys the two sides' inputs by delegation slug."""
        a, b, c = self.a.slug, self.b.slug, self.counts
        return {"a": a, "b": b, "summary": {a: self.a.summary, b: self.b.summary}, **self.scope.public(),
                "paragraphs": {a: c.a, b: c.b, "both": c.both, "agree": c.agree, "differ": c.differ,
                               "unclear": c.unclear},
                "both_only": self.both_only,
                "rows": [{"document": r.document, "label": r.label, "section": r.section, "both": r.both,
                          "agreement": r.agreement, a: [i.public() for i in r.a], b: [i.public() for i in r.b]}
                         for r in self.rows]}


def _sides(session: Session, da: Delegation, db: Delegation, where: Scope) -> tuple[Side, Side]:
    """Both delegations' inputs in one read (each read of inputs costs its successors and reflections too)."""
    both = (list_inputs(session, delegations=[da.slug, db.slug], negotiation_id=where.negotiation_id)
            if where.negotiation_id is not None else [])
    out = []
    for d in (da, db):
        inputs = [i for i in both if i.delegation == d.slug]
        out.append(Side(d.slug, d.name, inputs, uptake_summary(inputs)))
    return out[0], out[1]


def versus(*, session: Session, a: str, b: str, both_only: bool = False, negotiation: str | None = None) -> Versus:
    """Group both sides' inputs by paragraph in one pass, then order paragraphs as the drafts do;
    one negotiation (`negotiation`, else the latest either spoke in).

    A delegation compared with itself is refused (422): the page would show every paragraph
    "agreeing" with itself, which says nothing and reads as a finding."""
    if a == b:
        raise BadInput(f"compare '{a}' with another delegation, not with itself")
    found = {d.slug: d for d in session.exec(select(Delegation).where(Delegation.slug.in_([a, b])))}  # one query
    for slug in (a, b):
        if slug not in found:
            raise NotFound("delegation", slug)
    da, db = found[a], found[b]
    where = scope(session, [da.id, db.id], negotiation)
    sa, sb = _sides(session, da, db, where)
    by_para: dict[tuple[str, str], tuple[list[InputView], list[InputView]]] = {}
    for side, inputs in ((0, sa.inputs), (1, sb.inputs)):
        for i in inputs:
            by_para.setdefault((i.document, i.label), ([], []))[side].append(i)
    rows = [VersusRow(doc, label, (ia or ib)[0].section, ia, ib, _agreement(ia, ib) if ia and ib else None)
            for (doc, label), (ia, ib) in by_para.items()]
    rows.sort(key=lambda r: (r.document, (r.a or r.b)[0].paragraph_order))
    both = [r for r in rows if r.both]
    split = {k: sum(1 for r in both if r.agreement == k) for k in ("agree", "differ", "unclear")}
    counts = VersusCounts(sum(1 for r in rows if r.a), sum(1 for r in rows if r.b), len(both), **split)
    return Versus(sa, sb, both if both_only else rows, counts, where, both_only,
                  reader_names(session, sa.inputs + sb.inputs),
                  section_titles(session, {r.document for r in rows}))


def _agreement(ia: list[InputView], ib: list[InputView]) -> str:
    """Whether two delegations asked the same of one paragraph: the alignment matrix's own test
    (both ask to delete it, or their changed words overlap), run on just these two; "unclear"
    when either side asked for nothing that reads as a change (see `VersusRow`)."""
    ra, rb = _records(ia), _records(ib)
    if alignment(ra + rb).agreements[0][1] > 0:
        return "agree"
    return "differ" if _readable(ra) and _readable(rb) else "unclear"


def _records(inputs: list[InputView]) -> list[InputRecord]:
    return [InputRecord(id=i.id, delegation=i.delegation, target=i.label, kind=i.kind, base_text=i.base_text,
                        proposed_text=i.resolved_text) for i in inputs]


def _readable(records: list[InputRecord]) -> bool:
    """Some input of one side reads as a change: a deletion, or a placed text that changes words."""
    return any(r.kind == "delete" or change_set(r) for r in records)


@dataclass
class InputPage:
    """One input as its own page shows it: the write side's record (`written`: every revision, who
    may revise) and the read side's judgement (`judged`: uptake, next version, proposal vs outcome),
    None only if the policy hides the input from the positions (never from its own delegation or
    the facilitators), so the page still shows the input as written."""

    written: Written
    judged: InputView | None
    document_names: dict[str, str]


def input_page(session: Session, *, viewer: Viewer, input_id: int) -> InputPage:
    w = submissions.get(session, viewer=viewer, input_id=input_id)
    views = list_inputs(session, delegation=w.delegation, paragraph_ids=[w.amendment.target_paragraph_id],
                        viewer=viewer, include_withdrawn=True)
    judged = next((v for v in views if v.pk == input_id), None)
    return InputPage(w, judged, reader_names(session, views))


def input_public(session: Session, *, viewer: Viewer, input_id: int) -> dict[str, object]:
    """`GET /api/inputs/{id}`: the write side's answer, with the uptake, next version and outcome
    redline of the positions (`InputOut`) beside it."""
    page = input_page(session, viewer=viewer, input_id=input_id)
    out = page.written.public()
    if page.judged is not None:
        judged = page.judged.public()
        out.update({k: judged[k] for k in ("uptake", "next_version", "resolved_text", "outcome_ops")})
    return out
