"""Uploads: a delegation's Word file in a round (previewed, then its inputs created), and a new
document previewed in the drafts/ format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, File, Form, Request, Response, UploadFile

from app.auth.policy import require_role
from app.deps import SessionDep, ViewerDep
from app.errors import PayloadTooLarge
from app.services import imports, newdocs

router = APIRouter(tags=["imports"])


def read_upload(request: Request, file: UploadFile) -> bytes:
    """The uploaded bytes, never more than the limit (a larger file is refused, not truncated)."""
    limit = request.app.state.settings.max_upload_bytes
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + 1024 * 1024:  # multipart framing aside
        raise PayloadTooLarge(f"the upload is over the limit of {limit // (1024 * 1024)} MiB")
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLarge(f"the file is over the limit of {limit // (1024 * 1024)} MiB")
    return data


@router.post("/api/rounds/{slug}/import-docx", responses={201: {"description": "the inputs were created"}})
def import_docx(slug: str, request: Request, response: Response, session: SessionDep, viewer: ViewerDep,
                file: UploadFile = File(..., description="the delegation's .docx, with tracked changes"),
                delegation: str | None = Form(None, max_length=60, description="a facilitator uploading for a delegation"),
                late_note: str | None = Form(None, max_length=2_000, description="a facilitator accepting a late file"),
                preview: bool = False) -> dict[str, Any]:
    """A delegation's Word file (tracked changes, comments as rationale) as inputs of the round: one per
    changed paragraph, matched to the base draft by number and words. `?preview=true` answers 200
    `{"inputs": [...], "unmatched": [...]}` and writes nothing; without it the inputs are created in
    one transaction and the answer is 201 with their ids. Unmatched changes are listed, never created."""
    data = read_upload(request, file)
    delegation = delegation or request.query_params.get("delegation")
    if preview:
        return imports.preview_docx(session, viewer=viewer, round_slug=slug, data=data, delegation=delegation,
                                    settings=request.app.state.settings).result.public()
    upload, written = imports.import_docx(session, viewer=viewer, round_slug=slug, data=data, delegation=delegation,
                                          late_note=late_note, settings=request.app.state.settings)
    response.status_code = 201
    return {"ids": [w.amendment.id for w in written], "inputs": [w.public() for w in written],
            "unmatched": upload.result.public()["unmatched"]}


@router.post("/api/documents/import")
def preview_new_document(request: Request, viewer: ViewerDep, file: UploadFile = File(...),
                         slug: str = Form(..., max_length=120), kind: str = Form(..., max_length=20),
                         date: dt.date = Form(...), title: str | None = Form(None, max_length=500),
                         issued_by: str | None = Form(None, max_length=500),
                         follows: str | None = Form(None, max_length=120)) -> dict[str, Any]:
    """A new document (.txt, .md, .docx) as `stemma import` would add it: sections, labelled paragraphs,
    inferred lineage, and the drafts/ file with its source text (facilitators). Nothing is written."""
    require_role(viewer, ("facilitator",), "add documents")
    data = read_upload(request, file)
    return newdocs.preview(request.app.state.settings, name=file.filename or "upload.txt", data=data, slug=slug,
                           kind=kind, date=date, title=title, issued_by=issued_by, follows=follows).public()
