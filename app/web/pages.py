"""HTML pages; each renders the same service result its JSON twin returns.

Routes only parse the request, call one service and pick a template.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.api.pagination import MAX_PAGE
from app.auth.policy import ANONYMOUS
from app.deps import SessionDep
from app.services import compare as compare_service
from app.services import compilation as compilation_service
from app.services import contention as contention_service
from app.services import delegations, documents, negotiations, rounds, sources
from app.services import search as search_service
from app.services.paragraphs import paragraph_detail
from app.web import charts, forms

router = APIRouter(include_in_schema=False, dependencies=[Depends(forms.remember_viewer)])


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page, with who is signed in (for the navigation and the forms' CSRF token)."""
    viewer = getattr(request.state, "viewer", ANONYMOUS)
    return request.app.state.templates.TemplateResponse(request, template, {"viewer": viewer, **context},
                                                        status_code=status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep) -> HTMLResponse:
    viewer = request.state.viewer
    ref = contention_service.pick_round(session, None, viewer=viewer)
    return render(request, "home.html", documents=documents.list_documents(session=session, viewer=viewer),
                  negotiations=negotiations.list_negotiations(session), contention_round=ref,
                  contention=contention_service.paragraph_contention(session=session, round=ref, viewer=viewer)[:8],
                  delegations=delegations.list_delegations(session=session))


@router.get("/documents/{slug}", response_class=HTMLResponse)
def document(request: Request, slug: str, session: SessionDep) -> HTMLResponse:
    doc = documents.get_document(session=session, slug=slug, viewer=request.state.viewer)
    if doc.kind == "compilation":  # a compilation's text is its inputs: show the comment table
        return RedirectResponse(f"/compilations/{quote(slug)}", status_code=303)  # type: ignore[return-value]
    heat = contention_service.input_counts(session=session, slug=slug, viewer=request.state.viewer)
    return render(request, "document.html", doc=doc, heat=heat, max_heat=max(heat.values(), default=1))


@router.get("/documents/{slug}/{label}", response_class=HTMLResponse)
def paragraph(request: Request, slug: str, label: str, session: SessionDep) -> HTMLResponse:
    return render(request, "paragraph.html", d=paragraph_detail(session=session, slug=slug, label=label))


@router.get("/compare/{old}/{new}", response_class=HTMLResponse)
def compare(request: Request, old: str, new: str, session: SessionDep, view: str = "side",
            changed_only: bool = False, section: str | None = None) -> HTMLResponse:
    c = compare_service.compare(session, old, new)
    return render(request, "compare.html", c=c, pairs=c.filtered(changed_only, section),
                  view="inline" if view == "inline" else "side",
                  changed_only=changed_only, section=section)


@router.get("/delegations", response_class=HTMLResponse)
def delegation_list(request: Request, session: SessionDep) -> HTMLResponse:
    return render(request, "delegations.html", delegations=delegations.list_delegations(session=session))


@router.get("/delegations/{slug}", response_class=HTMLResponse)
def delegation(request: Request, slug: str, session: SessionDep) -> HTMLResponse:
    return render(request, "delegation.html", p=delegations.positions(session=session, slug=slug),
                  others=delegations.delegation_names(session=session))


@router.get("/delegations/{a}/vs")
def versus_form(a: str, other: str) -> RedirectResponse:
    """The delegation page's "compare with" form, without JavaScript."""
    return RedirectResponse(f"/delegations/{quote(a)}/vs/{quote(other)}", status_code=303)


@router.get("/delegations/{a}/vs/{b}", response_class=HTMLResponse)
def versus(request: Request, a: str, b: str, session: SessionDep) -> HTMLResponse:
    return render(request, "versus.html", v=delegations.versus(session=session, a=a, b=b))


@router.get("/compilations/{slug}", response_class=HTMLResponse)
def compilation(request: Request, slug: str, session: SessionDep, section: str | None = None,
                delegation: str | None = None, kind: str | None = None, label: str | None = None) -> HTMLResponse:
    comp = compilation_service.compilation(session=session, slug=slug, section=section or None,
                                           delegation=delegation or None, kind=kind or None, label=label or None,
                                           viewer=request.state.viewer)
    return render(request, "compilation.html", comp=comp)


@router.get("/contention", response_class=HTMLResponse)
def contention(request: Request, session: SessionDep, round: str | None = None) -> HTMLResponse:
    viewer = request.state.viewer
    ref = contention_service.pick_round(session, round or None, viewer=viewer)
    ranking = contention_service.paragraph_contention(session=session, round=ref, viewer=viewer)
    return render(request, "contention.html", ranking=ranking, chart=charts.contention_bars(ranking[:25]),
                  round=ref, rounds=rounds.list_rounds(session))


@router.get("/alignment", response_class=HTMLResponse)
def alignment(request: Request, session: SessionDep, round: str | None = None) -> HTMLResponse:
    viewer = request.state.viewer
    ref = contention_service.pick_round(session, round or None, viewer=viewer)
    m = contention_service.delegation_alignment(session=session, round=ref, viewer=viewer)
    return render(request, "alignment.html", m=m, heat=charts.alignment_heatmap(m), round=ref,
                  rounds=rounds.list_rounds(session))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, session: SessionDep, q: str = Query("", max_length=500), document: str | None = None,
           delegation: str | None = None, section: str | None = None,
           page: int = Query(1, ge=1, le=MAX_PAGE)) -> HTMLResponse:
    result = search_service.search(session, q, document=document or None, delegation=delegation or None,
                                   section=section or None, page=page) if q.strip() else None
    return render(request, "search.html", q=q, result=result, document=document, delegation=delegation,
                  section=section, documents=documents.list_documents(session=session),
                  delegations=delegations.list_delegations(session=session))


@router.get("/sources/{file}/{first}-{last}", response_class=HTMLResponse)
def source(request: Request, file: str, first: int, last: int, session: SessionDep) -> HTMLResponse:
    ex = sources.excerpt(request.app.state.settings.drafts_dir / "sources", file, first, last, session=session)
    return render(request, "source.html", ex=ex)
