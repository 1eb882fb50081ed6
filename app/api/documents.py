"""JSON: documents, paragraphs, comparisons and ad-hoc redlines."""

from __future__ import annotations

from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from app.api.pagination import PageDep
from app.api.shapes import InputOut, Op, SharedPassage, Shape, SourceRef
from app.deps import SessionDep
from app.config import Settings
from app.services import compare as compare_service
from app.services import documents, health, sources
from app.services.paragraphs import paragraph_detail
from app.services.redline import bounded_diff
from app.web.render import redline_html

router = APIRouter()


class Health(Shape):
    status: str = Field(description="ok")
    database: str = Field(description="sqlite or postgresql")


class CitedLine(Shape):
    n: int
    text: str
    cited: bool


class SourcePage(Shape):
    """Which part of a long range this answer holds (a range over 400 lines comes a page at a time)."""

    lines: list[int] = Field(description="the first and last cited lines in this answer")
    previous_start: int | None = None
    next_start: int | None = Field(None, description="ask again with start= this for the next page")


class SourceExcerpt(Shape):
    file: str
    lines: list[int]
    total_lines: int
    page: SourcePage | None = None
    text: list[CitedLine]


class LineageOut(Shape):
    document: str
    label: str
    relation: str | None = None
    direction: str | None = None
    origin: str | None = None
    confidence: float | None = None
    note: str | None = None
    text: str | None = None
    status: str | None = None
    date: str | None = None
    merged_from: list[str] = Field(default_factory=list, description="a merge: the sources its redline is read "
                                                                       "against, joined in reading order")
    op_sources: list[str | None] = Field(default_factory=list, description="a merge: each op's source paragraph")
    ops: list[Op] = Field(default_factory=list)


class BlameSpan(Shape):
    start: int
    end: int
    document: str | None = None
    delegations: list[str] = Field(default_factory=list)


class NewInThisDraft(Shape):
    note: str | None = Field(None, description="what the curators' lineage says of where the paragraph came from")
    origin: str
    confidence: float
    taken_up: list[InputOut] = Field(default_factory=list, description="inputs marked as reflected in it")


class AncestorInputsOut(Shape):
    document: str
    label: str
    relation: str = Field(description="how this earlier version leads to the paragraph (continues, renumbered, ...)")
    inputs: list[InputOut]


class ParagraphOut(Shape):
    document: str
    label: str
    section: str | None = None
    text: str
    status: str | None = None
    text_quality: str | None = None
    curation: list[str] = Field(default_factory=list, description="the curator's notes on gaps and repairs")
    source: SourceRef | None = None
    inputs: list[InputOut]
    lineage: list[LineageOut]
    blame: list[BlameSpan]
    provenance: list[SharedPassage]
    new_in_this_draft: NewInThisDraft | None = Field(None, description="set when the paragraph is new in its draft")
    ancestor_inputs: list[AncestorInputsOut] = Field(default_factory=list,
                                                     description="inputs made on the paragraph's earlier versions")
    reused_in: list[SharedPassage] = Field(default_factory=list, description="later documents that took up "
                                           "this paragraph's wording (borrowed passages only)")
    reflects: list[str] = Field(default_factory=list, description="keys (compilation/input) of the delegations' "
                                "inputs this paragraph came from")


class Contribution(Shape):
    label: str
    share: float
    spans: list[list[int]]


class PairOut(Shape):
    from_label: str | None = None
    to_label: str | None = None
    from_labels: list[str] = Field(default_factory=list)
    to_labels: list[str] = Field(default_factory=list)
    relation: str | None = None
    via: str | None = None
    renumbered: bool | None = None
    similarity: float | None = None
    section: str | None = None
    contributions: list[Contribution] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list, description="a merge's source paragraphs, in reading order: "
                                                                   "the old side is their texts joined")
    op_sources: list[str | None] = Field(default_factory=list, description="a merge: for each op, the source "
                                                                             "paragraph its old text came from")
    lost: bool | None = Field(None, description="the redline holds text lost in the scan (ops of code 2)")
    ops: list[Op] = Field(default_factory=list, description="[op, text]: -1 deleted, 0 kept, 1 inserted, "
                                                            "2 lost in the scan (text: the old words it stands against)")


class CompareOut(Shape):
    from_: str = Field(alias="from")
    to: str
    counts: dict[str, int]
    pairs: list[PairOut]


@router.get("/healthz", tags=["meta"])
def healthz(session: SessionDep) -> Health:
    """Alive, the database answers, and its schema is the one this code needs (503 saying why if not)."""
    return Health.model_validate(health.check(session))


@router.get("/api/documents", tags=["documents"])
def list_documents(session: SessionDep, page: PageDep, request: Request, response: Response,
                   kind: Annotated[documents.Kind | None, Query(description="only documents of this kind")] = None
                   ) -> list[documents.DocumentSummary]:
    """Every document (drafts, the compilation, the outline, precedents) in date order."""
    return page.apply(documents.list_documents(session=session, kind=kind), response, request)


@router.get("/api/documents/{slug}", tags=["documents"])
def get_document(slug: str, session: SessionDep) -> documents.DocumentDetail:
    return documents.get_document(session=session, slug=slug)


@router.get("/api/documents/{slug}/paragraphs/{label}", tags=["documents"])
def get_paragraph(slug: str, label: str, session: SessionDep) -> ParagraphOut:
    """The paragraph with its inputs, lineage, blame and language shared with other documents."""
    return ParagraphOut.model_validate(paragraph_detail(session=session, slug=slug, label=label).public())


@router.get("/api/compare/{old}/{new}", tags=["documents"])
def compare(old: str, new: str, session: SessionDep, changed_only: bool = False,
            section: str | None = None) -> CompareOut:
    """Two documents aligned paragraph by paragraph; `ops` are diff-match-patch pairs."""
    return CompareOut.model_validate(compare_service.public(compare_service.compare(session, old, new),
                                                            changed_only=changed_only, section=section))


class RedlineIn(BaseModel):
    old: str = Field(description="the earlier text")
    new: str = Field(description="the later text")


class RedlineOut(BaseModel):
    ops: list[Op]
    html_inline: str
    html_side_by_side: str


def redline_rate(request: Request) -> None:
    """Counts the request against its address's redline rate (in a worker thread: the counter may be remote)."""
    request.app.state.redline_rate.hit(request)


@router.post("/api/redline", tags=["redline"], dependencies=[Depends(redline_rate)])
async def redline(body: RedlineIn, request: Request) -> RedlineOut:
    """A word-level redline of any two texts (escaped HTML in both renderings).

    Bounded: texts past the character or token limit are refused (422), at most a few diffs run at
    once (the others wait, off the event loop, and leave if their client does), and each address
    has a rate (429 with Retry-After)."""
    state = request.app.state
    return await anyio.to_thread.run_sync(_redline, body, state.settings, state.templates,
                                          limiter=state.redline_slots)


def _redline(body: RedlineIn, settings: Settings, templates: Jinja2Templates) -> RedlineOut:
    edits = bounded_diff(body.old, body.new, max_chars=settings.max_redline_chars,
                         max_tokens=settings.max_redline_tokens)
    inline, side = redline_html(templates, edits)
    return RedlineOut(ops=[e.as_pair() for e in edits], html_inline=inline, html_side_by_side=side)


@router.get("/api/sources/{file}/{first}-{last}", tags=["documents"])
def source_lines(file: str, first: Annotated[int, Path(ge=1)], last: Annotated[int, Path(ge=1)],
                 request: Request, session: SessionDep, start: Annotated[int | None, Query(ge=1, description=(
                     "a long range comes a page at a time: the first line of the page wanted (`page.next_start`)"))] = None
                 ) -> SourceExcerpt:
    """Lines of a source file of the record, with context: what a curated text was read from."""
    excerpt = sources.excerpt(request.app.state.settings.drafts_dir / "sources", file, first, last, start, session=session)
    return SourceExcerpt.model_validate(excerpt.public())
