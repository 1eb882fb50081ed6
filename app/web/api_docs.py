"""/docs (Swagger UI) and /redoc (ReDoc) served from the package, so they work without internet.

FastAPI's own pages load both from a CDN, unpinned and without integrity, and start Swagger UI
with an inline script; on a delegation's laptop in a conference room with no network they were
blank. The files come from `fastapi-offline` (a maintained package made for exactly this, MIT,
which bundles Swagger UI and ReDoc); the pages are ours, so Swagger UI starts from a static file
(templates/static/swagger-init.js) and no inline script is needed: the policy for these two
pages differs from the site's only in allowing the inline styles both libraries set.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/static/api-docs"
ASSETS_DIR = Path(fastapi_offline.__file__).parent / "static"

router = APIRouter(include_in_schema=False)


def mount_assets(app: FastAPI) -> None:
    """The Swagger UI and ReDoc files, under /static/ (cached and served like the site's own);
    mounted before /static itself, which would otherwise answer for these paths."""
    app.mount(ASSETS_URL, StaticFiles(directory=str(ASSETS_DIR)), name="api-docs")


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, "api_docs.html", {
        "ui": "swagger", "title": f"{request.app.title} API · Swagger UI", "assets": ASSETS_URL,
        "openapi_url": request.app.openapi_url})


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, "api_docs.html", {
        "ui": "redoc", "title": f"{request.app.title} API · ReDoc", "assets": ASSETS_URL,
        "openapi_url": request.app.openapi_url})


@router.get("/favicon.ico")
def favicon() -> RedirectResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the JSON API's, a file's)."""
    return RedirectResponse("/static/favicon.svg", status_code=301)
