"""Who is asking, for the HTML pages, and the CSRF token every form carries.

A signed-in browser's forms carry its session's token (stored with the session). The sign-in
form, shown before there is a session, carries an HMAC of a random nonce kept in a short-lived
cookie, so a form posted from another site (which cannot read the cookie) is refused.
"""

from __future__ import annotations

import secrets as pysecrets

from fastapi import Request, Response
from sqlmodel import Session

from app.auth.policy import ANONYMOUS, Viewer
from app.auth.secrets import same, sign
from app.deps import SESSION_COOKIE, SessionDep
from app.errors import Forbidden

NONCE_COOKIE = "stemma_nonce"


def viewer_of(request: Request, session: Session) -> Viewer:
    """The signed-in user of this browser, or anonymous; remembered on the request for the templates."""
    from app.services import accounts

    known = getattr(request.state, "viewer", None)
    if known is not None:
        return known
    cookie = request.cookies.get(SESSION_COOKIE)
    viewer = (accounts.viewer_for_session(session, cookie) if cookie else None) or ANONYMOUS
    request.state.viewer = viewer
    return viewer


def remember_viewer(request: Request, session: SessionDep) -> None:
    """A router dependency: every page knows who is signed in (the navigation shows it)."""
    viewer_of(request, session)


def check(viewer: Viewer, token: str | None) -> None:
    """A signed-in user's form must carry their session's CSRF token."""
    if not (viewer.csrf and token and same(token, viewer.csrf)):
        raise Forbidden("this form has expired or did not come from Stemma: reload the page and try again")


def _secret(request: Request, session: Session) -> str:
    from app.services import accounts

    return accounts.instance_secret(session, request.app.state.settings.secret_key)


def sign_in_token(request: Request, session: Session) -> tuple[str, str]:
    """(nonce, token): the sign-in form's token and the nonce its cookie must hold (`keep_nonce`)."""
    nonce = request.cookies.get(NONCE_COOKIE) or pysecrets.token_urlsafe(16)
    return nonce, sign(_secret(request, session), nonce)


def keep_nonce(request: Request, response: Response, nonce: str) -> None:
    response.set_cookie(NONCE_COOKIE, nonce, max_age=3600, httponly=True, samesite="strict",
                        secure=secure(request))


def check_sign_in(request: Request, session: Session, token: str | None) -> None:
    nonce = request.cookies.get(NONCE_COOKIE)
    if not (nonce and token and same(token, sign(_secret(request, session), nonce))):
        raise Forbidden("the sign-in form has expired or did not come from Stemma: reload the page and try again")


def secure(request: Request) -> bool:
    return request.url.scheme == "https" or bool(request.app.state.settings.cookie_secure)
