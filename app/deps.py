"""Request-scoped dependencies, declared once and reused by every router."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import Depends, Query, Request
from sqlmodel import Session

from app.auth.policy import ANONYMOUS, Viewer
from app.auth.secrets import same
from app.errors import Forbidden, Unauthorized
from app.services.compilation import Filters

SESSION_COOKIE = "stemma_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session for one request, entered through the database gate and closed before the answer is sent.

    Why the gate: sync routes run in anyio's worker threads (40), and so does the serialising of their
    answers. When more requests than the pool has connections (15) waited for one *inside* worker
    threads, every thread could end up waiting while the requests holding connections needed a thread
    to finish, and the service stood still until the pool's timeout (issue 13: 60 clients were enough).
    The gate has one token per pooled connection, so a request waits for its turn here, on the event
    loop, cancellable (a client that goes away leaves the queue), and a thread that runs a route always
    finds a connection free. The session is closed when the route's function scope ends, before the
    response is sent, so a slow reader never holds a connection.
    """
    gate: anyio.CapacityLimiter = request.app.state.db_gate
    async with gate:
        session = Session(request.app.state.engine)
        try:
            yield session
        finally:
            with anyio.CancelScope(shield=True):  # a connection is returned to the pool even on cancel
                await anyio.to_thread.run_sync(session.close)


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


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


def compilation_filters(
        section: Annotated[str | None, Query(max_length=60, description="only this section of the base draft, e.g. annex-ii")] = None,
        label: Annotated[str | None, Query(max_length=40, description="a paragraph of the base draft, in any case (pp1 is PP1)")] = None,
        delegation: Annotated[str | None, Query(max_length=60, description="only this delegation's inputs, e.g. eu")] = None,
        kind: Annotated[str | None, Query(max_length=20, description="only inputs of this kind, e.g. delete")] = None,
        stance: Annotated[str | None, Query(max_length=20, description="support, oppose or reserve")] = None,
        uptake: Annotated[str | None, Query(max_length=40, description="what the next draft did: adopted, partial, "
                                                                       "not_reflected, deleted_as_proposed, not_applicable")] = None,
        has_text: Annotated[str | None, Query(max_length=5, description="only inputs proposing words (yes) or none (no)")] = None,
) -> Filters:
    """The Table of Inputs' filters, read once for its page, its JSON and every download, so that a link
    carries the same rows from one to the other."""
    return Filters.from_query(section=section, label=label, delegation=delegation, kind=kind, stance=stance,
                              uptake=uptake, has_text=has_text)


CompilationFiltersDep = Annotated[Filters, Depends(compilation_filters)]
