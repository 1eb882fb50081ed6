"""Uploads: a delegation's Word file previewed as the inputs it would make; a new document previewed
in the drafts/ format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile

from app.deps import SessionDep
from app.errors import BadInput, PayloadTooLarge
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


@router.post("/api/documents/{slug}/import-docx")
def preview_docx(slug: str, request: Request, session: SessionDep, file: UploadFile = File(...),
                 preview: bool = True) -> dict[str, Any]:
    """What a delegation's Word file (tracked changes, comments) proposes on the draft `slug`:
    `{"inputs": [...], "unmatched": [...]}`. Nothing is written; inputs are created in a round."""
    if not preview:
        raise BadInput("this endpoint only previews: inputs are created through a round's import")
    data = read_upload(request, file)
    return imports.preview_docx(session, base=slug, data=data, settings=request.app.state.settings).public()


@router.post("/api/documents/import")
def preview_new_document(request: Request, file: UploadFile = File(...), slug: str = Form(..., max_length=120),
                         kind: str = Form(..., max_length=20), date: dt.date = Form(...),
                         title: str | None = Form(None, max_length=500), issued_by: str | None = Form(None, max_length=500),
                         follows: str | None = Form(None, max_length=120)) -> dict[str, Any]:
    """A new document (.txt, .md, .docx) as `stemma import` would add it: sections, labelled paragraphs,
    inferred lineage, and the drafts/ file with its source text. Nothing is written."""
    data = read_upload(request, file)
    return newdocs.preview(request.app.state.settings, name=file.filename or "upload.txt", data=data, slug=slug,
                           kind=kind, date=date, title=title, issued_by=issued_by, follows=follows).public()
