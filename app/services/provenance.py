"""Agreed language: which passages a paragraph or a proposal shares with other documents.

A shingle index per negotiation, and one of the precedents, is built once per process and
rebuilt when the stored generation changes, so a paragraph page costs one lookup in each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, select
from sqlmodel.sql.expression import Select

from app import generation
from app.models import Document, Paragraph
from app.text.provenance import ShingleIndex, joint_idf

_CACHE: dict[tuple[str, object], tuple[tuple[int, int], ShingleIndex, dict[str, tuple[str, str, dt.date, str]]]] = {}


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
    match_kind: str = "borrowed"  # citation (an instrument's name) | stock (a common phrase) | borrowed
    weight: float = 0.0  # mean IDF of the passage's content words

    @property
    def agreed(self) -> bool:
        """Whether this is agreed language (borrowed wording), not a citation or a stock phrase."""
        return self.match_kind == "borrowed"

    def public(self) -> dict[str, object]:
        return {"document": self.document, "label": self.label, "kind": self.document_kind,
                "date": self.date.isoformat(), "text": self.source_text, "words": self.words,
                "score": self.score, "spans": {"query": list(self.query_span), "source": list(self.source_span)},
                "match_kind": self.match_kind, "weight": self.weight}


Meta = dict[str, tuple[str, str, dt.date, str]]
ALL = "all"  # the scope of a document outside any negotiation (a precedent): every paragraph
MAX_SCOPES = 64  # indexes kept per process; a scope not asked for in a while is rebuilt on demand


def stamp(session: Session) -> tuple[int, int]:
    """The stored generations the indexes are checked against: one tiny query, however large the
    corpus, so a write through any process is seen by every other one at its next page. A page
    fetches it once and passes it to every lookup it makes."""
    return generation.validator(session.connection())


def _published() -> Select:
    return (select(Paragraph, Document).join(Document)  # what readers may see
            .where(Document.state == "published", Document.retired_at.is_(None)))


def _index(session: Session, scope: int | None | str, fresh: tuple[int, int] | None = None
           ) -> tuple[ShingleIndex, Meta]:
    """The shingle index of one scope: the precedents (None), one negotiation (its id), or ALL,
    rebuilt when the generations (`fresh`, else fetched now) moved."""
    def query() -> Select:
        if scope is None:
            return _published().where(Document.negotiation_id.is_(None))
        return _published() if scope == ALL else _published().where(Document.negotiation_id == scope)
    return _cached(session, scope, query, fresh)


def _later_index(session: Session, document: Document, fresh: tuple[int, int]
                 ) -> tuple[ShingleIndex, Meta, Callable[[str], bool] | None]:
    """What `reused_in` searches for `document`, and what to skip in it. A negotiation's document: one
    index of its negotiation's and the precedents' documents dated after it (compilations left out),
    one per negotiation and date. A precedent: the index of everything, which its shared language
    already needs, with the documents not younger than it skipped (every later document of any
    negotiation is a place its language may have gone, so a second index would hold nearly all)."""
    if document.negotiation_id is None:
        index, meta = _index(session, ALL, fresh)

        def older(key: str) -> bool:
            _title, kind, date, _slug = meta[key]
            return kind == "compilation" or date <= document.date
        return index, meta, older

    def query() -> Select:
        return _published().where(Document.date > document.date, Document.kind != "compilation",
                                  Document.negotiation_id.is_(None) | (Document.negotiation_id == document.negotiation_id))
    index, meta = _cached(session, ("later", document.negotiation_id, document.date), query, fresh)
    return index, meta, None


def _cached(session: Session, scope: object, query: Callable[[], Select], fresh: tuple[int, int] | None
            ) -> tuple[ShingleIndex, Meta]:
    """The index of `query()`'s paragraphs, kept per database and scope until the generations move
    (the query is only built on a miss: building it costs more than a warm lookup)."""
    key = (str(session.get_bind().engine.url), scope)
    stamp_now = fresh if fresh is not None else stamp(session)
    cached = _CACHE.pop(key, None)
    if cached is None or cached[0] != stamp_now:
        index, meta = ShingleIndex(), {}
        for p, d in session.exec(query()):
            k = f"{d.slug}#{p.label}"
            if p.text.strip() and k not in index:
                index.add(k, p.text)
                meta[k] = (d.title, d.kind, d.date, d.slug)
        cached = (stamp_now, index, meta)
    _CACHE[key] = cached  # most recently used last
    while len(_CACHE) > MAX_SCOPES:
        del _CACHE[next(iter(_CACHE))]
    return cached[1], cached[2]


def _scopes(document: Document) -> list[int | None | str]:
    """What a document is compared with: a negotiation's, the precedents and its own negotiation
    (another negotiation's drafts are not agreed language); a precedent's, everything."""
    return [ALL] if document.negotiation_id is None else [None, document.negotiation_id]


def shared_language(session: Session, texts: Sequence[str], *, document: Document,
                    fresh: tuple[int, int] | None = None) -> list[list[SharedPassage]]:
    """For each text, its passages (>= 8 words) found in other documents: precedents, the outline
    and earlier drafts, never a document younger than this one (a 2015 plan cannot be the source of a
    2010 draft; it is where the draft's language was reused, see `reused_in`). Agreed language comes
    first, then citations and stock phrases, each longest first. Takes all of a page's texts at once
    so the index and its freshness check are fetched once per page, not once per text.

    A document of a negotiation is compared with the precedents and its own negotiation's documents:
    another negotiation's drafts are not agreed language, and searching them made a paragraph page
    grow with every negotiation in the database. A precedent is compared with everything (the
    instruments that echo it may be in any negotiation)."""
    fresh = fresh if fresh is not None else stamp(session)
    indexes = [_index(session, scope, fresh) for scope in _scopes(document)]
    # words weighed by how rare they are in what this document is compared with (its negotiation and the
    # precedents; for a precedent, everything): the same answer whatever other negotiations are loaded
    rarity = joint_idf([index for index, _meta in indexes])

    def excluder(meta: Meta) -> Callable[[str], bool]:
        def exclude(key: str) -> bool:
            _title, kind, date, slug = meta[key]
            return slug == document.slug or kind == "compilation" or date > document.date
        return exclude

    out: list[list[SharedPassage]] = []
    for text in texts:
        found = [s for index, meta in indexes for s in _passages(index, meta, text, excluder(meta), rarity)]
        out.append(sorted(found, key=_order))
    return out


def _order(s: SharedPassage) -> tuple[bool, int, str, str]:
    return (not s.agreed, -s.words, s.document, s.label)


def _passages(index: ShingleIndex, meta: dict[str, tuple[str, str, dt.date, str]], text: str,
              exclude: Callable[[str], bool] | None, rarity: Callable[[str], float] | None = None) -> list[SharedPassage]:
    """One text's matches, agreed language first, then longest first."""
    out = []
    for m in index.search(text, exclude=exclude, rarity=rarity):
        title, kind, date, slug = meta[m.key]
        out.append(SharedPassage(slug, title, kind, m.key.split("#", 1)[1], date, m.words, m.score,
                                 m.query_span, m.source_span, index.text(m.key), m.kind, m.weight))
    return sorted(out, key=_order)


def reused_in(session: Session, text: str, *, document: Document,
              fresh: tuple[int, int] | None = None) -> list[SharedPassage]:
    """Where this text's wording was taken up later: borrowed passages (not citations or stock phrases)
    of documents younger than `document`, e.g. the 2015 ASEAN plan repeating a clause of the Global
    Plan's first draft. The mirror of `shared_language`, which looks back only, over the same scopes:
    a precedent's language is looked for in every later document, a negotiation's in its own later
    drafts and the later precedents (another negotiation is not where its agreed language went, as
    it is not where it came from).

    For a negotiation's document only the documents dated after it are searched, in one index per
    negotiation and date built once per stored generation, so its page costs a lookup in what is
    younger than it in its scopes, not in the whole database. Words are weighed by their rarity over the whole scope, as `shared_language` weighs them."""
    fresh = fresh if fresh is not None else stamp(session)
    rarity = joint_idf([_index(session, scope, fresh)[0] for scope in _scopes(document)])
    index, meta, skip = _later_index(session, document, fresh)
    return [s for s in _passages(index, meta, text, skip, rarity) if s.agreed]
