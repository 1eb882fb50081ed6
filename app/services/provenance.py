"""Agreed language: which passages a paragraph or a proposal shares with other documents.

The shingle index over every paragraph is built once per process and rebuilt when the
paragraphs change (a cheap aggregate query tells), so a paragraph page costs one lookup.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, func, select

from app.models import Document, Paragraph
from app.text.provenance import ShingleIndex

_CACHE: dict[str, tuple[tuple[object, ...], ShingleIndex, dict[str, tuple[str, str, dt.date, str]]]] = {}


@dataclass
class SharedPassage:
    document: str
    document_title: str
    document_kind: str
    label: str
    date: dt.date
    words: int
    score: float
    query_span: tuple[int, int]
    source_span: tuple[int, int]
    source_text: str

    def public(self) -> dict[str, object]:
        return {"document": self.document, "label": self.label, "kind": self.document_kind,
                "date": self.date.isoformat(), "text": self.source_text, "words": self.words,
                "score": self.score, "spans": {"query": list(self.query_span), "source": list(self.source_span)}}


def _index(session: Session) -> tuple[ShingleIndex, dict[str, tuple[str, str, dt.date, str]]]:
    url = str(session.get_bind().engine.url)
    stamp = tuple(session.exec(select(func.count(Paragraph.id), func.max(Paragraph.id),
                                      func.sum(func.length(Paragraph.text)))).one())
    cached = _CACHE.get(url)
    if cached and cached[0] == stamp:
        return cached[1], cached[2]
    index = ShingleIndex()
    meta: dict[str, tuple[str, str, dt.date, str]] = {}
    for p, d in session.exec(select(Paragraph, Document).join(Document)  # what readers may see
                             .where(Document.state == "published", Document.retired_at.is_(None))):
        key = f"{d.slug}#{p.label}"
        if p.text.strip() and key not in index:
            index.add(key, p.text)
            meta[key] = (d.title, d.kind, d.date, d.slug)
    _CACHE[url] = (stamp, index, meta)
    return index, meta


def shared_language(session: Session, texts: Sequence[str], *, document: Document) -> list[list[SharedPassage]]:
    """For each text, its passages (>= 8 words) found in other documents: precedents, the outline
    and earlier drafts, not later drafts (they mostly repeat it). Takes all of a page's texts at once
    so the index and its freshness check are fetched once per page, not once per text."""
    index, meta = _index(session)

    def exclude(key: str) -> bool:
        _title, kind, date, slug = meta[key]
        return slug == document.slug or kind == "compilation" or (kind == "draft" and date > document.date)

    return [_passages(index, meta, text, exclude) for text in texts]


def _passages(index: ShingleIndex, meta: dict[str, tuple[str, str, dt.date, str]], text: str,
              exclude: Callable[[str], bool]) -> list[SharedPassage]:
    """One text's matches, longest first."""
    out = []
    for m in index.search(text, exclude=exclude):
        title, kind, date, slug = meta[m.key]
        out.append(SharedPassage(slug, title, kind, m.key.split("#", 1)[1], date, m.words, m.score,
                                 m.query_span, m.source_span, index.text(m.key)))
    return sorted(out, key=lambda s: (-s.words, s.document, s.label))
