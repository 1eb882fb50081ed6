"""The FastAPI application: built by `create_app()`, nothing at import time."""

from __future__ import annotations

import anyio
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp

from app.api import compilations as api_compilations
from app.api.errors import ERROR_RESPONSES, install_error_handlers
from app.api.ratelimit import RateLimit
from app.api import delegations as api_delegations
from app.api import documents as api_documents
from app.api import drafting as api_drafting
from app.api import exports as api_exports
from app.api import imports as api_imports
from app.api import negotiations as api_negotiations
from app.api import rounds as api_rounds
from app.config import Settings, get_settings
from app.db import engine_for
from app.http_cache import ResponseCache
from app.middleware.body_limit import LimitBody
from app.middleware.disconnect import CancelOnDisconnect
from app.middleware.head import HeadAsGet
from app.middleware.inputs import RefuseUnusableInput
from app.middleware.security import SecurityHeaders
from app.services.names import short_name
from app.text.uptake import SCORE_MEANING, UPTAKE_CLASSES
from app.web import account_pages, api_docs, pages, uploads, work_pages


def make_templates(settings: Settings) -> Jinja2Templates:
    """Jinja2 with autoescape on for every template: amendment text is untrusted input."""
    templates = Jinja2Templates(directory=str(settings.templates_dir))
    templates.env.autoescape = True
    templates.env.filters["short_name"] = short_name
    # uptake's one vocabulary, for any template that explains the outcome badges (class -> meaning)
    templates.env.globals["uptake_classes"] = UPTAKE_CLASSES
    templates.env.globals["uptake_score_meaning"] = SCORE_MEANING
    return templates


class Stemma(FastAPI):
    """FastAPI whose outermost layer sets the security headers, so that even the 500 page
    (sent by Starlette's error middleware, outside every added middleware) carries them."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = Stemma(title="Stemma", version="0.1.0", docs_url=None, redoc_url=None,  # served by app/web/api_docs.py
                  description="Redlines and negotiation history of the 2010 UN Global Plan of Action "
                              "to Combat Trafficking in Persons.", responses=ERROR_RESPONSES)
    app.state.settings = settings
    app.state.engine = engine_for(settings.database_url, pool_size=settings.db_pool_size,
                                  max_overflow=settings.db_max_overflow, pool_timeout=settings.db_pool_timeout)
    # One token per pooled connection: see app/deps.py for why requests queue here.
    app.state.db_gate = anyio.CapacityLimiter(settings.db_pool_size + settings.db_max_overflow)
    app.state.templates = make_templates(settings)
    app.state.redline_slots = anyio.CapacityLimiter(settings.redline_concurrency)
    app.state.redline_rate = RateLimit.build("redline", settings.redline_rate, settings.rate_limit_storage)
    install_error_handlers(app)
    if settings.response_cache_mb > 0:
        app.add_middleware(ResponseCache, engine=app.state.engine, max_bytes=settings.response_cache_mb * 2**20,
                           gate=app.state.db_gate)
    app.add_middleware(RefuseUnusableInput)
    app.add_middleware(LimitBody, max_bytes=settings.max_body_bytes)
    app.add_middleware(CancelOnDisconnect)  # a request whose client left stops wherever it waits
    app.add_middleware(HeadAsGet)  # outermost of ours: every layer inside sees a GET
    api_docs.mount_assets(app)
    app.mount("/static", StaticFiles(directory=str(settings.templates_dir / "static")), name="static")
    app.include_router(api_documents.router)
    app.include_router(api_delegations.router)
    app.include_router(api_compilations.router)
    app.include_router(api_negotiations.router)
    app.include_router(api_rounds.router)
    app.include_router(api_drafting.router)
    app.include_router(api_exports.router)
    app.include_router(api_imports.router)
    app.include_router(api_docs.router)
    app.include_router(account_pages.router)
    app.include_router(work_pages.router)
    app.include_router(uploads.router)  # before pages: /documents/{slug}/{label} would match its paths
    app.include_router(pages.router)
    return app
