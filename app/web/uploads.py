"""HTML: the upload pages, each showing its preview before anything happens.

- /rounds/{slug}/import-docx: a delegation's Word file with tracked changes, previewed as the
  inputs it makes on the round's draft; "Create" submits them (one transaction) from the
  preview form, so the file is not uploaded twice.
- /documents/import: a new document (a later draft, a precedent) previewed in the drafts/ format,
  for facilitators; the two files to commit are offered for download (nothing is written).
Every form carries the session's CSRF token. Registered before the document pages, whose
/documents/{slug}/{label} would match /documents/import.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.api.imports import read_upload
from app.auth.policy import require_role
from app.corpus.adding import KINDS
from app.deps import SessionDep
from app.api.errors import status_of
from app.errors import BadInput, StemmaError
from app.services import delegations, documents, imports, newdocs, rounds
from app.web import forms
from app.web.pages import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(forms.remember_viewer)])


def _sign_in_first(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/login?next={quote(str(request.url.path))}", status_code=303)


# --- a delegation's Word file in a round ------------------------------------------------------

def _docx_page(request: Request, session: SessionDep, slug: str, status: int = 200, **context: object) -> HTMLResponse:
    r = rounds.get(session, viewer=request.state.viewer, slug=slug)
    context.setdefault("result", None)
    context.setdefault("error", None)
    context.setdefault("form", {})
    return render(request, "import_docx.html", status=status, r=r,
                  delegations=[(d.slug, d.name) for d in delegations.list_delegations(session=session)], **context)


@router.get("/rounds/{slug}/import-docx", response_class=HTMLResponse)
def docx_form(request: Request, slug: str, session: SessionDep) -> Response:
    if not request.state.viewer.signed_in:
        return _sign_in_first(request)
    return _docx_page(request, session, slug)


@router.post("/rounds/{slug}/import-docx", response_class=HTMLResponse)
def docx_upload(request: Request, slug: str, session: SessionDep, file: UploadFile | None = File(None),
                previewed: str = Form("", max_length=900_000), filename: str = Form("", max_length=300),
                delegation: str = Form("", max_length=60), late_note: str = Form("", max_length=2_000),
                action: str = Form("preview", max_length=20), csrf_token: str = Form("", max_length=200)) -> Response:
    """Preview an uploaded file; "create" submits the inputs the preview showed (carried back in the
    form, and checked again by the submissions service as any submission is)."""
    viewer = forms.viewer_of(request, session)
    if not viewer.signed_in:
        return _sign_in_first(request)
    name = file.filename if file is not None and file.filename else filename
    form = {"delegation": delegation, "late_note": late_note}
    try:
        forms.check(viewer, csrf_token)
        if action == "create":
            written = imports.create(session, viewer=viewer, round_slug=slug,
                                     proposals=imports.proposals_from_json(previewed),
                                     delegation=delegation or None, late_note=late_note or None)
            return _docx_page(request, session, slug, status=201, created=written, filename=name, form=form)
        if file is None or not file.filename:
            raise BadInput("choose the Word file to upload")
        upload = imports.preview_docx(session, viewer=viewer, round_slug=slug, data=read_upload(request, file),
                                      delegation=delegation or None, settings=request.app.state.settings)
    except StemmaError as exc:  # the form again, with the reason, rather than a bare error page
        session.rollback()
        return _docx_page(request, session, slug, status=status_of(exc), error=exc.message, form=form, filename=name)
    return _docx_page(request, session, slug, result=upload.result, filename=name, form=form,
                      previewed=json.dumps(upload.result.public()["inputs"], ensure_ascii=False),
                      for_delegation=upload.delegation)


# --- a new document ---------------------------------------------------------------------------

def _facilitator(request: Request, session: SessionDep) -> Response | None:
    viewer = forms.viewer_of(request, session)
    if not viewer.signed_in:
        return _sign_in_first(request)
    require_role(viewer, ("facilitator",), "add documents")
    return None


@router.get("/documents/import", response_class=HTMLResponse)
def new_document_form(request: Request, session: SessionDep) -> Response:
    redirect = _facilitator(request, session)
    if redirect is not None:
        return redirect
    return render(request, "import_document.html", kinds=KINDS,
                  documents=documents.list_documents(session=session, viewer=request.state.viewer),
                  form={}, preview=None, error=None)


@router.post("/documents/import", response_class=HTMLResponse)
def new_document_preview(request: Request, session: SessionDep, file: UploadFile = File(...),
                         slug: str = Form(..., max_length=120), kind: str = Form(..., max_length=20),
                         date: dt.date = Form(...), title: str = Form("", max_length=500),
                         issued_by: str = Form("", max_length=500), follows: str = Form("", max_length=120),
                         csrf_token: str = Form("", max_length=200)) -> Response:
    redirect = _facilitator(request, session)
    if redirect is not None:
        return redirect
    forms.check(request.state.viewer, csrf_token)
    form = {"slug": slug, "kind": kind, "date": date.isoformat(), "title": title, "issued_by": issued_by,
            "follows": follows}
    context = dict(kinds=KINDS, documents=documents.list_documents(session=session, viewer=request.state.viewer),
                   form=form)
    try:
        preview = newdocs.preview(request.app.state.settings, name=file.filename or "upload.txt",
                                  data=read_upload(request, file), slug=slug, kind=kind, date=date, title=title,
                                  issued_by=issued_by, follows=follows)
    except StemmaError as exc:
        return render(request, "import_document.html", status=status_of(exc), preview=None, error=exc.message, **context)
    return render(request, "import_document.html", preview=preview, error=None, **context)
