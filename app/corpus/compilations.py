"""Loading a compilation's round and inputs, and the paragraphs' `reflects` marks.

A record compilation's inputs are synced with the files: a changed proposal becomes a new
revision, an input taken out of its file is retired. An exported service compilation is
created with every revision it carries when missing and never touched when present.
"""

from __future__ import annotations

from sqlmodel import Session, select

from app.corpus.catalog import CompilationDir
from app.corpus.reader import CorpusError
from app.corpus.schema import DelegationFileIn, DocumentIn, InputIn, RecordOrigin, RevisionIn, RoundState
from app.corpus.sync import LoadReport, retire, sync_links, upsert
from app.models import (
    Amendment,
    AmendmentRevision,
    Delegation,
    Document,
    Paragraph,
    Reflection,
    Round,
    utcnow,
)

SERVICE = RecordOrigin.service.value


def input_key(compilation: str, input_id: str) -> str:
    """The stored key of an input: unique across compilations, stable across loads and exports."""
    return f"{compilation}/{input_id}"


def load(session: Session, comp: CompilationDir, comp_id: int, negotiations: dict[str, int],
         report: LoadReport) -> None:
    """The round, then every delegation file's inputs. What the files share (the compilation's id,
    its base's paragraph ids, the delegation ids) is looked up once, not per file."""
    _load_round(session, comp.doc, comp_id, negotiations, report)
    session.flush()
    labels = {label: pid for label, pid in session.exec(
        select(Paragraph.label, Paragraph.id).join(Document).where(Document.slug == (comp.doc.base or "")))}
    delegations = {slug: did for slug, did in session.exec(select(Delegation.slug, Delegation.id))}
    seen: set[str] = set()
    for f in comp.files:
        seen |= _load_inputs(session, comp.doc, comp_id, labels, delegations, f.data, report)
    if comp.doc.origin == RecordOrigin.record:
        gone = session.exec(select(Amendment).where(Amendment.compilation_id == comp_id, Amendment.origin != SERVICE,
                                                    Amendment.retired_at.is_(None), Amendment.key.not_in(seen)))
        retire(session, report, "amendment", gone)


def _load_round(session: Session, doc: DocumentIn, comp_id: int, negotiations: dict[str, int],
                report: LoadReport) -> None:
    """Every compilation is the document of a round; the record's rounds are published."""
    row = session.exec(select(Round).where(Round.compilation_id == comp_id)).first()
    if row is not None and row.origin == SERVICE:
        report.add("round", "unchanged")
        return
    r = doc.round
    state = r.state if r else RoundState.published
    base_id = session.exec(select(Document.id).where(Document.slug == doc.base)).first()
    upsert(session, report, "round", row, Round, {
        "slug": doc.slug, "title": (r.title if r and r.title else doc.title), "compilation_id": comp_id,
        "negotiation_id": negotiations.get(doc.negotiation or ""), "base_id": base_id,
        "deadline": r.deadline if r else None, "state": state.value, "origin": doc.origin.value})


def _load_inputs(session: Session, comp: DocumentIn, comp_id: int, labels: dict[str, int],
                 delegations: dict[str, int], data: DelegationFileIn, report: LoadReport) -> set[str]:
    """Returns the keys of the inputs in this file."""
    keys = [input_key(comp.slug, i.id) for i in data.inputs]
    existing = {a.key: a for a in session.exec(select(Amendment).where(Amendment.key.in_(keys)))}
    current = {r.amendment_id: r for r in session.exec(
        select(AmendmentRevision).where(AmendmentRevision.is_current,
                                        AmendmentRevision.amendment_id.in_([a.id for a in existing.values()])))}
    for order, (key, inp) in enumerate(zip(keys, data.inputs)):
        row = existing.get(key)
        if row is not None and row.origin == SERVICE:
            if comp.origin != RecordOrigin.service:
                raise CorpusError(comp.slug, None, f"input '{key}' was written through the service; "
                                                   "the files cannot overwrite it")
            report.add("amendment", "unchanged")
            continue
        values = {
            "key": key, "compilation_id": comp_id, "delegation_id": delegations[data.delegation],
            "target_paragraph_id": labels[inp.target], "new_label": inp.new_label,
            "kind": inp.kind.value, "stance": inp.stance.value if inp.stance else None, "order": order,
            "probable_delegation_id": delegations.get(inp.probable_delegation or ""),
            "origin": comp.origin.value, "status": inp.status.value}
        if inp.created_at:
            values["created_at"] = inp.created_at
        row = upsert(session, report, "amendment", row, Amendment, values)
        session.flush()
        if comp.origin == RecordOrigin.service:
            _create_history(session, row, inp, report)
        else:
            _revise(session, row, current.get(row.id), inp, report)
    return set(keys)


def _revise(session: Session, amendment: Amendment, current: AmendmentRevision | None, inp: InputIn,
            report: LoadReport) -> None:
    """Add a revision when the proposal differs from the current one; never edit one in place."""
    values = {"text": inp.text, "rationale": inp.rationale, "text_quality": inp.quality.value,
              "curation": list(inp.curation), "source_first": inp.source[0] if inp.source else None,
              "source_last": inp.source[1] if inp.source else None}
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


def _create_history(session: Session, amendment: Amendment, inp: InputIn, report: LoadReport) -> None:
    """An exported service input: its earlier revisions as the file lists them, then the current one."""
    last = RevisionIn(number=len(inp.history) + 1, kind=inp.kind, stance=inp.stance, new_label=inp.new_label,
                      text=inp.text, rationale=inp.rationale, author=inp.author, created_at=inp.created_at,
                      late_note=inp.late_note)
    revisions = sorted(inp.history, key=lambda r: r.number) + [last]
    for i, r in enumerate(revisions):
        session.add(AmendmentRevision(
            amendment_id=amendment.id, number=r.number, is_current=i == len(revisions) - 1, text=r.text,
            rationale=r.rationale, kind=r.kind.value, stance=r.stance.value if r.stance else None,
            new_label=r.new_label, author=r.author, late_note=r.late_note, created_at=r.created_at or utcnow(),
            text_quality=inp.quality.value, curation=list(inp.curation)))
        session.flush()
        report.add("revision", "created")


def load_reflections(session: Session, docs: list[DocumentIn], report: LoadReport) -> None:
    """The `reflects` marks of the paragraphs this load wrote: which input each paragraph takes up."""
    if not docs:
        return
    keys = {ref for d in docs for p in d.paragraphs for ref in p.reflects}
    amendments = {k: i for k, i in session.exec(select(Amendment.key, Amendment.id).where(Amendment.key.in_(keys)))}
    for doc in docs:
        paragraphs = {label: pid for label, pid in session.exec(
            select(Paragraph.label, Paragraph.id).join(Document).where(Document.slug == doc.slug))}
        existing = session.exec(select(Reflection).where(Reflection.paragraph_id.in_(list(paragraphs.values()))))
        origin = "curated" if doc.origin == RecordOrigin.record else "declared"
        wanted = {(paragraphs[p.label], amendments[ref]): {"paragraph_id": paragraphs[p.label],
                                                           "amendment_id": amendments[ref], "origin": origin}
                  for p in doc.paragraphs for ref in p.reflects}
        sync_links(session, report, "reflection", {(r.paragraph_id, r.amendment_id): r for r in existing},
                   wanted, Reflection)
