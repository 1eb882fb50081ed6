"""Downloads: the comment table, documents and comparisons as Word, CSV, JSON and Akoma Ntoso."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from app.deps import CompilationFiltersDep, SessionDep, ViewerDep
from app.errors import BadInput
from app.services import exports
from app.services.exports import AKN, CSV, DOCX

router = APIRouter(tags=["exports"])

def _file(media_type: str) -> dict[int | str, dict[str, Any]]:
    return {200: {"content": {media_type: {}}, "description": "the file, as an attachment"}}


def send(d: exports.Download) -> Response:
    return Response(d.content, media_type=d.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{d.filename}"'})


@router.get("/api/compilations/{slug}/export.docx", response_class=Response, responses=_file(DOCX))
def compilation_docx(slug: str, session: SessionDep, viewer: ViewerDep, filters: CompilationFiltersDep,
                     tracked: Annotated[bool, Query(description="with `delegation`: its inputs as tracked changes "
                                                                "by it on the whole base draft")] = False) -> Response:
    """The comment table as Word, laid out as the UN's Table of Inputs (landscape A4, header row repeated),
    with the rows the page shows for the same filters; with `tracked=true&delegation=eu`, the base draft
    with the EU's inputs as its tracked changes."""
    if tracked:
        if not filters.delegation:
            raise BadInput("tracked=true shows one delegation's inputs: say which (delegation=...)")
        return send(exports.proposals_download(session, slug, filters.delegation, viewer))
    return send(exports.compilation_download(session, slug, "docx", filters, viewer))


@router.get("/api/compilations/{slug}/export.csv", response_class=Response, responses=_file(CSV))
def compilation_csv(slug: str, session: SessionDep, viewer: ViewerDep, filters: CompilationFiltersDep) -> Response:
    """One row per input: paragraph, delegation, kind, stance, text, resolved text, rationale, uptake, source lines."""
    return send(exports.compilation_download(session, slug, "csv", filters, viewer))


@router.get("/api/compilations/{slug}/export.json", response_class=Response, responses=_file("application/json"))
def compilation_json(slug: str, session: SessionDep, viewer: ViewerDep, filters: CompilationFiltersDep) -> Response:
    """The CSV's rows as JSON."""
    return send(exports.compilation_download(session, slug, "json", filters, viewer))


@router.get("/api/compilations/{slug}/export.akn.xml", response_class=Response, responses=_file(AKN))
def compilation_akn(slug: str, session: SessionDep, viewer: ViewerDep, filters: CompilationFiltersDep) -> Response:
    """The inputs as an Akoma Ntoso 3.0 amendmentList."""
    return send(exports.compilation_download(session, slug, "akn", filters, viewer))


@router.get("/api/documents/{slug}/export.docx", response_class=Response, responses=_file(DOCX))
def document_docx(slug: str, session: SessionDep, viewer: ViewerDep) -> Response:
    """A document as Word: headings, sections, numbered paragraphs, gaps in the scan visible."""
    return send(exports.document_download(session, slug, "docx", viewer))


@router.get("/api/documents/{slug}/export.akn.xml", response_class=Response, responses=_file(AKN))
def document_akn(slug: str, session: SessionDep, viewer: ViewerDep) -> Response:
    """A document as an Akoma Ntoso 3.0 doc, an eId on every paragraph."""
    return send(exports.document_download(session, slug, "akn", viewer))


@router.get("/api/compare/{old}/{new}/export.docx", response_class=Response, responses=_file(DOCX))
def comparison_docx(old: str, new: str, session: SessionDep) -> Response:
    """Two versions as one Word file with real tracked changes (Accept All gives the later text)."""
    return send(exports.comparison_download(session, old, new))
