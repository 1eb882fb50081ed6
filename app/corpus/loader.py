"""Writing a validated corpus into the database, in one transaction, idempotently.

Records are matched on their natural keys (document slug, paragraph label, amendment
id), so loading twice changes nothing, and a changed proposal in a file becomes a new
revision of its amendment rather than an overwrite. Any error rolls everything back.

Two sources of truth share the database: the files own the records they curate from the
record (`origin = record`); users own what they wrote through the service (`origin =
service`). A load never changes or removes a service record: an exported one found in the
files is created when missing and otherwise left as it is. A record taken out of the files
is retired (kept, hidden from every page) rather than deleted, except paragraphs and link
rows, which only say how records relate.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import or_
from sqlmodel import Session, select

from app import generation
from app.corpus import compilations
from app.corpus.catalog import Corpus
from app.corpus.derived import rebuild_index
from app.corpus.reader import CorpusError
from app.corpus.schema import DelegationIn, DocumentIn, ProcessFileIn, RecordOrigin
from app.corpus.sync import LoadReport, apply, retire, sync_links, upsert
from app.db import refresh_statistics
from app.models import (
    Amendment,
    AuditEvent,
    Delegation,
    DelegationAlias,
    DelegationMember,
    Document,
    LineageLink,
    Negotiation,
    Paragraph,
    ProcessEvent,
    ProcessEventDocument,
    SearchEntry,
    Section,
)

__all__ = ["LoadReport", "load_corpus"]

Progress = Callable[[str, int, int], None]
SERVICE = RecordOrigin.service.value


def load_corpus(session: Session, corpus: Corpus, progress: Progress | None = None) -> LoadReport:
    """Load everything and commit; on any error roll back and re-raise (nothing is left half-done)."""
    report = LoadReport()
    tick = progress or (lambda *_: None)
    try:
        _load_delegations(session, corpus.delegations.delegations, report)
        negotiations = _load_negotiations(session, corpus, report)
        docs = _bases_first([f.doc for f in corpus.documents])
        total = len(docs) + len(corpus.compilations)
        fresh: set[str] = set()  # documents this load writes (record ones, and service ones it creates)
        for i, doc in enumerate(docs, 1):
            tick(f"document {doc.slug}", i, total)
            if _load_document(session, doc, negotiations, report) is not None:
                fresh.add(doc.slug)
        session.flush()
        for doc in docs:
            if doc.slug in fresh:
                _load_lineage(session, doc, report)
        for i, comp in enumerate(corpus.compilations, len(docs) + 1):
            tick(f"compilation {comp.doc.slug}", i, total)
            comp_id = _load_document(session, comp.doc, negotiations, report)
            if comp_id is not None:
                compilations.load(session, comp, comp_id, negotiations, report)
        compilations.load_reflections(session, [d for d in docs if d.slug in fresh], report)
        _retire_documents(session, corpus, negotiations, report)
        if corpus.process:
            _load_process(session, corpus.process, negotiations, report)
        if report.changed or session.exec(select(SearchEntry.id).limit(1)).first() is None:
            tick("search index", total, total)
            rebuild_index(session)
        if report.changed:
            generation.bump(session)
            named = ", ".join(sorted(negotiations)) or "corpus"  # a session's many negotiations: counted
            session.add(AuditEvent(actor="stemma load", action="corpus.load", entity="corpus",
                                   entity_key=named if len(named) <= 200 else f"{len(negotiations)} negotiations",
                                   after={k: {o: n for o, n in c.items() if n} for k, c in report.counts.items()}))
        session.commit()
    except Exception:
        session.rollback()
        raise
    if report.changed:
        tick("statistics", total, total)
        refresh_statistics(session)
    return report


def _bases_first(docs: list[DocumentIn]) -> list[DocumentIn]:
    """Documents in an order where each comes after the draft it was made from (file names need not say)."""
    by_slug = {d.slug: d for d in docs}
    out: list[DocumentIn] = []
    seen: set[str] = set()

    def visit(d: DocumentIn, path: tuple[str, ...]) -> None:
        if d.slug in seen:
            return
        if d.slug in path:
            raise CorpusError(d.slug, None, f"documents are each other's base: {' -> '.join(path + (d.slug,))}")
        if d.base and d.base in by_slug:
            visit(by_slug[d.base], path + (d.slug,))
        seen.add(d.slug)
        out.append(d)

    for d in docs:
        visit(d, ())
    return out


def _load_delegations(session: Session, items: list[DelegationIn], report: LoadReport) -> None:
    existing = {d.slug: d for d in session.exec(select(Delegation))}
    for d in items:
        row = upsert(session, report, "delegation", existing.get(d.slug), Delegation,
                     {"slug": d.slug, "name": d.name, "kind": d.kind.value})
        session.flush()
        aliases = session.exec(select(DelegationAlias).where(DelegationAlias.delegation_id == row.id))
        sync_links(session, report, "alias", {a.alias: a for a in aliases},
                   {a: {"delegation_id": row.id, "alias": a} for a in d.aliases}, DelegationAlias)
        members = session.exec(select(DelegationMember).where(DelegationMember.group_id == row.id))
        sync_links(session, report, "member", {m.name: m for m in members},
                   {n: {"group_id": row.id, "name": n} for n in d.members}, DelegationMember)


def _load_negotiations(session: Session, corpus: Corpus, report: LoadReport) -> dict[str, int]:
    """Slug -> id of every negotiation the files name (a service one is created if missing, never edited)."""
    existing = {n.slug: n for n in session.exec(select(Negotiation))}
    for n in corpus.negotiations.negotiations:
        row = existing.get(n.slug)
        if row is not None and row.origin == SERVICE:
            report.add("negotiation", "unchanged")
            continue
        existing[n.slug] = upsert(session, report, "negotiation", row, Negotiation,
                                  {"slug": n.slug, "title": n.title, "description": n.description,
                                   "origin": n.origin.value})
    session.flush()
    return {slug: n.id for slug, n in existing.items() if n.id is not None}


def _document_values(session: Session, doc: DocumentIn, negotiations: dict[str, int]) -> dict[str, object]:
    base_id = None
    if doc.base:
        base = session.exec(select(Document).where(Document.slug == doc.base)).first()
        if base is None:
            raise CorpusError(doc.slug, None, f"base document '{doc.base}' is not loaded")
        base_id = base.id
    return {"slug": doc.slug, "title": doc.title, "kind": doc.kind.value, "date": doc.date,
            "issued_by": doc.issued_by, "base_id": base_id, "notes": doc.notes,
            "negotiation_id": negotiations.get(doc.negotiation or ""), "origin": doc.origin.value,
            "state": doc.state.value,
            "source_file": doc.source.file if doc.source else None,
            "source_first": doc.source.lines[0] if doc.source else None,
            "source_last": doc.source.lines[1] if doc.source else None}


def _load_document(session: Session, doc: DocumentIn, negotiations: dict[str, int],
                   report: LoadReport) -> int | None:
    """Upsert the document with its sections and paragraphs; returns its id, or None when the
    database already holds it as a service document (which a load leaves alone)."""
    row = session.exec(select(Document).where(Document.slug == doc.slug)).first()
    if row is not None and row.origin == SERVICE:
        if doc.origin != RecordOrigin.service:
            raise CorpusError(doc.slug, None, f"document '{doc.slug}' was written through the service; "
                                              "the files cannot overwrite it (give the file another slug)")
        report.add("document", "unchanged")
        return None
    row = upsert(session, report, "document", row, Document, _document_values(session, doc, negotiations))
    session.flush()
    assert row.id is not None
    sections = {s.key: s for s in session.exec(select(Section).where(Section.document_id == row.id))}
    for order, s in enumerate(doc.sections):
        upsert(session, report, "section", sections.get(s.key), Section,
               {"document_id": row.id, "key": s.key, "title": s.title, "order": order})
    wanted = {s.key for s in doc.sections}
    retire(session, report, "section", [s for key, s in sections.items() if key not in wanted])
    paragraphs = {p.label: p for p in session.exec(select(Paragraph).where(Paragraph.document_id == row.id))}
    in_file = {p.label for p in doc.paragraphs}
    stale = [p for label, p in paragraphs.items() if label not in in_file]
    if stale:
        _remove_paragraphs(session, doc.slug, stale, report)
    for order, p in enumerate(doc.paragraphs):
        upsert(session, report, "paragraph", paragraphs.get(p.label), Paragraph, {
            "document_id": row.id, "label": p.label, "section": p.section, "order": order,
            "text": p.text, "status": p.status.value, "text_quality": p.quality.value,
            "curation": list(p.curation), "source_first": p.source[0] if p.source else None,
            "source_last": p.source[1] if p.source else None})
    session.flush()
    by_label = {p.label: p for p in session.exec(select(Paragraph).where(Paragraph.document_id == row.id))}
    for p in doc.paragraphs:
        target = by_label[p.merged_into].id if p.merged_into else None
        apply(by_label[p.label], {"merged_into_id": target})
    return row.id


def _remove_paragraphs(session: Session, slug: str, stale: list[Paragraph], report: LoadReport) -> None:
    """A paragraph taken out of its file leaves the database too, with its lineage links, unless
    an input targets it: inputs and their revisions are never deleted, so the load stops."""
    ids = [p.id for p in stale]
    used = session.exec(select(Amendment.key).where(Amendment.target_paragraph_id.in_(ids))).all()
    labels = ", ".join(sorted(p.label for p in stale))
    if used:
        raise CorpusError(slug, None, f"paragraph(s) {labels} are no longer in the file, but {len(used)} stored "
                                      f"input(s) target them (e.g. {used[0]}); inputs are never deleted: keep the "
                                      "paragraph, with status deleted if it is gone from the document")
    for link in session.exec(select(LineageLink).where(
            LineageLink.from_paragraph_id.in_(ids) | LineageLink.to_paragraph_id.in_(ids))):
        session.delete(link)
    for p in session.exec(select(Paragraph).where(Paragraph.merged_into_id.in_(ids))):
        p.merged_into_id = None
    session.flush()
    for p in stale:
        session.delete(p)
    session.flush()
    report.add("paragraph", "removed", len(stale))


def _paragraph_ids(session: Session, slug: str) -> dict[str, int]:
    rows = session.exec(select(Paragraph.label, Paragraph.id).join(Document).where(Document.slug == slug))
    return {label: pid for label, pid in rows}


def _load_lineage(session: Session, doc: DocumentIn, report: LoadReport) -> None:
    own = _paragraph_ids(session, doc.slug)
    cache: dict[str, dict[str, int]] = {doc.slug: own}
    wanted: dict[tuple[int | None, int, str], dict[str, object]] = {}
    for p in doc.paragraphs:
        for link in p.lineage:
            from_id = None
            if link.from_:
                slug, label = link.from_.split("#", 1)
                if slug not in cache:
                    cache[slug] = _paragraph_ids(session, slug)
                from_id = cache[slug][label]
            wanted[(from_id, own[p.label], link.relation.value)] = {
                "origin": link.origin.value, "confidence": link.confidence, "note": link.note}
    existing = session.exec(select(LineageLink).where(LineageLink.to_paragraph_id.in_(list(own.values()))))
    sync_links(session, report, "lineage",
               {(ln.from_paragraph_id, ln.to_paragraph_id, ln.relation): ln for ln in existing},
               {key: {"from_paragraph_id": key[0], "to_paragraph_id": key[1], "relation": key[2], **values}
                for key, values in wanted.items()}, LineageLink)


def _retire_documents(session: Session, corpus: Corpus, negotiations: dict[str, int], report: LoadReport) -> None:
    """A record document whose file is gone is retired, and so are the inputs of a retired compilation.

    The files speak for the negotiations they name, and for the precedents if they hold any: loading
    one exported negotiation leaves the database's other negotiations alone."""
    docs = [f.doc for f in corpus.documents] + [c.doc for c in corpus.compilations]
    in_files = {d.slug for d in docs}
    scopes = [Document.negotiation_id.in_([negotiations[d.negotiation] for d in docs if d.negotiation])]
    if any(d.negotiation is None for d in docs):
        scopes.append(Document.negotiation_id.is_(None))
    gone = list(session.exec(select(Document).where(Document.origin != SERVICE, Document.retired_at.is_(None),
                                                    Document.slug.not_in(in_files), or_(*scopes))))
    retire(session, report, "document", gone)
    if gone:
        inputs = session.exec(select(Amendment).where(Amendment.compilation_id.in_([d.id for d in gone])))
        retire(session, report, "amendment", inputs)


def _load_process(session: Session, process: ProcessFileIn, negotiations: dict[str, int],
                  report: LoadReport) -> None:
    docs = {d.slug: d.id for d in session.exec(select(Document))}
    existing = {(e.date, e.kind, e.title): e for e in session.exec(select(ProcessEvent))}
    negotiation_id = negotiations.get(process.negotiation or "")
    kept = set()
    for ev in process.events:
        key = (ev.date, ev.kind.value, ev.title)
        kept.add(key)
        row = upsert(session, report, "event", existing.get(key), ProcessEvent, {
            "date": ev.date, "kind": ev.kind.value, "title": ev.title, "source_file": ev.source.file,
            "source_first": ev.source.lines[0], "source_last": ev.source.lines[1],
            "negotiation_id": negotiation_id})
        session.flush()
        links = session.exec(select(ProcessEventDocument).where(ProcessEventDocument.event_id == row.id))
        sync_links(session, report, "event doc", {link.document_id: link for link in links},
                   {docs[slug]: {"event_id": row.id, "document_id": docs[slug]} for slug in ev.documents},
                   ProcessEventDocument)
    retire(session, report, "event", [e for key, e in existing.items()
                                      if key not in kept and e.negotiation_id in (None, negotiation_id)])
