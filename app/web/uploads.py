"""HTML: the upload pages, each with its preview (nothing is written from here).

- /documents/import: a new document (a later draft, a precedent) as `stemma import` would add it.
- /documents/{slug}/import-docx: a delegation's Word file with tracked changes, as the inputs it
  would make on that draft (the round's import creates them, once rounds exist).
Registered before the document pages, whose /documents/{slug}/{label} would otherwise match.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse

from app.api.imports import read_upload
from app.corpus.adding import KINDS
from app.deps import SessionDep
from app.errors import StemmaError
from app.services import documents, imports, newdocs

router = APIRouter(include_in_schema=False)


def _render(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


@router.get("/documents/import", response_class=HTMLResponse)
def new_document_form(request: Request, session: SessionDep) -> HTMLResponse:
    return _render(request, "import_document.html", kinds=KINDS, documents=documents.list_documents(session=session),
                   form={}, preview=None, error=None)


@router.post("/documents/import", response_class=HTMLResponse)
def new_document_preview(request: Request, session: SessionDep, file: UploadFile = File(...),
                         slug: str = Form(..., max_length=120), kind: str = Form(..., max_length=20),
                         date: dt.date = Form(...), title: str = Form("", max_length=500),
                         issued_by: str = Form("", max_length=500), follows: str = Form("", max_length=120)
                         ) -> HTMLResponse:
    form = {"slug": slug, "kind": kind, "date": date.isoformat(), "title": title, "issued_by": issued_by,
            "follows": follows}
    context = dict(kinds=KINDS, documents=documents.list_documents(session=session), form=form)
    try:
        preview = newdocs.preview(request.app.state.settings, name=file.filename or "upload.txt",
                                  data=read_upload(request, file), slug=slug, kind=kind, date=date, title=title,
                                  issued_by=issued_by, follows=follows)
    except StemmaError as exc:  # the form again, with the reason, rather than a bare error page
        return _render(request, "import_document.html", exc.status, preview=None, error=exc.message, **context)
    return _render(request, "import_document.html", preview=preview, error=None, **context)


@router.get("/documents/{slug}/import-docx", response_class=HTMLResponse)
def docx_form(request: Request, slug: str, session: SessionDep) -> HTMLResponse:
    return _render(request, "import_docx.html", doc=documents.get_document(session=session, slug=slug),
                   result=None, error=None, filename=None)


@router.post("/documents/{slug}/import-docx", response_class=HTMLResponse)
def docx_preview(request: Request, slug: str, session: SessionDep, file: UploadFile = File(...)) -> HTMLResponse:
    doc = documents.get_document(session=session, slug=slug)
    try:
        result = imports.preview_docx(session, base=slug, data=read_upload(request, file),
                                      settings=request.app.state.settings)
    except StemmaError as exc:
        return _render(request, "import_docx.html", exc.status, doc=doc, result=None, error=exc.message,
                       filename=file.filename)
    return _render(request, "import_docx.html", doc=doc, result=result, error=None, filename=file.filename)
