"""Writing a validated corpus into the database, in one transaction, idempotently.

Records are matched on their natural keys (document slug, paragraph label, amendment
id), so loading twice changes nothing, and a changed proposal in a file becomes a new
revision of its amendment rather than an overwrite. Any error rolls everything back.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from sqlmodel import Session, select

from app.corpus.catalog import CompilationDir, Corpus
from app.corpus.derived import rebuild_index
from app.corpus.reader import CorpusError
from app import generation
from app.corpus.schema import DelegationFileIn, DelegationIn, DocumentIn, InputIn, ProcessFileIn
from app.models import (
    Amendment,
    AmendmentRevision,
    Delegation,
    DelegationAlias,
    DelegationMember,
    Document,
    LineageLink,
    Paragraph,
    ProcessEvent,
    ProcessEventDocument,
    SearchEntry,
    Section,
)

Progress = Callable[[str, int, int], None]


@dataclass
class LoadReport:
    """What a load did, per kind of record: created, updated, unchanged, removed."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts.setdefault(kind, {"created": 0, "updated": 0, "unchanged": 0, "removed": 0})[outcome] += n

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] or c["removed"] for c in self.counts.values())


def _apply(obj: object, values: dict[str, object]) -> bool:
    """Set attributes that differ; True if anything changed."""
    changed = False
    for k, v in values.items():
        if getattr(obj, k) != v:
            setattr(obj, k, v)
            changed = True
    return changed


def _upsert(session: Session, report: LoadReport, kind: str, obj: object | None, new: Callable[[], object],
            values: dict[str, object]) -> object:
    if obj is None:
        obj = new()
        _apply(obj, values)
        session.add(obj)
        report.add(kind, "created")
    elif _apply(obj, values):
        session.add(obj)
        report.add(kind, "updated")
    else:
        report.add(kind, "unchanged")
    return obj


def _sync_links(session: Session, report: LoadReport, kind: str, existing: dict[Hashable, object],
                wanted: dict[Hashable, dict[str, object]], new: Callable[[], object]) -> None:
    """Make one record's link rows (aliases, members, lineage, event documents) match the files.

    These rows only say how records relate, so one no longer in the files is deleted and
    reported as removed. Inputs and their revisions are never synced this way: they are kept."""
    stale = [row for key, row in existing.items() if key not in wanted]
    for row in stale:
        session.delete(row)
    if stale:
        session.flush()  # before adding: a unique value may pass from a removed row to a new one
        report.add(kind, "removed", len(stale))
    for key, values in wanted.items():
        _upsert(session, report, kind, existing.get(key), new, values)


def load_corpus(session: Session, corpus: Corpus, progress: Progress | None = None) -> LoadReport:
    """Load everything and commit; on any error roll back and re-raise (nothing is left half-done)."""
    report = LoadReport()
    tick = progress or (lambda *_: None)
    try:
        _load_delegations(session, corpus.delegations.delegations, report)
        docs = [f.doc for f in corpus.documents]
        total = len(docs) + len(corpus.compilations)
        for i, doc in enumerate(docs, 1):
            tick(f"document {doc.slug}", i, total)
            _load_document(session, doc, report)
        session.flush()
        for doc in docs:
            _load_lineage(session, doc, report)
        for i, comp in enumerate(corpus.compilations, len(docs) + 1):
            tick(f"compilation {comp.doc.slug}", i, total)
            _load_compilation(session, comp, report)
        if corpus.process:
            _load_process(session, corpus.process, report)
        if report.changed or session.exec(select(SearchEntry.id).limit(1)).first() is None:
            tick("search index", total, total)
            rebuild_index(session)
        if report.changed:
            generation.bump(session)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def _load_delegations(session: Session, items: list[DelegationIn], report: LoadReport) -> None:
    existing = {d.slug: d for d in session.exec(select(Delegation))}
    for d in items:
        row = _upsert(session, report, "delegation", existing.get(d.slug), Delegation,
                      {"slug": d.slug, "name": d.name, "kind": d.kind.value})
        session.flush()
        assert isinstance(row, Delegation)
        aliases = session.exec(select(DelegationAlias).where(DelegationAlias.delegation_id == row.id))
        _sync_links(session, report, "alias", {a.alias: a for a in aliases},
                    {a: {"delegation_id": row.id, "alias": a} for a in d.aliases}, DelegationAlias)
        members = session.exec(select(DelegationMember).where(DelegationMember.group_id == row.id))
        _sync_links(session, report, "member", {m.name: m for m in members},
                    {n: {"group_id": row.id, "name": n} for n in d.members}, DelegationMember)


def _document_values(session: Session, doc: DocumentIn) -> dict[str, object]:
    base_id = None
    if doc.base:
        base = session.exec(select(Document).where(Document.slug == doc.base)).first()
        if base is None:
            raise CorpusError(doc.slug, None, f"base document '{doc.base}' is not loaded")
        base_id = base.id
    return {"slug": doc.slug, "title": doc.title, "kind": doc.kind.value, "date": doc.date,
            "issued_by": doc.issued_by, "base_id": base_id, "notes": doc.notes,
            "source_file": doc.source.file, "source_first": doc.source.lines[0],
            "source_last": doc.source.lines[1]}


def _load_document(session: Session, doc: DocumentIn, report: LoadReport) -> int:
    """Upsert the document with its sections and paragraphs; returns its id."""
    row = session.exec(select(Document).where(Document.slug == doc.slug)).first()
    row = _upsert(session, report, "document", row, Document, _document_values(session, doc))
    session.flush()
    assert isinstance(row, Document) and row.id is not None
    sections = {s.key: s for s in session.exec(select(Section).where(Section.document_id == row.id))}
    for order, s in enumerate(doc.sections):
        _upsert(session, report, "section", sections.get(s.key), Section,
                {"document_id": row.id, "key": s.key, "title": s.title, "order": order})
    paragraphs = {p.label: p for p in session.exec(select(Paragraph).where(Paragraph.document_id == row.id))}
    in_file = {p.label for p in doc.paragraphs}
    stale = [p for label, p in paragraphs.items() if label not in in_file]
    if stale:
        _remove_paragraphs(session, doc.slug, stale, report)
    for order, p in enumerate(doc.paragraphs):
        _upsert(session, report, "paragraph", paragraphs.get(p.label), Paragraph, {
            "document_id": row.id, "label": p.label, "section": p.section, "order": order,
            "text": p.text, "status": p.status.value, "text_quality": p.quality.value,
            "curation": list(p.curation), "source_first": p.source[0], "source_last": p.source[1]})
    session.flush()
    by_label = {p.label: p for p in session.exec(select(Paragraph).where(Paragraph.document_id == row.id))}
    for p in doc.paragraphs:
        target = by_label[p.merged_into].id if p.merged_into else None
        _apply(by_label[p.label], {"merged_into_id": target})
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
    _sync_links(session, report, "lineage",
                {(ln.from_paragraph_id, ln.to_paragraph_id, ln.relation): ln for ln in existing},
                {key: {"from_paragraph_id": key[0], "to_paragraph_id": key[1], "relation": key[2], **values}
                 for key, values in wanted.items()}, LineageLink)


def _load_compilation(session: Session, comp: CompilationDir, report: LoadReport) -> None:
    """The compilation document, then every delegation file's inputs. What the files share (the
    compilation's id, its base's paragraph ids, the delegation ids) is looked up once, not per file."""
    comp_id = _load_document(session, comp.doc, report)
    session.flush()
    labels = _paragraph_ids(session, comp.doc.base or "")
    delegations = {slug: did for slug, did in session.exec(select(Delegation.slug, Delegation.id))}
    for f in comp.files:
        _load_inputs(session, comp.doc.slug, comp_id, labels, delegations, f.data, report)


def _load_inputs(session: Session, compilation: str, comp_id: int, labels: dict[str, int],
                 delegations: dict[str, int | None], data: DelegationFileIn, report: LoadReport) -> None:
    inputs = data.inputs
    keys = [f"{compilation}/{i.id}" for i in inputs]
    existing = {a.key: a for a in session.exec(select(Amendment).where(Amendment.key.in_(keys)))}
    current = {r.amendment_id: r for r in session.exec(
        select(AmendmentRevision).where(AmendmentRevision.is_current,
                                        AmendmentRevision.amendment_id.in_([a.id for a in existing.values()])))}
    for order, (key, inp) in enumerate(zip(keys, inputs)):
        row = _upsert(session, report, "amendment", existing.get(key), Amendment, {
            "key": key, "compilation_id": comp_id, "delegation_id": delegations[data.delegation],
            "target_paragraph_id": labels[inp.target], "new_label": inp.new_label,
            "kind": inp.kind.value, "stance": inp.stance.value if inp.stance else None, "order": order,
            "probable_delegation_id": delegations.get(inp.probable_delegation or "")})
        session.flush()
        assert isinstance(row, Amendment)
        _revise(session, row, current.get(row.id), inp, report)  # type: ignore[arg-type]


def _revise(session: Session, amendment: Amendment, current: AmendmentRevision | None, inp: InputIn,
            report: LoadReport) -> None:
    """Add a revision when the proposal differs from the current one; never edit one in place."""
    values = {"text": inp.text, "rationale": inp.rationale, "text_quality": inp.quality.value,
              "curation": list(inp.curation), "source_first": inp.source[0], "source_last": inp.source[1]}
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        report.add("revision", "unchanged")
        return
    number = 1
    if current is not None:
        current.is_current = False
        session.add(current)
        session.flush()
        number = current.number + 1
    session.add(AmendmentRevision(amendment_id=amendment.id, number=number, is_current=True, **values))
    report.add("revision", "created")


def _load_process(session: Session, process: ProcessFileIn, report: LoadReport) -> None:
    docs = {d.slug: d.id for d in session.exec(select(Document))}
    existing = {(e.date, e.kind, e.title): e for e in session.exec(select(ProcessEvent))}
    for ev in process.events:
        row = _upsert(session, report, "event", existing.get((ev.date, ev.kind.value, ev.title)), ProcessEvent, {
            "date": ev.date, "kind": ev.kind.value, "title": ev.title, "source_file": ev.source.file,
            "source_first": ev.source.lines[0], "source_last": ev.source.lines[1]})
        session.flush()
        assert isinstance(row, ProcessEvent)
        links = session.exec(select(ProcessEventDocument).where(ProcessEventDocument.event_id == row.id))
        _sync_links(session, report, "event doc", {link.document_id: link for link in links},
                    {docs[slug]: {"event_id": row.id, "document_id": docs[slug]} for slug in ev.documents},
                    ProcessEventDocument)
