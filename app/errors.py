"""Domain errors and the one place that turns them into HTTP responses.

A service raises `NotFound("document", slug)`; the handler answers 404 with a JSON body
on `/api/...` and an HTML page elsewhere, so no route repeats a 404 check.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError, ProgrammingError
from starlette.exceptions import HTTPException as StarletteHTTPException


class StemmaError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(StemmaError):
    status = 404
    code = "not_found"

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"no {kind} '{key}'")
        self.kind = kind
        self.key = key


class BadInput(StemmaError):
    status = 422
    code = "invalid_input"


class PayloadTooLarge(StemmaError):
    """An upload over the size limit, or an archive that unpacks to more than it may (a zip bomb)."""

    status = 413
    code = "too_large"


class UnsupportedFile(StemmaError):
    """An upload that is not the kind of file asked for (not a .docx)."""

    status = 415
    code = "unsupported_file"


class Unauthorized(StemmaError):
    """Nobody is signed in (or the token is unknown or revoked) and the action needs someone."""

    status = 401
    code = "unauthorized"


class Forbidden(StemmaError):
    """Someone is signed in, and their role or delegation does not allow the action."""

    status = 403
    code = "forbidden"


class Conflict(StemmaError):
    """The write does not fit the record's current state: a stale revision, a passed deadline, a
    slug already taken. `current` carries what the client needs to try again."""

    status = 409
    code = "conflict"

    def __init__(self, message: str, current: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.current = current


class TooManyAttempts(StemmaError):
    status = 429
    code = "too_many_attempts"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/healthz", "/openapi.json")


def _respond(request: Request, status: int, code: str, message: str, extra: dict[str, object] | None = None,
             headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": {"code": code, "message": message, **(extra or {})}}, status_code=status,
                            headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StemmaError)
    async def _domain(request: Request, exc: StemmaError) -> Response:
        extra: dict[str, object] = {}
        headers: dict[str, str] = {}
        if isinstance(exc, Conflict) and exc.current is not None:
            extra["current"] = exc.current
        if isinstance(exc, TooManyAttempts):
            headers["Retry-After"] = str(exc.retry_after)
        if isinstance(exc, Unauthorized):
            headers["WWW-Authenticate"] = "Bearer"
        return _respond(request, exc.status, exc.code, exc.message, extra, headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = "not_found" if exc.status_code == 404 else "http_error"
        return _respond(request, exc.status_code, code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _respond(request, 422, "invalid_input", f"{where}: {first.get('msg')}")

    @app.exception_handler(OperationalError)
    async def _db_down(request: Request, exc: OperationalError) -> Response:
        return _respond(request, 503, "database_unavailable", "the database is not reachable")

    @app.exception_handler(ProgrammingError)
    async def _db_schema(request: Request, exc: ProgrammingError) -> Response:
        return _respond(request, 503, "database_not_ready", "the database schema is missing: run `stemma db upgrade`")


