"""HTML: signing in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import SESSION_COOKIE, SessionDep
from app.errors import TooManyAttempts, Unauthorized
from app.services import accounts
from app.services.accounts import SESSION_HOURS
from app.web import forms
from app.web.pages import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: `next` must not send a user who just signed in somewhere else."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _form(request: Request, session: SessionDep, next_: str, error: str | None, name: str = "",
          status: int = 200) -> Response:
    nonce, token = forms.sign_in_token(request, session)
    response = render(request, "login.html", status=status, next=next_, error=error, name=name, csrf=token)
    forms.keep_nonce(request, response, nonce)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, session: SessionDep, next: str | None = None) -> Response:
    forms.viewer_of(request, session)
    return _form(request, session, _safe_next(next), None)


@router.post("/login")
def login(request: Request, session: SessionDep, name: str = Form(max_length=120),
          password: str = Form(max_length=1_000), csrf_token: str = Form("", max_length=200),
          next: str = Form("/", max_length=2_000)) -> Response:
    forms.viewer_of(request, session)
    forms.check_sign_in(request, session, csrf_token)
    address = request.client.host if request.client else "unknown"
    try:
        cookie, _ = accounts.sign_in(session, name=name, password=password, address=address)
    except Unauthorized as exc:
        return _form(request, session, _safe_next(next), exc.message, name, status=401)
    except TooManyAttempts as exc:
        r = _form(request, session, _safe_next(next), exc.message, name, status=429)
        r.headers["Retry-After"] = str(exc.retry_after)
        return r
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, max_age=SESSION_HOURS * 3600, httponly=True, samesite="lax",
                        secure=forms.secure(request))
    response.delete_cookie(forms.NONCE_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep, csrf_token: str = Form("", max_length=200)) -> Response:
    viewer = forms.viewer_of(request, session)
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie and viewer.signed_in:
        forms.check(viewer, csrf_token)
        accounts.sign_out(session, cookie)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
