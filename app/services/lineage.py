"""A paragraph's family tree across documents, read from the lineage links.

The links are loaded once per call (a few hundred rows) and walked in memory, so a
paragraph page costs a fixed number of queries however long the lineage is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app.errors import NotFound
from app.models import Document, LineageLink, Paragraph
from app.text.redline import Edit, diff_words_cached

CHAIN_RELATIONS = ("continues", "renumbered", "moved", "replaced", "split_from")


@dataclass
class Node:
    paragraph: Paragraph
    document: Document


@dataclass
class LineageEntry:
    """One version of the paragraph, and how it connects to the paragraph asked about."""

    document: str
    date: dt.date
    label: str
    relation: str  # self, or the link's relation (continues, merged_into, elaborates, ...)
    direction: str  # earlier | self | later
    origin: str | None
    confidence: float | None
    note: str | None
    text: str
    status: str
    edits_from_previous: list[Edit] = field(default_factory=list)


@dataclass
class Graph:
    nodes: dict[int, Node]
    incoming: dict[int, list[LineageLink]]  # to_paragraph_id -> links
    outgoing: dict[int, list[LineageLink]]  # from_paragraph_id -> links


def find_paragraph(session: Session, slug: str, label: str) -> Node:
    row = session.exec(select(Paragraph, Document).join(Document)
                       .where(Document.slug == slug, Paragraph.label == label)).first()
    if row is None:
        if session.exec(select(Document.id).where(Document.slug == slug)).first() is None:
            raise NotFound("document", slug)
        raise NotFound("paragraph", f"{slug}#{label}")
    return Node(*row)


def load_graph(session: Session) -> Graph:
    """Every link, and the paragraphs they touch (two queries)."""
    links = session.exec(select(LineageLink)).all()
    ids = {ln.to_paragraph_id for ln in links} | {ln.from_paragraph_id for ln in links if ln.from_paragraph_id}
    nodes = {p.id: Node(p, d) for p, d in session.exec(
        select(Paragraph, Document).join(Document).where(Paragraph.id.in_(ids), Document.state == "published",
                                                        Document.retired_at.is_(None)))} if ids else {}
    incoming: dict[int, list[LineageLink]] = defaultdict(list)
    outgoing: dict[int, list[LineageLink]] = defaultdict(list)
    for ln in links:
        if ln.to_paragraph_id not in nodes or (ln.from_paragraph_id and ln.from_paragraph_id not in nodes):
            continue  # a draft still being composed, or a retired document: not part of the public lineage
        incoming[ln.to_paragraph_id].append(ln)
        if ln.from_paragraph_id:
            outgoing[ln.from_paragraph_id].append(ln)
    return Graph(nodes, incoming, outgoing)


def _entry(node: Node, link: LineageLink | None, direction: str) -> LineageEntry:
    return LineageEntry(
        document=node.document.slug, date=node.document.date,
        label=node.paragraph.label, relation=link.relation if link else "self", direction=direction,
        origin=link.origin if link else None, confidence=link.confidence if link else None,
        note=link.note if link else None, text=node.paragraph.text, status=node.paragraph.status)


def lineage_of(session: Session, start: Node) -> list[LineageEntry]:
    """Every version of the paragraph, earlier and later, in date order, with redlines between
    consecutive versions of the main line (continues / renumbered / moved). Takes the node so a
    caller that already looked the paragraph up does not look it up again."""
    graph = load_graph(session)
    graph.nodes.setdefault(start.paragraph.id, start)  # type: ignore[arg-type]
    entries = [_entry(start, None, "self")]
    seen = {start.paragraph.id}
    frontier = [start.paragraph.id]
    while frontier:  # earlier versions
        pid = frontier.pop()
        for ln in graph.incoming.get(pid, []):
            if ln.from_paragraph_id and ln.from_paragraph_id not in seen:
                seen.add(ln.from_paragraph_id)
                entries.append(_entry(graph.nodes[ln.from_paragraph_id], ln, "earlier"))
                if ln.relation in CHAIN_RELATIONS:
                    frontier.append(ln.from_paragraph_id)
    frontier = [start.paragraph.id]
    while frontier:  # later versions
        pid = frontier.pop()
        for ln in graph.outgoing.get(pid, []):
            if ln.to_paragraph_id not in seen:
                seen.add(ln.to_paragraph_id)
                entries.append(_entry(graph.nodes[ln.to_paragraph_id], ln, "later"))
                if ln.relation in CHAIN_RELATIONS:
                    frontier.append(ln.to_paragraph_id)
    entries.sort(key=lambda e: (e.date, e.document, e.label))
    _add_redlines(entries)
    return entries


def _add_redlines(entries: list[LineageEntry]) -> None:
    """Redline each version against the previous version in the same line of descent."""
    previous: LineageEntry | None = None
    for e in entries:
        if e.relation == "elaborates":
            continue
        if previous is not None and previous.date < e.date:
            e.edits_from_previous = list(diff_words_cached(previous.text, e.text))
        if e.relation in CHAIN_RELATIONS + ("self",) or previous is None:
            previous = e


@dataclass
class Successor:
    """What a paragraph became in the next draft."""

    document: str
    label: str
    text: str
    status: str  # present | deleted | merged
    text_quality: str = "ok"


def successors(session: Session, paragraph_ids: list[int]) -> dict[int, Successor]:
    """For each paragraph, its version in the earliest later draft that links to it (one query)."""
    if not paragraph_ids:
        return {}
    rows = session.exec(
        select(LineageLink, Paragraph, Document)
        .join(Paragraph, Paragraph.id == LineageLink.to_paragraph_id)
        .join(Document, Document.id == Paragraph.document_id)
        .where(LineageLink.from_paragraph_id.in_(paragraph_ids), Document.kind == "draft",
               Document.state == "published", Document.retired_at.is_(None))
        .order_by(Document.date)
    ).all()
    out: dict[int, Successor] = {}
    for ln, p, d in rows:
        assert ln.from_paragraph_id is not None
        if ln.from_paragraph_id in out and out[ln.from_paragraph_id].document != d.slug:
            continue
        status = {"deleted": "deleted", "merged_into": "merged"}.get(ln.relation, p.status)
        current = out.get(ln.from_paragraph_id)
        if current is None or (current.status != "present" and status == "present"):
            out[ln.from_paragraph_id] = Successor(d.slug, p.label, p.text, status, p.text_quality)
    _implicit_deletions(session, [pid for pid in paragraph_ids if pid not in out], out)
    return out


def _implicit_deletions(session: Session, paragraph_ids: list[int], out: dict[int, Successor]) -> None:
    """A paragraph that no paragraph of a published draft made from its document comes from was
    deleted by that draft (a composed draft records only what it keeps)."""
    if not paragraph_ids:
        return
    Later = aliased(Document)
    rows = session.exec(select(Paragraph.id, Later.slug)
                        .join(Later, Later.base_id == Paragraph.document_id)
                        .where(Paragraph.id.in_(paragraph_ids), Later.kind == "draft", Later.state == "published",
                               Later.retired_at.is_(None))
                        .order_by(Later.date)).all()
    for pid, slug in rows:
        out.setdefault(pid, Successor(slug, "", "", "deleted"))
