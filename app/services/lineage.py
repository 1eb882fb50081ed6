"""A paragraph's family tree across documents, read from the lineage links.

Only the links of the paragraph's own lineage are loaded (a query per generation), then
walked in memory, so a paragraph page costs the same however many other paragraphs, and
negotiations, the database holds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app.errors import NotFound
from app.models import Document, LineageLink, Paragraph
from app.text.merge import diff_sources
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
    merged_from: list[str] = field(default_factory=list)  # a merge: the sources its redline is read against
    paragraph_id: int | None = field(default=None, repr=False)


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


def load_graph(session: Session, start_id: int) -> Graph:
    """The links a walk from `start_id` can follow: its ancestors (incoming links, transitively)
    and its descendants (outgoing links, transitively), with the paragraphs they touch.

    One query per generation of the lineage and one for the paragraphs, so the cost follows the
    length of this paragraph's lineage, not the number of links in the database (loading every
    link took 96% of the paragraph page at 50 copies of the negotiation)."""
    links: dict[int, LineageLink] = {}
    up, down = {start_id}, {start_id}  # whose incoming / outgoing links are still to fetch
    seen_up, seen_down = set(up), set(down)
    while up or down:
        found = session.exec(select(LineageLink).where(  # a later version's incoming links too: its merge's sources
            LineageLink.to_paragraph_id.in_(up | down) | LineageLink.from_paragraph_id.in_(down))).all()
        next_up, next_down = set(), set()
        for ln in found:
            links.setdefault(ln.id, ln)  # type: ignore[arg-type]
            if ln.to_paragraph_id in up and ln.from_paragraph_id and ln.from_paragraph_id not in seen_up:
                next_up.add(ln.from_paragraph_id)
            if ln.from_paragraph_id in down and ln.to_paragraph_id not in seen_down:
                next_down.add(ln.to_paragraph_id)
        _merge_siblings(found, down, links, seen_up)
        seen_up |= next_up
        seen_down |= next_down
        up, down = next_up, next_down
    ids = seen_up | seen_down
    nodes = {p.id: Node(p, d) for p, d in session.exec(
        select(Paragraph, Document).join(Document).where(Paragraph.id.in_(ids), Document.state == "published",
                                                        Document.retired_at.is_(None)))} if ids else {}
    incoming: dict[int, list[LineageLink]] = defaultdict(list)
    outgoing: dict[int, list[LineageLink]] = defaultdict(list)
    for ln in sorted(links.values(), key=lambda ln: ln.id or 0):
        if ln.to_paragraph_id not in nodes or (ln.from_paragraph_id and ln.from_paragraph_id not in nodes):
            continue  # a draft still being composed, or a retired document: not part of the public lineage
        incoming[ln.to_paragraph_id].append(ln)
        if ln.from_paragraph_id:
            outgoing[ln.from_paragraph_id].append(ln)
    return Graph(nodes, incoming, outgoing)


def _merge_siblings(found: list[LineageLink], later: set[int], links: dict[int, LineageLink], sources: set[int]) -> None:
    """Keep the links into every merge among `later` (the paragraph and its descendants) from all
    the merge's sources, so that its redline can be read against all of them (July 42 against
    first-draft 42 to 47), whichever of them the walk started from; the sources join `sources`."""
    into = [ln for ln in found if ln.to_paragraph_id in later]
    merges = {ln.to_paragraph_id for ln in into if ln.relation == "merged_into"}
    for ln in into:
        if ln.to_paragraph_id in merges and ln.from_paragraph_id:
            links.setdefault(ln.id, ln)  # type: ignore[arg-type]
            sources.add(ln.from_paragraph_id)


def merge_sources(graph: Graph) -> dict[int, list[Node]]:
    """For each merged paragraph of the graph, its sources in reading order: the paragraphs of the
    earlier document that were merged into it, with the one it continues."""
    out: dict[int, list[Node]] = {}
    for to_id, links in graph.incoming.items():
        merged = [ln for ln in links if ln.relation == "merged_into" and ln.from_paragraph_id in graph.nodes]
        if not merged:
            continue
        doc_id = graph.nodes[merged[0].from_paragraph_id].paragraph.document_id  # type: ignore[index]
        ids = {ln.from_paragraph_id for ln in links if ln.from_paragraph_id in graph.nodes
               and ln.relation in CHAIN_RELATIONS + ("merged_into",)
               and graph.nodes[ln.from_paragraph_id].paragraph.document_id == doc_id}  # type: ignore[index]
        if len(ids) > 1:
            out[to_id] = sorted((graph.nodes[i] for i in ids), key=lambda n: n.paragraph.order)  # type: ignore[index]
    return out


def _entry(node: Node, link: LineageLink | None, direction: str) -> LineageEntry:
    return LineageEntry(
        document=node.document.slug, date=node.document.date,
        label=node.paragraph.label, relation=link.relation if link else "self", direction=direction,
        origin=link.origin if link else None, confidence=link.confidence if link else None,
        note=link.note if link else None, text=node.paragraph.text, status=node.paragraph.status,
        paragraph_id=node.paragraph.id)


def lineage_of(session: Session, start: Node) -> list[LineageEntry]:
    """Every version of the paragraph, earlier and later, in date order, with redlines between
    consecutive versions of the main line (continues / renumbered / moved). Takes the node so a
    caller that already looked the paragraph up does not look it up again."""
    return walk(load_graph(session, start.paragraph.id), start)  # type: ignore[arg-type]


def walk(graph: Graph, start: Node) -> list[LineageEntry]:
    """lineage_of's walk over a graph already loaded (any graph holding the start's lineage)."""
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
    _add_redlines(entries, merge_sources(graph))
    return entries


def _add_redlines(entries: list[LineageEntry], merges: dict[int, list[Node]] | None = None) -> None:
    """Redline each version against the previous version in the same line of descent; a merge
    against all its sources, joined in reading order, each kept passage naming its source."""
    previous: LineageEntry | None = None
    merges = merges or {}
    for e in entries:
        if e.relation == "elaborates":
            continue
        sources = merges.get(e.paragraph_id) if e.paragraph_id is not None else None
        if sources:
            e.merged_from = [n.paragraph.label for n in sources]
            e.edits_from_previous = diff_sources([(n.paragraph.label, n.paragraph.text) for n in sources], e.text)
        elif previous is not None and previous.date < e.date:
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
    """For each paragraph, its version in the earliest later draft that links to it (one query).

    Drafts are picked out here rather than in SQL: with `kind = 'draft'` in the query, SQLite's
    planner starts from every draft's paragraphs once the id list is long (a delegation's page),
    which grew with the square of the corpus; the links from these paragraphs are few."""
    if not paragraph_ids:
        return {}
    rows = session.exec(
        select(LineageLink.from_paragraph_id, LineageLink.relation, Paragraph.label, Paragraph.text,
               Paragraph.status, Paragraph.text_quality, Document.slug, Document.kind,
               (Document.state == "published") & Document.retired_at.is_(None))
        .join(Paragraph, Paragraph.id == LineageLink.to_paragraph_id)
        .join(Document, Document.id == Paragraph.document_id)
        .where(LineageLink.from_paragraph_id.in_(paragraph_ids))
        .order_by(Document.date, Document.id, LineageLink.id)
    ).all()
    out: dict[int, Successor] = {}
    for from_id, relation, label, text, p_status, quality, slug, kind, public in rows:
        if kind != "draft" or not public or from_id is None:
            continue
        if from_id in out and out[from_id].document != slug:
            continue
        status = {"deleted": "deleted", "merged_into": "merged"}.get(relation, p_status)
        current = out.get(from_id)
        if current is None or (current.status != "present" and status == "present"):
            out[from_id] = Successor(slug, label, text, status, quality)
    _implicit_deletions(session, [pid for pid in paragraph_ids if pid not in out], out)
    return out


def _implicit_deletions(session: Session, paragraph_ids: list[int], out: dict[int, Successor]) -> None:
    """A paragraph that no paragraph of a published draft made from its document comes from was
    deleted by that draft (a composed draft records only what it keeps)."""
    if not paragraph_ids:
        return
    Later = aliased(Document)
    rows = session.exec(select(Paragraph.id, Later.slug, Later.kind,
                               (Later.state == "published") & Later.retired_at.is_(None))
                        .join(Later, Later.base_id == Paragraph.document_id)
                        .where(Paragraph.id.in_(paragraph_ids))  # drafts picked below, as in successors()
                        .order_by(Later.date, Later.id)).all()
    for pid, slug, kind, public in rows:
        if kind == "draft" and public:
            out.setdefault(pid, Successor(slug, "", "", "deleted"))
