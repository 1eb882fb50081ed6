"""Composing the next draft from a base draft, and publishing it.

A facilitator writes each paragraph of the next draft, says which base paragraphs it comes from
(one: continues, or renumbered when its label changed; several: a merge; none: new; the same
source under several paragraphs: a split) and which inputs it reflects. Lineage links and
reflections are recorded as such; a base paragraph no later paragraph comes from is deleted by
the new draft (see `lineage.successors`). Publishing makes the draft public and searchable, and
from then on every input of the rounds on the base is judged against it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy.orm import aliased
from sqlmodel import Session, delete, func, select

from app.auth.policy import Viewer, may_see_document, require_facilitator, require_role
from app.text.lost import only_gaps
from app.errors import BadInput, Conflict, NotFound
from app.models import Amendment, Document, LineageLink, Paragraph, Reflection, Section
from app.search_index import index_document
from app.services import audit, negotiations

LABEL = re.compile(r"^[A-Za-z0-9().-]{1,40}$")
SINGLE = ("continues", "renumbered", "moved", "replaced", "split_from")
RELATIONS = SINGLE + ("merged", "merged_into", "split", "new", "deleted")


@dataclass
class ParagraphSpec:
    label: str
    text: str
    section: str | None = None
    from_: list[str] = field(default_factory=list)
    relation: str | None = None
    reflects: list[int] = field(default_factory=list)


@dataclass
class DraftSpec:
    slug: str
    title: str
    base: str | None  # None: a negotiation's first draft (then `negotiation` and `sections` are needed)
    date: dt.date
    paragraphs: list[ParagraphSpec]
    kind: str = "draft"
    sections: list[tuple[str, str]] | None = None  # (key, title); default: the base's
    issued_by: str | None = None
    notes: str | None = None
    publish: bool = True
    negotiation: str | None = None


def _base(session: Session, viewer: Viewer, slug: str) -> Document:
    base = session.exec(select(Document).where(Document.slug == slug, Document.retired_at.is_(None))).first()
    if base is None or not may_see_document(viewer, base.state, base.negotiation_id):
        raise NotFound("document", slug)
    if base.kind != "draft" or base.state != "published":
        raise BadInput(f"the next draft is made from a published draft; '{slug}' is a {base.state} {base.kind}")
    return base


def create(session: Session, *, viewer: Viewer, spec: DraftSpec, allow_empty: bool = False) -> Document:
    """The next draft, whole (the HTTP contract's POST /api/documents), published unless asked not to."""
    require_role(viewer, ("facilitator",), "compose a draft")
    base = _base(session, viewer, spec.base) if spec.base else None
    negotiation_id = base.negotiation_id if base else _first_draft_negotiation(session, spec)
    require_facilitator(viewer, negotiation_id, "compose a draft")
    negotiations.check_slug(spec.slug, "a document")
    if spec.kind != "draft":
        raise BadInput("only drafts are composed here; import other documents with `stemma import`")
    if session.exec(select(Document.id).where(Document.slug == spec.slug)).first() is not None:
        raise Conflict(f"the slug '{spec.slug}' is already used by a document")
    if base is not None and spec.date < base.date:
        raise BadInput(f"the new draft ({spec.date}) cannot be older than its base ({base.date})")
    if not spec.title.strip():
        raise BadInput("a draft needs a title")
    doc = Document(slug=spec.slug, title=spec.title.strip(), kind="draft", date=spec.date,
                   issued_by=spec.issued_by or viewer.name or "facilitators", base_id=base.id if base else None,
                   negotiation_id=negotiation_id, notes=spec.notes, state="unpublished", origin="service",
                   created_by_id=viewer.user_id)
    session.add(doc)
    session.flush()
    _write_sections(session, doc, base, spec.sections)
    _write_paragraphs(session, doc, base, spec.paragraphs, allow_empty=allow_empty and not spec.publish)
    audit.record(session, actor=viewer, action="document.create", entity="document", key=doc.slug,
                 after=_snapshot(session, doc), negotiation_id=doc.negotiation_id)
    if spec.publish:
        _publish(session, viewer, doc)
    negotiations.bump(session, doc.negotiation_id)
    session.commit()
    return doc


def _first_draft_negotiation(session: Session, spec: DraftSpec) -> int:
    """A draft without a base is its negotiation's first: it says which negotiation, and its sections."""
    if not spec.negotiation:
        raise BadInput("say which draft this one is made from ('base'), or, for a negotiation's first draft, "
                       "which negotiation it opens ('negotiation')")
    if spec.sections is None:
        raise BadInput("a first draft has no base to take its sections from: give 'sections'")
    return negotiations.get(session, spec.negotiation).id  # type: ignore[return-value]


def _write_sections(session: Session, doc: Document, base: Document | None,
                    given: list[tuple[str, str]] | None) -> None:
    if given is None and base is not None:
        given = [(s.key, s.title) for s in session.exec(select(Section).where(Section.document_id == base.id,
                                                                              Section.retired_at.is_(None))
                                                        .order_by(Section.order))]
    given = given or []
    keys = [k for k, _ in given]
    if len(set(keys)) != len(keys):
        raise BadInput("duplicate section key")
    for order, (key, title) in enumerate(given):
        if not re.match(r"^[a-z0-9][a-z0-9-]*$", key):
            raise BadInput(f"section key '{key}' must be lower-case letters, digits and hyphens")
        session.add(Section(document_id=doc.id, key=key, title=title, order=order))  # type: ignore[arg-type]


def _write_paragraphs(session: Session, doc: Document, base: Document | None, specs: list[ParagraphSpec],
                      allow_empty: bool = False) -> None:
    """Paragraphs, their lineage and reflections, all checked before anything is kept. A draft still
    being composed may hold a paragraph without text yet (`allow_empty`); publishing refuses it."""
    if not specs:
        raise BadInput("a draft needs at least one paragraph")
    base_paras = {p.label.casefold(): p for p in session.exec(
        select(Paragraph).where(Paragraph.document_id == (base.id if base else -1)))}
    sections = {s.key for s in session.exec(select(Section).where(Section.document_id == doc.id))}
    labels: set[str] = set()
    used_as_source: dict[str, int] = {}
    for spec in specs:
        for src in spec.from_:
            key = src.casefold()
            used_as_source[key] = used_as_source.get(key, 0) + 1
    for order, spec in enumerate(specs):
        _check_spec(spec, labels, base_paras, sections, allow_empty)
        sources = [base_paras[s.casefold()] for s in spec.from_]
        section = spec.section or (sources[0].section if sources else None)
        if section is None or section not in sections:
            raise BadInput(f"paragraph {spec.label}: give its section (one of {', '.join(sorted(sections))})")
        status = "deleted" if spec.relation == "deleted" else "present"
        p = Paragraph(document_id=doc.id, label=spec.label, section=section, order=order, text=spec.text,  # type: ignore[arg-type]
                      status=status)
        session.add(p)
        session.flush()
        for link in _links(spec, sources, used_as_source):
            session.add(LineageLink(from_paragraph_id=link[0], to_paragraph_id=p.id, relation=link[1],  # type: ignore[arg-type]
                                    origin="declared", confidence=1.0))
        _reflect(session, p, spec.reflects, base)
    session.flush()


def _check_spec(spec: ParagraphSpec, labels: set[str], base_paras: dict[str, Paragraph], sections: set[str],
                allow_empty: bool = False) -> None:
    if not LABEL.match(spec.label or ""):
        raise BadInput(f"paragraph label {spec.label!r}: letters, digits, '.', '(', ')' and '-' only, as the "
                       "document numbers it (PP4, 36, 19bis, OP2(a))")
    if spec.label.casefold() in labels:
        raise BadInput(f"paragraph label '{spec.label}' is used twice")
    labels.add(spec.label.casefold())
    if spec.relation is not None and spec.relation not in RELATIONS:
        raise BadInput(f"paragraph {spec.label}: relation must be one of {', '.join(RELATIONS)}")
    if not spec.text.strip() and spec.relation != "deleted" and not allow_empty:
        raise BadInput(f"paragraph {spec.label} has no text")
    for src in spec.from_:
        if src.casefold() not in base_paras:
            raise BadInput(f"paragraph {spec.label} comes from '{src}', which the base draft does not have")
    if len({s.casefold() for s in spec.from_}) != len(spec.from_):
        raise BadInput(f"paragraph {spec.label} names the same source twice")
    if spec.relation == "new" and spec.from_:
        raise BadInput(f"paragraph {spec.label} is new but names sources; leave 'from' empty")
    if spec.relation in SINGLE + ("deleted",) and len(spec.from_) != 1:
        raise BadInput(f"paragraph {spec.label}: relation '{spec.relation}' takes exactly one source in 'from'")


def _links(spec: ParagraphSpec, sources: list[Paragraph], used: dict[str, int]) -> list[tuple[int | None, str]]:
    """(from paragraph id, relation) for each source; the first of a merge continues (or is
    renumbered), the others are merged into it; a source shared by several paragraphs is split."""
    if not sources:
        return [(None, "new")]
    out: list[tuple[int | None, str]] = []
    for i, src in enumerate(sources):
        if spec.relation == "deleted":
            rel = "deleted"
        elif i > 0:
            rel = "merged_into"
        elif spec.relation in ("moved", "replaced", "split_from"):
            rel = spec.relation
        elif spec.relation == "split" or used.get(src.label.casefold(), 0) > 1 and spec.relation != "continues":
            rel = "split_from"
        else:
            rel = "continues" if src.label == spec.label else "renumbered"
        out.append((src.id, rel))
    return out


def _reflect(session: Session, p: Paragraph, input_ids: list[int], base: Document | None) -> None:
    """The facilitator's marks: each must be an active input of a round on this draft's base."""
    if not input_ids:
        return
    if base is None:
        raise BadInput(f"paragraph {p.label} reflects inputs, but a first draft has no round before it")
    rows = session.exec(select(Amendment.id).join(Document, Document.id == Amendment.compilation_id)
                        .where(Amendment.id.in_(input_ids), Document.base_id == base.id,
                               Amendment.status == "active", Amendment.retired_at.is_(None))).all()
    unknown = sorted(set(input_ids) - set(rows))
    if unknown:
        raise BadInput(f"paragraph {p.label} reflects {unknown}: not active inputs on the base draft '{base.slug}'")
    for amendment_id in sorted(set(input_ids)):
        session.add(Reflection(paragraph_id=p.id, amendment_id=amendment_id, origin="declared"))  # type: ignore[arg-type]


def _snapshot(session: Session, doc: Document) -> dict[str, object]:
    paras = session.exec(select(Paragraph).where(Paragraph.document_id == doc.id).order_by(Paragraph.order)).all()
    return {"slug": doc.slug, "title": doc.title, "date": doc.date.isoformat(), "state": doc.state,
            "paragraphs": [{"label": p.label, "section": p.section, "text": p.text} for p in paras]}


def lineage_summary(session: Session, doc: Document) -> dict[str, list[str]]:
    """What the draft did with its base, paragraph by paragraph: kept, renumbered ("4 -> 3"), merged
    ("3 -> 2"), split, moved, replaced, new, and deleted (base paragraphs nothing comes from)."""
    From = aliased(Paragraph)
    out: dict[str, list[str]] = {k: [] for k in ("continues", "renumbered", "merged_into", "split_from", "moved",
                                                   "replaced", "new", "deleted")}
    used: set[int] = set()
    for relation, src, src_id, label in session.exec(
            select(LineageLink.relation, From.label, From.id, Paragraph.label)
            .join(Paragraph, Paragraph.id == LineageLink.to_paragraph_id)
            .join(From, From.id == LineageLink.from_paragraph_id, isouter=True)
            .where(Paragraph.document_id == doc.id).order_by(Paragraph.order, LineageLink.id)):
        if src_id is not None:
            used.add(src_id)
        out.setdefault(relation, []).append(label if src is None else (src if src == label else f"{src} -> {label}"))
    if doc.base_id is not None:
        out["deleted"] += [p.label for p in session.exec(
            select(Paragraph).where(Paragraph.document_id == doc.base_id, Paragraph.status == "present")
            .order_by(Paragraph.order)) if p.id not in used]
    return {k: v for k, v in out.items() if v}


def _publish(session: Session, viewer: Viewer, doc: Document) -> None:
    # a paragraph that holds only the scan's gap marks ("[...]", kept from its base) has no text either
    empty = [label for label, text in session.exec(
        select(Paragraph.label, Paragraph.text).where(Paragraph.document_id == doc.id, Paragraph.status == "present"))
        if not text.strip() or only_gaps(text)]
    if empty:
        raise BadInput(f"paragraph(s) {', '.join(empty)} have no text yet: write them, or delete them, before publishing")
    before = {"state": doc.state}
    doc.state = "published"
    session.add(doc)
    session.flush()
    index_document(session, doc.id)  # type: ignore[arg-type]
    audit.record(session, actor=viewer, action="document.publish", entity="document", key=doc.slug,
                 before=before, after={"state": doc.state, "lineage": lineage_summary(session, doc)},
                 negotiation_id=doc.negotiation_id)


def _editable(session: Session, viewer: Viewer, slug: str) -> Document:
    require_role(viewer, ("facilitator",), "edit a draft")
    doc = session.exec(select(Document).where(Document.slug == slug, Document.retired_at.is_(None))).first()
    if doc is None:
        raise NotFound("document", slug)
    require_facilitator(viewer, doc.negotiation_id, "edit a draft")
    if doc.state != "unpublished" or doc.origin != "service":
        raise Conflict(f"'{slug}' is published: a published draft never changes; compose the next one")
    return doc


def publish(session: Session, *, viewer: Viewer, slug: str) -> Document:
    doc = _editable(session, viewer, slug)
    _publish(session, viewer, doc)
    negotiations.bump(session, doc.negotiation_id)
    session.commit()
    return doc


def replace_paragraphs(session: Session, *, viewer: Viewer, slug: str, specs: list[ParagraphSpec]) -> Document:
    """The workbench's save: the unpublished draft's paragraphs, lineage and reflections, rewritten
    whole from the facilitator's current plan (one transaction, audited with before and after)."""
    doc = _editable(session, viewer, slug)
    base = session.get(Document, doc.base_id) if doc.base_id else None
    before = _snapshot(session, doc)
    ids = list(session.exec(select(Paragraph.id).where(Paragraph.document_id == doc.id)))
    if ids:
        session.exec(delete(Reflection).where(Reflection.paragraph_id.in_(ids)))  # type: ignore[call-overload]
        session.exec(delete(LineageLink).where(LineageLink.to_paragraph_id.in_(ids)))  # type: ignore[call-overload]
        session.exec(delete(Paragraph).where(Paragraph.id.in_(ids)))  # type: ignore[call-overload]
        session.flush()
    _write_paragraphs(session, doc, base, specs, allow_empty=True)
    audit.record(session, actor=viewer, action="document.edit", entity="document", key=doc.slug, before=before,
                 after=_snapshot(session, doc), negotiation_id=doc.negotiation_id)
    negotiations.bump(session, doc.negotiation_id)
    session.commit()
    return doc


def plan(session: Session, doc: Document) -> list[ParagraphSpec]:
    """A draft's paragraphs as the specs that would write them again (the workbench edits this list)."""
    paras = list(session.exec(select(Paragraph).where(Paragraph.document_id == doc.id).order_by(Paragraph.order)))
    ids = [p.id for p in paras]
    links: dict[int, list[tuple[str, str]]] = {}
    for to_id, label, relation in session.exec(
            select(LineageLink.to_paragraph_id, Paragraph.label, LineageLink.relation)
            .join(Paragraph, Paragraph.id == LineageLink.from_paragraph_id)
            .where(LineageLink.to_paragraph_id.in_(ids)).order_by(LineageLink.id)):
        links.setdefault(to_id, []).append((label, relation))
    reflects: dict[int, list[int]] = {}
    for pid, aid in session.exec(select(Reflection.paragraph_id, Reflection.amendment_id)
                                 .where(Reflection.paragraph_id.in_(ids)).order_by(Reflection.amendment_id)):
        reflects.setdefault(pid, []).append(aid)
    out = []
    for p in paras:
        own = links.get(p.id, [])  # type: ignore[arg-type]
        relations = {r for _, r in own}
        relation = ("deleted" if "deleted" in relations else "split" if "split_from" in relations
                    else "moved" if "moved" in relations else "replaced" if "replaced" in relations
                    else None if own else "new")
        out.append(ParagraphSpec(label=p.label, text=p.text, section=p.section, from_=[lab for lab, _ in own],
                                 relation=relation, reflects=reflects.get(p.id, [])))  # type: ignore[arg-type]
    return out


def start(session: Session, *, viewer: Viewer, base: str, slug: str, title: str, date: dt.date) -> Document:
    """An unpublished next draft that starts as the base's standing paragraphs, each continuing its own."""
    base_doc = _base(session, viewer, base)
    specs = [ParagraphSpec(label=p.label, text=p.text, section=p.section, from_=[p.label])
             for p in session.exec(select(Paragraph).where(Paragraph.document_id == base_doc.id,
                                                           Paragraph.status == "present").order_by(Paragraph.order))]
    spec = DraftSpec(slug=slug, title=title, base=base, date=date, paragraphs=specs, publish=False)
    return create(session, viewer=viewer, spec=spec, allow_empty=True)
