"""HTML: negotiations, rounds, submitting and revising inputs, the workbench, the audit log.

Every form carries the session's CSRF token; a refused write re-shows the form with the user's
text kept and the reason in plain words (nothing typed is lost).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.auth.policy import Viewer, require_signed_in
from app.deps import SessionDep
from app.api.errors import status_of
from app.errors import StemmaError
from app.services import audit, delegations, drafting, negotiations, rounds, submissions, workbench
from app.services.positions import list_inputs
from app.web import forms
from app.web.pages import render

router = APIRouter(include_in_schema=False, dependencies=[Depends(forms.remember_viewer)])

KIND_HELP = [("replace", "the whole paragraph as you would have it"),
             ("excerpt", "a passage with … where the paragraph goes on unchanged"),
             ("instruction", "e.g. replace “X” with “Y”, delete “Z”, add at the end …"),
             ("insert", "a new paragraph after this one"), ("delete", "delete the paragraph"),
             ("move", "move the paragraph"), ("merge", "merge it with another"), ("comment", "a comment only")]


def back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _signed_in(request: Request, session: SessionDep, token: str | None = None) -> Viewer:
    viewer = forms.viewer_of(request, session)
    require_signed_in(viewer)
    if token is not None or request.method == "POST":
        forms.check(viewer, token)
    return viewer


# --- negotiations -----------------------------------------------------------------------

@router.get("/negotiations", response_class=HTMLResponse)
def negotiation_list(request: Request, session: SessionDep) -> HTMLResponse:
    forms.viewer_of(request, session)
    return render(request, "negotiations.html", negotiations=negotiations.list_negotiations(session))


@router.post("/negotiations")
def negotiation_create(request: Request, session: SessionDep, slug: str = Form(max_length=120),
                       title: str = Form(max_length=500), description: str = Form("", max_length=5_000),
                       csrf_token: str = Form("", max_length=200)) -> Response:
    viewer = _signed_in(request, session, csrf_token)
    try:
        n = negotiations.create(session, viewer=viewer, slug=slug, title=title, description=description or None)
    except StemmaError as exc:
        return render(request, "negotiations.html", status=status_of(exc), error=exc.message,
                      negotiations=negotiations.list_negotiations(session),
                      form={"slug": slug, "title": title, "description": description})
    return back(f"/negotiations/{quote(n.slug)}")


@router.get("/negotiations/{slug}", response_class=HTMLResponse)
def negotiation(request: Request, slug: str, session: SessionDep) -> HTMLResponse:
    viewer = forms.viewer_of(request, session)
    return render(request, "negotiation.html", o=negotiations.overview(session, slug, viewer))


# --- rounds -----------------------------------------------------------------------------

@router.post("/rounds")
def round_create(request: Request, session: SessionDep, slug: str = Form(max_length=120),
                 title: str = Form(max_length=500), base: str = Form(max_length=120),
                 deadline: str = Form(max_length=64), csrf_token: str = Form("", max_length=200)) -> Response:
    viewer = _signed_in(request, session, csrf_token)
    r = rounds.create(session, viewer=viewer, slug=slug, title=title, base=base, deadline=deadline)
    return back(f"/rounds/{quote(r.round.slug)}")


def _round_page(request: Request, session: SessionDep, slug: str, message: str | None = None,
                status: int = 200) -> HTMLResponse:
    viewer = forms.viewer_of(request, session)
    r = rounds.get(session, viewer=viewer, slug=slug)
    inputs = list_inputs(session, compilation=slug, viewer=viewer, include_withdrawn=True)
    return render(request, "round.html", status=status, r=r, inputs=inputs, message=message,
                  names=delegations.reader_names(session, inputs))


@router.get("/rounds/{slug}", response_class=HTMLResponse)
def round_page(request: Request, slug: str, session: SessionDep) -> HTMLResponse:
    return _round_page(request, session, slug)


@router.post("/rounds/{slug}/close")
def round_close(request: Request, slug: str, session: SessionDep,
                csrf_token: str = Form("", max_length=200)) -> Response:
    return _round_step(request, session, slug, "close", csrf_token)


@router.post("/rounds/{slug}/publish")
def round_publish(request: Request, slug: str, session: SessionDep,
                  csrf_token: str = Form("", max_length=200)) -> Response:
    return _round_step(request, session, slug, "publish", csrf_token)


def _round_step(request: Request, session: SessionDep, slug: str, step: str, csrf_token: str) -> Response:
    viewer = _signed_in(request, session, csrf_token)
    try:
        (rounds.close if step == "close" else rounds.publish)(session, viewer=viewer, slug=slug)
    except StemmaError as exc:
        return _round_page(request, session, slug, exc.message, status=status_of(exc))
    return back(f"/rounds/{quote(slug)}")


def _form_page(request: Request, session: SessionDep, r: rounds.RoundView, viewer: Viewer, form: dict[str, Any],
               action: str, existing: dict[str, Any] | None = None, error: str | None = None,
               preview: submissions.Preview | None = None, status: int = 200) -> HTMLResponse:
    from app.services.documents import get_document

    base = get_document(session=session, slug=r.base.slug, viewer=viewer)
    return render(request, "submit.html", status=status, r=r, form=form, action=action, existing=existing,
                  error=error, preview=preview, kinds=KIND_HELP,
                  paragraphs=[p for p in base.paragraphs if p.status == "present"],
                  delegations=[(d.slug, d.name) for d in delegations.list_delegations(session=session)])


@router.get("/rounds/{slug}/submit", response_class=HTMLResponse)
def submit_form(request: Request, slug: str, session: SessionDep, label: str | None = None) -> Response:
    viewer = forms.viewer_of(request, session)
    if not viewer.signed_in:
        return back(f"/login?next={quote(str(request.url.path))}")
    r = rounds.get(session, viewer=viewer, slug=slug)
    return _form_page(request, session, r, viewer, {"label": label, "kind": "replace"},
                      f"/rounds/{quote(slug)}/submit")


@router.post("/rounds/{slug}/submit")
def submit(request: Request, slug: str, session: SessionDep, label: str = Form("", max_length=40),
           kind: str = Form("replace", max_length=20), text: str = Form("", max_length=20_000),
           rationale: str = Form("", max_length=20_000), stance: str = Form("", max_length=20),
           new_label: str = Form("", max_length=40), delegation: str = Form("", max_length=60),
           late_note: str = Form("", max_length=2_000), action: str = Form("save", max_length=20),
           csrf_token: str = Form("", max_length=200)) -> Response:
    viewer = _signed_in(request, session, csrf_token)
    r = rounds.get(session, viewer=viewer, slug=slug)
    form = {"label": label, "kind": kind, "text": text, "rationale": rationale, "stance": stance,
            "new_label": new_label, "delegation": delegation, "late_note": late_note}
    draft = submissions.InputDraft(label=label, kind=kind, text=text, rationale=rationale or None,
                                   stance=stance or None, new_label=new_label or None)
    try:
        pv = submissions.preview(session, base=r.base, label=label, kind=kind, text=text)
        if action == "preview":
            return _form_page(request, session, r, viewer, form, f"/rounds/{quote(slug)}/submit", preview=pv)
        w = submissions.submit(session, viewer=viewer, round_slug=slug, draft=draft, delegation=delegation or None,
                               late_note=late_note or None)
    except StemmaError as exc:
        session.rollback()
        return _form_page(request, session, r, viewer, form, f"/rounds/{quote(slug)}/submit", error=exc.message,
                          status=status_of(exc))
    return back(f"/inputs/{w.amendment.id}")


# --- one input: its history, revising, withdrawing ----------------------------------------

@router.get("/inputs/{input_id}", response_class=HTMLResponse)
def input_page(request: Request, input_id: int, session: SessionDep, message: str | None = None) -> HTMLResponse:
    viewer = forms.viewer_of(request, session)
    page = delegations.input_page(session, viewer=viewer, input_id=input_id)
    w = page.written
    r = rounds.get(session, viewer=viewer, slug=w.round)
    history = submissions.history(session, viewer=viewer, input_id=input_id)
    return render(request, "input.html", w=w, r=r, history=history, message=message, i=page.judged,
                  names=page.document_names,
                  may_write=viewer.facilitates(r.round.negotiation_id) or viewer.delegation == w.delegation)


@router.post("/inputs/{input_id}")
def revise(request: Request, input_id: int, session: SessionDep, revision: int = Form(...),
           kind: str = Form("replace", max_length=20), text: str = Form("", max_length=20_000),
           rationale: str = Form("", max_length=20_000), stance: str = Form("", max_length=20),
           new_label: str = Form("", max_length=40), late_note: str = Form("", max_length=2_000),
           action: str = Form("save", max_length=20), csrf_token: str = Form("", max_length=200)) -> Response:
    viewer = _signed_in(request, session, csrf_token)
    w = submissions.get(session, viewer=viewer, input_id=input_id)
    r = rounds.get(session, viewer=viewer, slug=w.round)
    form = {"label": w.label, "kind": kind, "text": text, "rationale": rationale, "stance": stance,
            "new_label": new_label, "late_note": late_note}
    draft = submissions.InputDraft(kind=kind, text=text, rationale=rationale, stance=stance or None,
                                   new_label=new_label or None)
    existing = {"revision": revision}
    try:
        pv = submissions.preview(session, base=r.base, label=w.label, kind=kind, text=text)
        if action == "preview":
            return _form_page(request, session, r, viewer, form, f"/inputs/{input_id}", existing, preview=pv)
        submissions.revise(session, viewer=viewer, input_id=input_id, revision=revision, draft=draft,
                           late_note=late_note or None)
    except StemmaError as exc:
        session.rollback()
        return _form_page(request, session, r, viewer, form, f"/inputs/{input_id}", existing, error=exc.message,
                          status=status_of(exc))
    return back(f"/inputs/{input_id}")


@router.get("/inputs/{input_id}/revise", response_class=HTMLResponse)
def revise_form(request: Request, input_id: int, session: SessionDep) -> Response:
    viewer = forms.viewer_of(request, session)
    if not viewer.signed_in:
        return back(f"/login?next={quote(str(request.url.path))}")
    w = submissions.get(session, viewer=viewer, input_id=input_id)
    r = rounds.get(session, viewer=viewer, slug=w.round)
    rev = w.revision
    form = {"label": w.label, "kind": rev.kind or w.amendment.kind, "text": rev.text, "rationale": rev.rationale,
            "stance": rev.stance, "new_label": rev.new_label}
    return _form_page(request, session, r, viewer, form, f"/inputs/{input_id}", {"revision": rev.number})


@router.post("/inputs/{input_id}/withdraw")
def withdraw(request: Request, input_id: int, session: SessionDep, csrf_token: str = Form("", max_length=200),
             late_note: str = Form("", max_length=2_000)) -> Response:
    viewer = _signed_in(request, session, csrf_token)
    try:
        submissions.withdraw(session, viewer=viewer, input_id=input_id, late_note=late_note or None)
    except StemmaError as exc:
        session.rollback()
        return input_page(request, input_id, session, message=exc.message)
    return back(f"/inputs/{input_id}")


# --- the workbench -------------------------------------------------------------------------

@router.get("/workbench/new", response_class=HTMLResponse)
def workbench_new(request: Request, session: SessionDep, base: str) -> Response:
    viewer = forms.viewer_of(request, session)
    if not viewer.signed_in:
        return back(f"/login?next={quote(str(request.url))}")
    from app.services.documents import get_document

    return render(request, "workbench_new.html", base=get_document(session=session, slug=base, viewer=viewer),
                  today=dt.date.today().isoformat())


@router.post("/workbench")
def workbench_start(request: Request, session: SessionDep, base: str = Form(max_length=120),
                    slug: str = Form(max_length=120), title: str = Form(max_length=500), date: dt.date = Form(...),
                    csrf_token: str = Form("", max_length=200)) -> Response:
    viewer = _signed_in(request, session, csrf_token)
    doc = drafting.start(session, viewer=viewer, base=base, slug=slug, title=title, date=date)
    return back(f"/workbench/{quote(doc.slug)}")


@router.get("/workbench/{slug}", response_class=HTMLResponse)
def workbench_page(request: Request, slug: str, session: SessionDep, at: str | None = None,
                   start: int | None = None, message: str | None = None, status: int = 200) -> Response:
    viewer = forms.viewer_of(request, session)
    if not viewer.signed_in:
        return back(f"/login?next={quote(str(request.url))}")
    return render(request, "workbench.html", status=status, w=workbench.view(session, viewer=viewer, slug=slug,
                                                                             at=at, start=start), message=message)


@router.post("/workbench/{slug}/paragraphs/{label}")
def workbench_act(request: Request, slug: str, label: str, session: SessionDep,
                  action: str = Form("save", max_length=20), text: str | None = Form(None, max_length=20_000),
                  new_label: str = Form("", max_length=40), reflects: list[str] = Form([]),
                  reflects_present: str | None = Form(None), csrf_token: str = Form("", max_length=200)) -> Response:
    viewer = _signed_in(request, session, csrf_token)
    chosen = [int(v) for v in reflects if v.isdigit()]
    try:
        show = workbench.apply(session, viewer=viewer, slug=slug, label=label, action=action, text=text,
                               new_label=new_label or None, reflects=chosen if reflects_present else None)
    except StemmaError as exc:
        session.rollback()
        return workbench_page(request, slug, session, at=label, message=exc.message, status=status_of(exc))
    return back(f"/workbench/{quote(slug)}?at={quote(show)}#current")


@router.post("/workbench/{slug}/publish")
def workbench_publish(request: Request, slug: str, session: SessionDep,
                      csrf_token: str = Form("", max_length=200)) -> Response:
    viewer = _signed_in(request, session, csrf_token)
    try:
        drafting.publish(session, viewer=viewer, slug=slug)
    except StemmaError as exc:
        session.rollback()
        return workbench_page(request, slug, session, message=exc.message, status=status_of(exc))
    return back(f"/documents/{quote(slug)}")


# --- the audit log -------------------------------------------------------------------------

@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, session: SessionDep, since: int = 0) -> HTMLResponse:
    viewer = forms.viewer_of(request, session)
    events = audit.events(session, viewer=viewer, since_id=since, limit=200)
    return render(request, "audit.html", events=[audit.public(e) for e in events])
