"""Reading uploads: a delegation's Word file into inputs on a draft, previewed before anything is written.

The formats package reads the bytes; this module gives it the base draft's paragraphs and the
limits from the settings, and turns the formats' refusals into the domain errors the API answers
with (415 not a Word file, 413 too large or a zip bomb, 422 unsafe or unreadable).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlmodel import Session, select

from app.config import Settings
from app.errors import BadInput, PayloadTooLarge, UnsupportedFile
from app.formats.proposals import BaseParagraph, ImportResult, read_proposals
from app.formats.upload import FormatError, Limits, NotADocx, TooLarge
from app.models import Paragraph
from app.services.documents import get_document_row

T = TypeVar("T")


def limits(settings: Settings) -> Limits:
    return Limits(max_bytes=settings.max_upload_bytes, max_unpacked=settings.max_upload_unpacked)


def refusing(read: Callable[[], T]) -> T:
    """Run a formats reader, turning its refusals into the errors the API maps to 4xx."""
    try:
        return read()
    except TooLarge as exc:
        raise PayloadTooLarge(exc.reason) from exc
    except NotADocx as exc:
        raise UnsupportedFile(exc.reason) from exc
    except FormatError as exc:
        raise BadInput(exc.reason) from exc


def base_paragraphs(session: Session, slug: str) -> list[BaseParagraph]:
    doc = get_document_row(session=session, slug=slug)
    rows = session.exec(select(Paragraph.label, Paragraph.text).where(Paragraph.document_id == doc.id)
                        .order_by(Paragraph.order)).all()
    return [BaseParagraph(label, text) for label, text in rows]


def preview_docx(session: Session, *, base: str, data: bytes, settings: Settings) -> ImportResult:
    """What a delegation's file proposes on the draft `base`: nothing is written."""
    paragraphs = base_paragraphs(session, base)
    return refusing(lambda: read_proposals(data, paragraphs, limits(settings)))
