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


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in ("/healthz", "/openapi.json")


def _respond(request: Request, status: int, code: str, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StemmaError)
    async def _domain(request: Request, exc: StemmaError) -> Response:
        return _respond(request, exc.status, exc.code, exc.message)

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


