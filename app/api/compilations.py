"""JSON: the comment table, contention, alignment, the process timeline and search."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Query, Request, Response
from pydantic import Field

from app.api.pagination import MAX_PAGE, PageDep
from app.api.shapes import InputOut, Shape, SourceRef
from app.deps import CompilationFiltersDep, SessionDep, ViewerDep
from app.services import compilation as compilation_service
from app.services import contention as contention_service
from app.services import documents
from app.services import search as search_service
from app.services import timeline

router = APIRouter()


class CompilationRow(Shape):
    """A paragraph of the base draft with the inputs on it (the Table of Inputs' row)."""

    label: str
    section: str | None = None
    text: str
    inputs: list[InputOut]


class CompilationOut(Shape):
    slug: str
    title: str
    date: str | None = None
    base: str | None = Field(None, description="the draft the inputs were made on")
    filters: dict[str, str | None]
    rows: list[CompilationRow]


class ContentionOut(Shape):
    label: str
    inputs: int
    delegations: int
    deletion_requests: int
    textual_amendments: int
    comments: int
    score: float


class RoundRef(Shape):
    """The round an analysis is of."""

    slug: str


class ContentionListOut(Shape):
    round: RoundRef | None = None
    paragraphs: list[ContentionOut]


class AlignmentOut(Shape):
    round: RoundRef | None = None
    delegations: list[str]
    matrix: list[list[float]] = Field(description="agreements over the paragraphs either of the pair touched "
                                                   "(a Jaccard index), 0 to 1")
    agreements: list[list[int]] = Field(description="paragraphs where each pair asked for the same change")
    shared: list[list[int]] = Field(default_factory=list, description="paragraphs both of each pair touched "
                                                                      "(the diagonal: paragraphs each touched)")
    agreement: list[list[float | None]] = Field(default_factory=list, description=(
        "agreements over shared paragraphs, 0 to 1: how often the pair asked for the same change where both "
        "spoke (none when they touched no paragraph in common)"))


class EventOut(Shape):
    date: str
    kind: str
    title: str
    documents: list[str] = Field(default_factory=list)
    source: SourceRef | None = None


class SearchHit(Shape):
    kind: str
    document: str
    label: str | None = None
    section: str | None = None
    delegation: str | None = None
    ref: str | None = None
    snippet: str = Field(description="escaped text with hits marked by <mark>")
    document_title: str = ""
    section_title: str = ""
    delegation_name: str | None = None


class SearchSuggestion(Shape):
    """A query near one that found nothing, which does find something (under the same filters)."""

    query: str
    word: str = Field(description="the corpus's word it brings in")
    total: int


class SearchOut(Shape):
    query: str
    total: int
    page: int
    size: int
    hits: list[SearchHit]
    terms: list[str] = Field(default_factory=list, description='the query as read: words, "phrases", a OR b')
    ignored: list[str] = Field(default_factory=list, description="common words left out of the query")
    suggestions: list[SearchSuggestion] = Field(default_factory=list, description="when nothing is found")


@router.get("/api/compilations", tags=["compilations"])
def list_compilations(session: SessionDep, page: PageDep, request: Request, response: Response
                      ) -> list[documents.DocumentSummary]:
    """Every compilation (a round's Table of Inputs) in date order; each opens at /api/compilations/{slug}."""
    return page.apply(documents.list_documents(session=session, kind="compilation"), response, request)


@router.get("/api/compilations/{slug}", tags=["compilations"])
def get_compilation(slug: str, session: SessionDep, viewer: ViewerDep, filters: CompilationFiltersDep) -> CompilationOut:
    """The Table of Inputs as filtered; the same filters as its page (/compilations/{slug}), which shows
    one section at a time unless asked for all, and as its downloads; this answers the whole table unless filtered."""
    return CompilationOut.model_validate(compilation_service.compilation(
        session=session, slug=slug, filters=filters, viewer=viewer).public())


@router.get("/api/contention", tags=["analysis"])
def contention(session: SessionDep, viewer: ViewerDep, round: str | None = None) -> ContentionListOut:
    """The paragraphs of a round's base draft ranked by how contested they were (default: the newest
    published round with inputs)."""
    ref = contention_service.pick_round(session, round, viewer=viewer)
    ranking = contention_service.paragraph_contention(session=session, round=ref, viewer=viewer)
    return ContentionListOut(round=ref.public() if ref else None,
                             paragraphs=[ContentionOut.model_validate(asdict(c)) for c in ranking])


@router.get("/api/alignment", tags=["analysis"])
def alignment(session: SessionDep, viewer: ViewerDep, round: str | None = None) -> AlignmentOut:
    """Delegation-by-delegation similarity of the changes they asked for in one round."""
    ref = contention_service.pick_round(session, round, viewer=viewer)
    m = contention_service.delegation_alignment(session=session, round=ref, viewer=viewer)
    return AlignmentOut(round=ref.public() if ref else None, delegations=m.delegations, matrix=m.matrix,
                        agreements=m.agreements, shared=m.shared, agreement=m.agreement)


@router.get("/api/events", tags=["documents"])
def events(session: SessionDep) -> list[EventOut]:
    """The negotiation's meetings, deadlines and circulations, in date order."""
    return [EventOut.model_validate(e.public()) for e in timeline.events(session=session)]


@router.get("/api/search", tags=["search"])
def search(session: SessionDep, q: str = Query(min_length=1, max_length=500), document: str | None = None,
           delegation: str | None = None, section: str | None = None, page: int = Query(1, ge=1, le=MAX_PAGE),
           size: int = Query(20, ge=1, le=100)) -> SearchOut:
    """Full text over every paragraph and input; `snippet` marks hits with <mark>.

    `q`: words (all required), `"a phrase"`, `a OR b`. `section` is a section key, or
    `document:key` (which also chooses that document)."""
    r = search_service.search(session, q, document=document, delegation=delegation, section=section,
                              page=page, size=size)
    return SearchOut(query=r.query, total=r.total, page=r.page, size=r.size,
                     hits=[SearchHit.model_validate(h.public()) for h in r.hits], terms=r.terms,
                     ignored=r.ignored, suggestions=[SearchSuggestion.model_validate(s.public())
                                                     for s in r.suggestions])
