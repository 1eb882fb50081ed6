"""JSON: documents, paragraphs, comparisons and ad-hoc redlines."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from app.api.pagination import PageDep
from app.deps import SessionDep
from app.errors import BadInput
from app.services import compare as compare_service
from app.services import documents, health, sources
from app.services.paragraphs import paragraph_detail
from app.text.redline import diff_words
from app.web.render import redline_html

router = APIRouter()


@router.get("/healthz", tags=["meta"])
def healthz(session: SessionDep) -> dict[str, str]:
    """Alive, the database answers, and its schema is the one this code needs (503 saying why if not)."""
    return health.check(session)


@router.get("/api/documents", tags=["documents"])
def list_documents(session: SessionDep, page: PageDep, request: Request, response: Response
                   ) -> list[documents.DocumentSummary]:
    """Every document (drafts, the compilation, the outline, precedents) in date order."""
    return page.apply(documents.list_documents(session=session), response, request)


@router.get("/api/documents/{slug}", tags=["documents"])
def get_document(slug: str, session: SessionDep) -> documents.DocumentDetail:
    return documents.get_document(session=session, slug=slug)


@router.get("/api/documents/{slug}/paragraphs/{label}", tags=["documents"])
def get_paragraph(slug: str, label: str, session: SessionDep) -> dict[str, Any]:
    """The paragraph with its inputs, lineage, blame and language shared with other documents."""
    return paragraph_detail(session=session, slug=slug, label=label).public()


@router.get("/api/compare/{old}/{new}", tags=["documents"])
def compare(old: str, new: str, session: SessionDep, changed_only: bool = False,
            section: str | None = None) -> dict[str, Any]:
    """Two documents aligned paragraph by paragraph; `ops` are diff-match-patch pairs."""
    return compare_service.public(compare_service.compare(session, old, new), changed_only=changed_only,
                                  section=section)


class RedlineIn(BaseModel):
    old: str = Field(description="the earlier text")
    new: str = Field(description="the later text")


class RedlineOut(BaseModel):
    ops: list[list[int | str]]
    html_inline: str
    html_side_by_side: str


@router.post("/api/redline", tags=["redline"])
def redline(body: RedlineIn, request: Request) -> RedlineOut:
    """A word-level redline of any two texts (escaped HTML in both renderings)."""
    limit = request.app.state.settings.max_redline_chars
    if len(body.old) + len(body.new) > limit:
        raise BadInput(f"texts too long: at most {limit} characters together")
    edits = diff_words(body.old, body.new)
    inline, side = redline_html(request.app.state.templates, edits)
    return RedlineOut(ops=[e.as_pair() for e in edits], html_inline=inline, html_side_by_side=side)


@router.get("/api/sources/{file}/{first}-{last}", tags=["documents"])
def source_lines(file: str, first: int, last: int, request: Request) -> dict[str, Any]:
    """Lines of a source file of the record, with context: what a curated text was read from."""
    return sources.excerpt(request.app.state.settings.drafts_dir / "sources", file, first, last).public()
