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
from app.deps import CompilationFiltersDep, SessionDep
from app.services import compare as compare_service
from app.services import compilation_view
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
    d = paragraph_detail(session=session, slug=slug, label=label)
    if d.paragraph.label != label:  # `pp1` typed by hand: the page lives at the record's `PP1`
        return RedirectResponse(f"/documents/{quote(slug)}/{quote(d.paragraph.label)}", status_code=308)  # type: ignore[return-value]
    return render(request, "paragraph.html", d=d)


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
def delegation(request: Request, slug: str, session: SessionDep, outcome: str | None = Query(None, max_length=40),
               section: str | None = Query(None, max_length=60),
               negotiation: str | None = Query(None, max_length=120)) -> HTMLResponse:
    """`?outcome=` and `?section=` as the JSON twin takes them; the form's empty "all" is no filter."""
    p = delegations.positions(session=session, slug=slug, outcome=outcome or None, section=section or None,
                              negotiation=negotiation or None)
    return render(request, "delegation.html", p=p, others=delegations.delegation_names(session=session))


@router.get("/delegations/{a}/vs")
def versus_form(a: str, other: str, negotiation: str | None = Query(None, max_length=120)) -> RedirectResponse:
    """The delegation page's "compare with" form, without JavaScript (in the negotiation it showed)."""
    scope = f"?negotiation={quote(negotiation)}" if negotiation else ""
    return RedirectResponse(f"/delegations/{quote(a)}/vs/{quote(other)}{scope}", status_code=303)


@router.get("/delegations/{a}/vs/{b}", response_class=HTMLResponse)
def versus(request: Request, a: str, b: str, session: SessionDep, both: bool = False,
           negotiation: str | None = Query(None, max_length=120)) -> HTMLResponse:
    return render(request, "versus.html", v=delegations.versus(session=session, a=a, b=b, both_only=both,
                                                               negotiation=negotiation or None))


@router.get("/compilations/{slug}", response_class=HTMLResponse)
def compilation(request: Request, slug: str, session: SessionDep, filters: CompilationFiltersDep,
                view: str = "list", everything: str | None = Query(None, alias="all")) -> HTMLResponse:
    """One section or paragraph at a time (or the whole table with ?all=1, to print), filtered."""
    t = compilation_view.table_view(session=session, slug=slug, filters=filters, view=view,
                                    everything=everything not in (None, "", "0"), viewer=request.state.viewer)
    return render(request, "compilation.html", t=t, comp=t.comp)


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
    filters = search_service.Filters.read(document, delegation, section)
    result = search_service.search(session, q, document=filters.document, delegation=filters.delegation,
                                   section=filters.section, page=page) if q.strip() else None
    return render(request, "search.html", q=q, result=result, filters=filters,
                  choices=search_service.choices(session))


@router.get("/sources/{file}/{first}-{last}", response_class=HTMLResponse)
def source(request: Request, file: str, first: int, last: int, session: SessionDep,
           start: int | None = Query(None, ge=1, description="a long range's page: its first line")) -> HTMLResponse:
    ex = sources.excerpt(request.app.state.settings.drafts_dir / "sources", file, first, last, start, session=session)
    return render(request, "source.html", ex=ex)
