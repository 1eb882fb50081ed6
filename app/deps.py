"""Request-scoped dependencies, declared once and reused by every router."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.auth.policy import ANONYMOUS, Viewer
from app.auth.secrets import same
from app.errors import Forbidden, Unauthorized

SESSION_COOKIE = "stemma_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def get_session(request: Request) -> Iterator[Session]:
    with Session(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def current_viewer(request: Request, session: SessionDep) -> Viewer:
    """Who is asking: an API token (`Authorization: Bearer`), else a browser session cookie, else
    nobody. A cookie-authenticated write to the JSON API must carry the session's CSRF token in
    `X-CSRF-Token` (the pages' scripts send it), so another site cannot write on a user's behalf."""
    from app.services import accounts

    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("the Authorization header must be 'Bearer TOKEN'")
        return accounts.viewer_for_token(session, token.strip())
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return ANONYMOUS
    viewer = accounts.viewer_for_session(session, cookie)
    if viewer is None:
        return ANONYMOUS
    if request.method not in SAFE_METHODS and request.url.path.startswith("/api/"):
        sent = request.headers.get(CSRF_HEADER, "")
        if not (viewer.csrf and sent and same(sent, viewer.csrf)):
            raise Forbidden(f"a signed-in browser's write needs the page's CSRF token in {CSRF_HEADER}")
    return viewer


ViewerDep = Annotated[Viewer, Depends(current_viewer)]
