"""The one place that turns errors into HTTP answers: a JSON body on the API, a page elsewhere.

Domain errors (app/errors.py) know nothing of HTTP; their status codes are decided here. Database
failures are told apart (app/db.py `classify`) so that a client learns whether to retry, fix its
input, or call an operator, and nothing a user can send ends in a bare 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.db import Failure, classify
from app.errors import (
    BadInput,
    Conflict,
    Forbidden,
    NotFound,
    NotReady,
    PayloadTooLarge,
    StemmaError,
    TooManyAttempts,
    Unauthorized,
    UnsupportedFile,
)

log = logging.getLogger("stemma.errors")

STATUS: dict[type[StemmaError], int] = {
    NotFound: 404, BadInput: 422, Unauthorized: 401, Forbidden: 403, Conflict: 409, TooManyAttempts: 429,
    NotReady: 503, PayloadTooLarge: 413, UnsupportedFile: 415,
}
HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
              429: "too_many_requests"}

# A database failure: status, code, message, and whether to advise a retry.
DB_ANSWERS: dict[Failure, tuple[int, str, str]] = {
    Failure.UNREACHABLE: (503, "database_unavailable", "the database is not reachable"),
    Failure.NOT_READY: (503, "database_not_ready", "the database schema is missing: run `stemma db upgrade`"),
    Failure.BUSY: (503, "database_busy", "the database was busy with a conflicting change: try again"),
    Failure.TIMEOUT: (503, "database_timeout", "the database took too long to answer: try again later"),
    Failure.CONFLICT: (409, "conflict", "the change conflicts with a record already stored"),
    Failure.INVALID: (422, "invalid_input", "a value cannot be stored or compared by the database"),
    Failure.OTHER: (500, "database_error", "the database failed to answer"),
}


def status_of(exc: StemmaError) -> int:
    """The status of the nearest mapped class: a new subclass answers like its parent."""
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]  # type: ignore[index]
    return 400


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/healthz", "/openapi.json")


def error_response(request: Request, status: int, code: str, message: str, extra: dict[str, object] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    """`{"error": {"code", "message", ...}}` on the API, the error page elsewhere."""
    if wants_json(request):
        return JSONResponse({"error": {"code": code, "message": message, **(extra or {})}}, status_code=status,
                            headers=headers)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(StemmaError, _domain)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(DBAPIError, _database)  # type: ignore[arg-type]
    app.add_exception_handler(OverflowError, _overflow)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)


async def _domain(request: Request, exc: StemmaError) -> Response:
    extra: dict[str, object] = {}
    headers: dict[str, str] = {}
    if isinstance(exc, Conflict) and exc.current is not None:
        extra["current"] = exc.current
    if isinstance(exc, TooManyAttempts):
        headers["Retry-After"] = str(exc.retry_after)
    if isinstance(exc, Unauthorized):
        headers["WWW-Authenticate"] = "Bearer"
    return error_response(request, status_of(exc), exc.code, exc.message, extra, headers)


async def _http(request: Request, exc: StarletteHTTPException) -> Response:
    """Starlette's own errors (no route, wrong method), with their headers kept. A 405's `Allow` lists
    the methods of every route at that path: Starlette names only the first route's (GET /api/rounds
    and POST /api/rounds are two routes)."""
    code = HTTP_CODES.get(exc.status_code, "http_error")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request.app.routes, request.url.path))
    return error_response(request, exc.status_code, code, str(exc.detail), headers=headers)


def _allowed_methods(routes: Any, path: str) -> list[str]:
    """The methods of the routes at `path`; a route written for exactly this path (POST /api/documents/import)
    outranks templates that also match it (GET /api/documents/{slug})."""
    found = _matching(routes, path)
    exact = [methods for template, methods in found if template == path]
    return sorted(set().union(*(exact or [methods for _, methods in found])))


def _matching(routes: Any, path: str) -> list[tuple[str, set[str]]]:
    found: list[tuple[str, set[str]]] = []
    for route in routes:
        if hasattr(route, "original_router"):  # newer FastAPI keeps included routers nested
            found += _matching(route.original_router.routes, path)
        elif getattr(route, "methods", None) and route.path_regex.match(path):
            found.append((route.path, set(route.methods)))
    return found


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    where = ".".join(str(p) for p in first.get("loc", ()))
    return error_response(request, 422, "invalid_input", f"{where}: {first.get('msg')}")


async def _database(request: Request, exc: DBAPIError) -> Response:
    failure = classify(exc)
    status, code, message = DB_ANSWERS[failure]
    if failure is Failure.OTHER:
        log.error("database error on %s %s", request.method, request.url.path, exc_info=exc)
    headers = {"Retry-After": "1"} if failure is Failure.BUSY else {"Retry-After": "5"} if status == 503 else {}
    return error_response(request, status, code, message, headers=headers)


async def _overflow(request: Request, exc: OverflowError) -> Response:
    """A number too large for the database (SQLite raises this where PostgreSQL raises a DataError)."""
    return error_response(request, 422, "invalid_input", "a number is too large")


async def _unexpected(request: Request, exc: Exception) -> Response:
    """A bug: the same error shape as every other answer, the details only in the server's log."""
    return error_response(request, 500, "internal_error", "the service failed to answer; the error is logged")


class ErrorDetail(BaseModel):
    code: str = Field(description="what kind of error, for programs: not_found, invalid_input, conflict, ...")
    message: str = Field(description="what went wrong, for people")
    model_config = ConfigDict(extra="allow")  # a conflict carries `current`, the record as it now is


class ErrorOut(BaseModel):
    """Every error the service answers, whatever its status."""

    error: ErrorDetail


# Declared on every operation, so the OpenAPI document says what an error looks like.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "A request that cannot be read"},
    401: {"model": ErrorOut, "description": "The action needs someone signed in (a valid API token)"},
    403: {"model": ErrorOut, "description": "The signed-in user may not do this"},
    404: {"model": ErrorOut, "description": "No such record"},
    405: {"model": ErrorOut, "description": "The method is not allowed here (see the Allow header)"},
    409: {"model": ErrorOut, "description": "The write does not fit the record's current state"},
    413: {"model": ErrorOut, "description": "The request body is larger than the limit"},
    415: {"model": ErrorOut, "description": "An uploaded file of a kind the service does not read"},
    422: {"model": ErrorOut, "description": "The request holds a value the service refuses, and says which"},
    429: {"model": ErrorOut, "description": "Too many requests from this address (see Retry-After)"},
    503: {"model": ErrorOut, "description": "The database is unreachable, not migrated or busy (see Retry-After)"},
}
