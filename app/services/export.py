"""`stemma export`: a negotiation written back as corpus files (drafts/ + amendments/).

What users wrote through the service becomes files of `origin: service` (every revision of every
input, withdrawn ones included, with author and time), beside the record's own files, so that
`stemma corpus check` passes on the folder and loading it into an empty database gives the same
records: the archive never depends on our database.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from app.corpus import writer
from app.corpus.catalog import COMPILATION_FILE, DELEGATIONS_FILE, NEGOTIATIONS_FILE, PROCESS_FILE
from app.models import (
    Amendment,
    AmendmentRevision,
    Delegation,
    DelegationAlias,
    DelegationMember,
    Document,
    LineageLink,
    Negotiation,
    Paragraph,
    ProcessEvent,
    ProcessEventDocument,
    Reflection,
    Round,
    Section,
)
from app.services import negotiations


@dataclass
class ExportReport:
    documents: int = 0
    compilations: int = 0
    inputs: int = 0
    revisions: int = 0
    sources: list[str] = field(default_factory=list)


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in (None, [], {})}


def _aware(t: dt.datetime | None) -> dt.datetime | None:
    return t if t is None or t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


def export_negotiation(session: Session, slug: str, out: Path, sources_dir: Path) -> ExportReport:
    """Write negotiation `slug` (and the documents its lineage cites) into out/drafts and out/amendments."""
    n = negotiations.get(session, slug)
    report = ExportReport()
    docs = list(session.exec(select(Document).where(Document.negotiation_id == n.id, Document.retired_at.is_(None))
                             .order_by(Document.date, Document.slug)))
    docs += _cited_outside(session, docs)
    drafts, amendments = out / "drafts", out / "amendments"
    writer.write(drafts / NEGOTIATIONS_FILE, {"negotiations": [_drop_empty(
        {"slug": n.slug, "title": n.title, "description": n.description, "origin": n.origin})]},
        header="Written by `stemma export`.")
    base_slugs = {d.id: d.slug for d in session.exec(select(Document))}
    for d in docs:
        if d.kind == "compilation":
            report.compilations += 1
            _write_compilation(session, d, n, base_slugs, amendments / d.slug, report)
        else:
            report.documents += 1
            writer.write(drafts / f"{d.slug}.yaml", _document(session, d, n if d.negotiation_id else None, base_slugs))
        if d.source_file and d.source_file not in report.sources:
            report.sources.append(d.source_file)
    for file in report.sources:
        (drafts / "sources").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(sources_dir / file, drafts / "sources" / file)
    _write_process(session, n, drafts / PROCESS_FILE)
    writer.write(amendments / DELEGATIONS_FILE, {"delegations": _delegations(session)})
    return report


def _cited_outside(session: Session, docs: list[Document]) -> list[Document]:
    """Documents of no negotiation (precedents) that the negotiation's lineage comes from."""
    ids = [d.id for d in docs]
    From, To = aliased(Paragraph), aliased(Paragraph)
    outside = session.exec(select(Document).distinct()
                           .join(From, From.document_id == Document.id)
                           .join(LineageLink, LineageLink.from_paragraph_id == From.id)
                           .join(To, To.id == LineageLink.to_paragraph_id)
                           .where(To.document_id.in_(ids), Document.id.not_in(ids))).all()
    return list(outside)


def _head(d: Document, n: Negotiation | None, base_slugs: dict[int | None, str]) -> dict[str, Any]:
    head: dict[str, Any] = {"slug": d.slug, "title": d.title, "negotiation": n.slug if n else None,
                            "kind": d.kind, "date": d.date, "issued_by": d.issued_by}
    if d.origin != "record":
        head["origin"] = d.origin
    if d.state != "published":
        head["state"] = d.state
    if d.source_file:
        head["source"] = {"file": d.source_file, "lines": [d.source_first, d.source_last]}
    head["base"] = base_slugs.get(d.base_id) if d.base_id else None
    head["notes"] = d.notes
    return _drop_empty(head)


def _document(session: Session, d: Document, n: Negotiation | None, base_slugs: dict[int | None, str]
              ) -> dict[str, Any]:
    out = _head(d, n, base_slugs)
    out["sections"] = [{"key": s.key, "title": s.title} for s in session.exec(
        select(Section).where(Section.document_id == d.id, Section.retired_at.is_(None)).order_by(Section.order))]
    paras = list(session.exec(select(Paragraph).where(Paragraph.document_id == d.id).order_by(Paragraph.order)))
    labels = {p.id: p.label for p in paras}
    lineage = _lineage(session, [p.id for p in paras if p.id is not None])
    reflects = _reflects(session, [p.id for p in paras if p.id is not None])
    out["paragraphs"] = [_drop_empty({
        "label": p.label, "section": p.section,
        "source": [p.source_first, p.source_last] if p.source_first is not None else None,
        "text": p.text, "status": p.status if p.status != "present" else None,
        "merged_into": labels.get(p.merged_into_id) if p.merged_into_id else None,
        "quality": p.text_quality if p.text_quality != "ok" else None, "curation": list(p.curation or []),
        "lineage": lineage.get(p.id, []), "reflects": reflects.get(p.id, [])}) for p in paras]  # type: ignore[arg-type]
    return out


def _lineage(session: Session, ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    From, FromDoc = aliased(Paragraph), aliased(Document)
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    rows = session.exec(select(LineageLink, From.label, FromDoc.slug)
                        .join(From, From.id == LineageLink.from_paragraph_id, isouter=True)
                        .join(FromDoc, FromDoc.id == From.document_id, isouter=True)
                        .where(LineageLink.to_paragraph_id.in_(ids)).order_by(LineageLink.id))
    for ln, label, slug in rows:
        out[ln.to_paragraph_id].append(_drop_empty({
            "from": f"{slug}#{label}" if slug else None, "relation": ln.relation, "origin": ln.origin,
            "confidence": ln.confidence, "note": ln.note}))
    return out


def _reflects(session: Session, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for pid, key in session.exec(select(Reflection.paragraph_id, Amendment.key)
                                 .join(Amendment, Amendment.id == Reflection.amendment_id)
                                 .where(Reflection.paragraph_id.in_(ids)).order_by(Reflection.id)):
        out[pid].append(key)
    return out


def _write_compilation(session: Session, d: Document, n: Negotiation, base_slugs: dict[int | None, str],
                       folder: Path, report: ExportReport) -> None:
    head = _head(d, n, base_slugs)
    r = session.exec(select(Round).where(Round.compilation_id == d.id)).first()
    if r is not None:
        head["round"] = _drop_empty({"title": r.title if r.title != d.title else None,
                                     "deadline": _aware(r.deadline), "state": r.state})
    writer.write(folder / COMPILATION_FILE, head)
    rows = session.exec(select(Amendment, Delegation.slug, Paragraph.label)
                        .join(Delegation, Delegation.id == Amendment.delegation_id)
                        .join(Paragraph, Paragraph.id == Amendment.target_paragraph_id)
                        .where(Amendment.compilation_id == d.id, Amendment.retired_at.is_(None))
                        .order_by(Delegation.slug, Amendment.order, Amendment.id)).all()
    revisions: dict[int, list[AmendmentRevision]] = defaultdict(list)
    for rev in session.exec(select(AmendmentRevision).where(AmendmentRevision.amendment_id.in_([a.id for a, *_ in rows]))
                            .order_by(AmendmentRevision.number)):
        revisions[rev.amendment_id].append(rev)
    probable = {i: s for i, s in session.exec(select(Delegation.id, Delegation.slug))}
    by_delegation: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a, delegation, label in rows:
        revs = revisions[a.id]  # type: ignore[index]
        by_delegation[delegation].append(_input(a, label, revs, probable, d.origin))
        report.inputs += 1
        report.revisions += len(revs)
    for delegation, inputs in by_delegation.items():
        writer.write(folder / f"{delegation}.yaml", {"delegation": delegation, "inputs": inputs})


def _input(a: Amendment, label: str, revs: list[AmendmentRevision], probable: dict[int | None, str],
           origin: str) -> dict[str, Any]:
    cur = revs[-1]
    out: dict[str, Any] = {
        "id": a.key.split("/", 1)[1], "target": label, "new_label": a.new_label, "kind": a.kind, "stance": a.stance,
        "text": cur.text, "rationale": cur.rationale,
        "source": [cur.source_first, cur.source_last] if cur.source_first is not None else None,
        "quality": cur.text_quality if cur.text_quality != "ok" else None, "curation": list(cur.curation or []),
        "probable_delegation": probable.get(a.probable_delegation_id) if a.probable_delegation_id else None}
    if origin != "record":
        out.update({"status": a.status if a.status != "active" else None, "author": cur.author,
                    "created_at": _aware(cur.created_at), "late_note": cur.late_note,
                    "history": [_drop_empty({"number": r.number, "kind": r.kind or a.kind, "stance": r.stance,
                                             "new_label": r.new_label, "text": r.text, "rationale": r.rationale,
                                             "author": r.author, "created_at": _aware(r.created_at),
                                             "late_note": r.late_note}) for r in revs[:-1]]})
    return _ordered(out)


def _ordered(d: dict[str, Any]) -> dict[str, Any]:
    """Empty fields dropped, except `text`, which the file format always has."""
    return {k: v for k, v in d.items() if k == "text" or v not in (None, [], {})}


def _write_process(session: Session, n: Negotiation, path: Path) -> None:
    events = list(session.exec(select(ProcessEvent).where(ProcessEvent.negotiation_id == n.id,
                                                          ProcessEvent.retired_at.is_(None))
                               .order_by(ProcessEvent.date, ProcessEvent.id)))
    if not events:
        return
    docs: dict[int, list[str]] = defaultdict(list)
    for link, slug in session.exec(select(ProcessEventDocument, Document.slug).join(Document)
                                   .where(ProcessEventDocument.event_id.in_([e.id for e in events]))
                                   .order_by(Document.slug)):
        docs[link.event_id].append(slug)
    writer.write(path, {"negotiation": n.slug, "events": [_drop_empty({
        "date": e.date, "kind": e.kind, "title": e.title, "documents": docs.get(e.id, []),  # type: ignore[arg-type]
        "source": {"file": e.source_file, "lines": [e.source_first, e.source_last]}}) for e in events]})


def _delegations(session: Session) -> list[dict[str, Any]]:
    aliases: dict[int, list[str]] = defaultdict(list)
    for a in session.exec(select(DelegationAlias).order_by(DelegationAlias.id)):
        aliases[a.delegation_id].append(a.alias)
    members: dict[int, list[str]] = defaultdict(list)
    for m in session.exec(select(DelegationMember).order_by(DelegationMember.id)):
        members[m.group_id].append(m.name)
    return [_drop_empty({"slug": d.slug, "name": d.name, "kind": d.kind, "aliases": aliases.get(d.id, []),  # type: ignore[arg-type]
                         "members": members.get(d.id, [])})  # type: ignore[arg-type]
            for d in session.exec(select(Delegation).order_by(Delegation.name))]
