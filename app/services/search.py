"""Full-text search over every paragraph and every input.

SQLite answers with FTS5, PostgreSQL with a GIN index over a tsvector, both over the stems
each entry keeps (app/text/search_text.py), for the same parsed query (`search_query`: words,
"phrases", OR): so both find the same entries. Snippets are cut in Python from the text, the
matched words marked by two private characters that the template turns into <mark> after escaping, so a delegation's text can
never inject markup through a snippet. A query that finds nothing comes back with the
corpus's nearest words (`search_words`), each with what it would find.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from app.models import Delegation, Document, Negotiation, SearchEntry, Section
from app.services import search_words
from app.services.search_query import SearchQuery, Term, parse
from app.text.search_text import snippet

START, STOP = "\x02", "\x03"
MAX_SUGGESTIONS = 8
_CANDIDATES = 24  # suggestions counted at most per query (each is one indexed count)


@dataclass
class Hit:
    kind: str
    document: str
    label: str
    section: str
    delegation: str | None
    ref: str
    snippet: str  # with START/STOP around matched words
    document_title: str = ""
    section_title: str = ""
    delegation_name: str | None = None

    def parts(self) -> list[tuple[bool, str]]:
        """The snippet as (highlighted?, text) pieces, for safe rendering."""
        out = []
        for i, piece in enumerate(re.split(f"[{START}{STOP}]", self.snippet)):
            if piece:
                out.append((i % 2 == 1, piece))
        return out

    @property
    def anchor(self) -> str:
        """The input's fragment on its paragraph page (its key's last part), or "" for a paragraph."""
        return f"input-{self.ref.split('/')[-1]}" if self.kind == "input" else ""

    def public(self) -> dict[str, object]:
        return {"kind": self.kind, "document": self.document, "label": self.label, "section": self.section,
                "delegation": self.delegation, "ref": self.ref,
                "snippet": html.escape(self.snippet).replace(START, "<mark>").replace(STOP, "</mark>"),
                "document_title": self.document_title, "section_title": self.section_title,
                "delegation_name": self.delegation_name}


@dataclass
class Suggestion:
    """Another query to try, the word it brings in, and how many entries it finds."""

    query: str
    word: str
    total: int

    def public(self) -> dict[str, object]:
        return {"query": self.query, "word": self.word, "total": self.total}


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    page: int
    size: int
    terms: list[str] = field(default_factory=list)  # the query as read: words, "phrases", a OR b
    ignored: list[str] = field(default_factory=list)  # common words left out
    suggestions: list[Suggestion] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    document: str | None = None
    delegation: str | None = None
    section: str | None = None

    @classmethod
    def read(cls, document: str | None, delegation: str | None, section: str | None) -> Filters:
        """`section` may name its document (`2010-04-16-first-draft:annex-ii`, as the page's
        section list does): then it also chooses that document, unless another one is chosen,
        in which case the section (of a document not searched) is let go."""
        if section and ":" in section:
            doc, section = section.split(":", 1)
            if document and document != doc:
                section = None
            document = document or doc
        return cls(document or None, delegation or None, section or None)

    def sql(self) -> tuple[str, dict[str, str]]:
        clauses, params = [], {}
        for name in ("document", "delegation", "section"):
            if value := getattr(self, name):
                clauses.append(f" AND e.{name} = :{name}")
                params[name] = value
        return "".join(clauses), params


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _match(session: Session, query: SearchQuery, filters: Filters) -> tuple[str, dict[str, Any], str]:
    """The FROM/WHERE clause of a search over the indexed stems, its parameters, and how to rank."""
    where, params = filters.sql()
    if _sqlite(session):
        params["match"] = query.fts5()
        return (f"FROM searchentry_fts f JOIN searchentry e ON e.id = f.rowid "
                f"WHERE searchentry_fts MATCH :match{where}"), params, "bm25(searchentry_fts)"
    tsq, tparams = query.tsquery()
    vec = "e.terms_tsv"  # to_tsvector('simple', terms), stored (migration 0006)
    return f"FROM searchentry e WHERE {vec} @@ {tsq}{where}", {**params, **tparams}, f"ts_rank({vec}, {tsq}) DESC"


def _count(session: Session, query: SearchQuery, filters: Filters) -> int:
    base, params, _ = _match(session, query, filters)
    return int(session.exec(text(f"SELECT count(*) {base}").bindparams(**params)).one()[0])  # type: ignore[call-overload]


def _hits(session: Session, query: SearchQuery, filters: Filters, size: int, offset: int) -> list[Hit]:
    """One page of hits, best first, each with a snippet cut around its first match."""
    base, params, rank = _match(session, query, filters)
    rows = session.exec(text(  # type: ignore[call-overload]
        f"SELECT e.kind, e.document, e.label, e.section, e.delegation, e.ref, e.text {base} "
        f"ORDER BY {rank}, e.id LIMIT {size} OFFSET {offset}").bindparams(**params)).all()
    marks = [t.stems for t in query.terms]
    return [Hit(*row[:6], snippet(row[6], marks, START, STOP)) for row in rows]


def _name(hits: list[Hit], session: Session) -> None:
    """Give each hit its document's title, its section's and its delegation's name (slugs are for URLs)."""
    docs = {h.document for h in hits}
    if not docs:
        return
    titles = dict(session.exec(select(Document.slug, Document.title).where(Document.slug.in_(docs))).all())
    sections = {(d, k): t for d, k, t in session.exec(
        select(Document.slug, Section.key, Section.title).join(Document, Document.id == Section.document_id)
        .where(Document.slug.in_(docs))).all()}
    names = dict(session.exec(select(Delegation.slug, Delegation.name)
                              .where(Delegation.slug.in_({h.delegation for h in hits if h.delegation}))).all())
    for h in hits:
        h.document_title = titles.get(h.document, h.document)
        h.section_title = sections.get((h.document, h.section), h.section)
        h.delegation_name = names.get(h.delegation, h.delegation) if h.delegation else None


def search(session: Session, q: str, *, document: str | None = None, delegation: str | None = None,
           section: str | None = None, page: int = 1, size: int = 20) -> SearchResult:
    """Hits for `q` (words all required, "phrases", a OR b), best first; suggestions when none."""
    query = parse(q)
    filters = Filters.read(document, delegation, section)
    result = SearchResult(q, [], 0, page, size, [" OR ".join(map(str, g)) for g in query.groups],
                          list(query.dropped))
    if not query:
        return result
    result.total = _count(session, query, filters)
    if result.total:
        result.hits = _hits(session, query, filters, size, (page - 1) * size)
        _name(result.hits, session)
    else:
        result.suggestions = suggest(session, query, filters)
    return result


def _render(groups: list[list[Term]]) -> str:
    return " ".join(" OR ".join(map(str, g)) for g in groups)


PER_WORD = 4  # alternatives tried for each word of the query, of each kind


def _swaps(query: SearchQuery, vocab: search_words.Vocabulary) -> list[tuple[str, str, SearchQuery]]:
    """(query text, word brought in, query): each query word swapped for a corpus word of its stem
    ("punished" for "punishment") or spelling ("protection" for "protectoin")."""
    out: list[tuple[str, str, SearchQuery]] = []
    groups = [list(g) for g in query.groups]
    for gi, g in enumerate(groups):
        for ti, term in enumerate(g):
            for wi, w in enumerate(term.words):
                for alt in vocab.same_stem(w)[:PER_WORD] + vocab.spelled_near(w, PER_WORD):
                    swapped = [list(x) for x in groups]
                    swapped[gi][ti] = Term(term.words[:wi] + (alt,) + term.words[wi + 1:])
                    out.append((_render(swapped), alt, SearchQuery(tuple(tuple(x) for x in swapped))))
    return out


def _singles(query: SearchQuery, vocab: search_words.Vocabulary) -> list[tuple[str, str, SearchQuery]]:
    """Each word of a longer query alone ("punishment" for "non-punishment")."""
    ws = list(dict.fromkeys(w for t in query.terms for w in t.words))
    if len(ws) < 2:
        return []
    return [(w, w, SearchQuery(((Term((w,)),),))) for w in ws if w in vocab and len(w) > search_words.MIN_WORD]


def suggest(session: Session, query: SearchQuery, filters: Filters) -> list[Suggestion]:
    """Queries near `query` that do find something under the same filters: the query with a word
    swapped first (most hits first), then its words alone."""
    vocab = search_words.vocabulary(session)
    seen = {query.fts5()}  # one search per set of stems: "education" and "educational" find the same
    found: list[Suggestion] = []
    for candidates in (_swaps(query, vocab), _singles(query, vocab)):
        batch = []
        for text_, word, alt in candidates:
            if alt.fts5() not in seen and len(seen) <= _CANDIDATES:
                seen.add(alt.fts5())
                if n := _count(session, alt, filters):
                    batch.append(Suggestion(text_, word, n))
        found += sorted(batch, key=lambda s: -s.total)
    return found[:MAX_SUGGESTIONS]


PRECEDENTS = "Precedents (outside any negotiation)"


@dataclass(frozen=True)
class SectionChoice:
    value: str  # document:key, what the page's section list sends
    key: str
    title: str


@dataclass(frozen=True)
class DocumentChoice:
    slug: str
    title: str
    sections: list[SectionChoice]
    negotiation: str = PRECEDENTS  # the negotiation's title, to group the list by



@dataclass(frozen=True)
class Choices:
    """What the search form offers: the searchable documents with their sections, and the delegations."""

    documents: list[DocumentChoice]
    delegations: list[tuple[str, str]]  # (slug, name)

    def by_negotiation(self) -> list[tuple[str, list[DocumentChoice]]]:
        """The documents grouped by negotiation, in date order, the precedents last."""
        groups: dict[str, list[DocumentChoice]] = {}
        for d in self.documents:
            groups.setdefault(d.negotiation, []).append(d)
        return sorted(groups.items(), key=lambda g: g[0] == PRECEDENTS)


def choices(session: Session) -> Choices:
    """The documents and delegations that have search entries, by title and name, sections in reading order."""
    present = select(SearchEntry.document).distinct()
    docs = session.exec(select(Document.slug, Document.title, Negotiation.title)
                        .join(Negotiation, Negotiation.id == Document.negotiation_id, isouter=True)
                        .where(Document.slug.in_(present))
                        .order_by(Document.date, Document.slug)).all()
    sections: dict[str, list[SectionChoice]] = {}
    for slug, key, title in session.exec(
            select(Document.slug, Section.key, Section.title).join(Document, Document.id == Section.document_id)
            .where(Document.slug.in_(present), Section.retired_at.is_(None)).order_by(Section.order)):
        sections.setdefault(slug, []).append(SectionChoice(f"{slug}:{key}", key, title))
    delegs = session.exec(select(Delegation.slug, Delegation.name)
                          .where(Delegation.slug.in_(select(SearchEntry.delegation).distinct()))
                          .order_by(Delegation.name)).all()
    return Choices([DocumentChoice(s, t, sections.get(s, []), n or PRECEDENTS) for s, t, n in docs],
                   [(s, n) for s, n in delegs])
