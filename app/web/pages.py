"""HTML pages; each renders the same service result its JSON twin returns."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep
from app.services import documents

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> HTMLResponse:
    docs = documents.list_documents(session=session)
    return request.app.state.templates.TemplateResponse(request, "home.html", {"documents": docs})
