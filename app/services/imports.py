"""A delegation's Word file in a round: previewed as the inputs it would make, then created.

The formats package reads the bytes (pure, untrusted input); this module checks who may upload
(as a submission: a delegation member for their delegation, a facilitator for any delegation of
their negotiation), gives the reader the round's base draft, and creates the inputs through the
submissions service, all in one transaction. Refusals of the file become the domain errors the
API answers with: 415 not a Word file, 413 too large or a zip bomb, 422 unsafe or unreadable.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlmodel import Session, select

from app.auth.policy import Viewer, require_facilitator, require_input_writer, require_role
from app.config import Settings
from app.errors import BadInput, NotFound, PayloadTooLarge, UnsupportedFile
from app.formats.proposals import BaseParagraph, ImportResult, Proposal, Unmatched, read_proposals
from app.formats.upload import FormatError, Limits, NotADocx, TooLarge
from app.models import Amendment, AmendmentRevision, Delegation, Paragraph, Round
from app.services import rounds, submissions

T = TypeVar("T")


def limits(settings: Settings) -> Limits:
    return Limits(max_bytes=settings.max_upload_bytes, max_unpacked=settings.max_upload_unpacked)


def refusing(read: Callable[[], T]) -> T:
    """Run a formats reader, turning its refusals into the errors the API maps to 4xx."""
    try:
        return read()
    except TooLarge as exc:
        raise PayloadTooLarge(exc.reason) from exc
    except NotADocx as exc:
        raise UnsupportedFile(exc.reason) from exc
    except FormatError as exc:
        raise BadInput(exc.reason) from exc


def base_paragraphs(session: Session, document_id: int) -> list[BaseParagraph]:
    rows = session.exec(select(Paragraph.label, Paragraph.text).where(Paragraph.document_id == document_id)
                        .order_by(Paragraph.order)).all()
    return [BaseParagraph(label, text) for label, text in rows]


@dataclass
class Upload:
    round: Round
    delegation: str
    result: ImportResult
    repeats: list[str] = field(default_factory=list)  # keys of inputs the file repeats word for word


def _uploader(session: Session, viewer: Viewer, r: Round, delegation: str | None) -> str:
    """The delegation the file speaks for: the member's own, or the one a facilitator names."""
    require_role(viewer, ("delegation", "facilitator"), "upload a delegation's file")
    if viewer.role == "facilitator":
        require_facilitator(viewer, r.negotiation_id, "upload files in this round")
        if not delegation:
            raise BadInput("say which delegation the file is from ('delegation')")
    else:
        delegation = delegation or viewer.delegation
    d = session.exec(select(Delegation).where(Delegation.slug == delegation)).first()
    if d is None:
        raise NotFound("delegation", delegation or "")
    require_input_writer(viewer, d.id, r.negotiation_id)
    return d.slug


def preview_docx(session: Session, *, viewer: Viewer, round_slug: str, data: bytes, settings: Settings,
                 delegation: str | None = None) -> Upload:
    """What the file proposes on the round's base draft; nothing is written."""
    r = rounds.get_row(session, round_slug)
    who = _uploader(session, viewer, r, delegation)
    paragraphs = base_paragraphs(session, r.base_id)
    result = refusing(lambda: read_proposals(data, paragraphs, limits(settings)))
    fresh, repeats = _split_repeats(session, r, who, result.inputs)
    result.unmatched += [Unmatched(0, p.kind, p.label, p.text, f"already submitted, word for word, as {key}")
                         for p, key in repeats]
    return Upload(r, who, ImportResult(fresh, result.unmatched), [key for _p, key in repeats])


def _same(label: str, kind: str, text: str | None, rationale: str | None, new_label: str | None) -> tuple[str, ...]:
    return (label, kind, " ".join((text or "").split()), " ".join((rationale or "").split()), new_label or "")


def _split_repeats(session: Session, r: Round, delegation: str, proposals: list[Proposal]
                   ) -> tuple[list[Proposal], list[tuple[Proposal, str]]]:
    """The proposals the delegation does not have yet, and those it has word for word (with the key).

    A file uploaded twice (a retry after a timeout, "Create" pressed twice) must not double the
    delegation's inputs.
    """
    rows = session.exec(
        select(Amendment.key, Paragraph.label, Amendment.kind, AmendmentRevision.text,
               AmendmentRevision.rationale, Amendment.new_label)
        .join(AmendmentRevision, AmendmentRevision.amendment_id == Amendment.id)
        .join(Paragraph, Paragraph.id == Amendment.target_paragraph_id)
        .join(Delegation, Delegation.id == Amendment.delegation_id)
        .where(Amendment.compilation_id == r.compilation_id, Delegation.slug == delegation,
               Amendment.status == "active", AmendmentRevision.is_current)).all()
    have = {_same(label, kind or "", text, why, new): key for key, label, kind, text, why, new in rows}
    fresh: list[Proposal] = []
    repeats: list[tuple[Proposal, str]] = []
    for p in proposals:
        key = have.get(_same(p.label, p.kind, p.text, p.rationale, p.new_label))
        if key is None:
            fresh.append(p)
        else:
            repeats.append((p, key))
    return fresh, repeats


def import_docx(session: Session, *, viewer: Viewer, round_slug: str, data: bytes, settings: Settings,
                delegation: str | None = None, late_note: str | None = None
                ) -> tuple[Upload, list[submissions.Written]]:
    """The file's inputs created in the round, all in one transaction (or none, with the reason)."""
    upload = preview_docx(session, viewer=viewer, round_slug=round_slug, data=data, settings=settings,
                          delegation=delegation)
    if not upload.result.inputs:
        if upload.repeats:
            others = len(upload.result.unmatched) - len(upload.repeats)
            raise BadInput(f"nothing to create: already submitted, word for word ({', '.join(upload.repeats)})"
                           + (f"; {others} other changes match no paragraph of the draft (preview the file to see "
                              f"why)" if others else ""))
        raise BadInput(f"nothing to create: none of the file's changes matched a paragraph of the draft "
                       f"({len(upload.result.unmatched)} listed as unmatched; preview the file to see why)")
    return upload, _submit(session, viewer, round_slug, upload.result.inputs, upload.delegation, late_note)


def create(session: Session, *, viewer: Viewer, round_slug: str, proposals: list[Proposal],
           delegation: str | None = None, late_note: str | None = None) -> list[submissions.Written]:
    """Previewed inputs (carried back by the upload page) created through the submissions service.

    Inputs the delegation already has word for word ("Create" pressed twice) are not made again;
    if that leaves nothing, the answer says so.
    """
    r = rounds.get_row(session, round_slug)
    fresh, repeats = _split_repeats(session, r, delegation or viewer.delegation or "", proposals)
    if not fresh:
        raise BadInput(f"nothing to create: every input of the file is already submitted "
                       f"({'; '.join(key for _p, key in repeats)})")
    return _submit(session, viewer, round_slug, fresh, delegation, late_note)


def _submit(session: Session, viewer: Viewer, round_slug: str, proposals: list[Proposal], delegation: str | None,
            late_note: str | None) -> list[submissions.Written]:
    """The inputs written by the submissions service (its checks apply to each), all or none."""
    drafts = [submissions.InputDraft(label=p.label, kind=p.kind, text=p.text, rationale=p.rationale,
                                     new_label=p.new_label) for p in proposals]
    return submissions.submit_many(session, viewer=viewer, round_slug=round_slug, drafts=drafts,
                                   delegation=delegation, late_note=late_note)


def proposals_from_json(raw: str) -> list[Proposal]:
    """The inputs a preview page carried back to be created; malformed ones are refused whole."""
    import json

    try:
        items = json.loads(raw)
        if not isinstance(items, list) or not items:
            raise ValueError("no inputs")
        out = []
        for item in items:
            fields = {k: item.get(k) for k in ("label", "kind", "text", "resolved_text", "rationale", "new_label")}
            if not all(isinstance(v, str) or v is None for v in fields.values()) or not fields["label"] or not fields["kind"]:
                raise ValueError("an input without its label or kind")
            out.append(Proposal(fields["label"], fields["kind"], fields["text"] or "", fields["resolved_text"],
                                fields["rationale"], fields["new_label"]))
        return out
    except (ValueError, AttributeError, TypeError) as exc:
        raise BadInput("the previewed inputs came back damaged: upload the file again") from exc
