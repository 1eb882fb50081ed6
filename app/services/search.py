"""Full-text search over every paragraph and every input.

SQLite answers with FTS5 (porter stemming), PostgreSQL with its own full-text search
(english configuration, GIN index). Both return the same hit shape, with the matched
words marked by two private characters that the template turns into <mark> after
escaping, so a delegation's text can never inject markup through a snippet.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

from app.text.tokens import words

START, STOP = "\x02", "\x03"
MAX_QUERY_WORDS = 12


@dataclass
class Hit:
    kind: str
    document: str
    label: str
    section: str
    delegation: str | None
    ref: str
    snippet: str  # with START/STOP around matched words

    def parts(self) -> list[tuple[bool, str]]:
        """The snippet as (highlighted?, text) pieces, for safe rendering."""
        out = []
        for i, piece in enumerate(re.split(f"[{START}{STOP}]", self.snippet)):
            if piece:
                out.append((i % 2 == 1, piece))
        return out

    def public(self) -> dict[str, object]:
        return {"kind": self.kind, "document": self.document, "label": self.label, "section": self.section,
                "delegation": self.delegation, "ref": self.ref,
                "snippet": html.escape(self.snippet).replace(START, "<mark>").replace(STOP, "</mark>")}


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    page: int
    size: int


def _filters(document: str | None, delegation: str | None, section: str | None) -> tuple[str, dict[str, str]]:
    clauses, params = [], {}
    for name, value in (("document", document), ("delegation", delegation), ("section", section)):
        if value:
            clauses.append(f"e.{name} = :{name}")
            params[name] = value
    return "".join(f" AND {c}" for c in clauses), params


def search(session: Session, q: str, *, document: str | None = None, delegation: str | None = None,
           section: str | None = None, page: int = 1, size: int = 20) -> SearchResult:
    """Hits for every word of `q` (all must occur), best first."""
    terms = words(q)[:MAX_QUERY_WORDS]
    if not terms:
        return SearchResult(q, [], 0, page, size)
    where, params = _filters(document, delegation, section)
    offset = (page - 1) * size
    if session.get_bind().dialect.name == "sqlite":
        params["match"] = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
        base = f"FROM searchentry_fts f JOIN searchentry e ON e.id = f.rowid WHERE searchentry_fts MATCH :match{where}"
        total = session.exec(text(f"SELECT count(*) {base}").bindparams(**params)).one()[0]  # type: ignore[call-overload]
        rows = session.exec(text(  # type: ignore[call-overload]
            f"SELECT e.kind, e.document, e.label, e.section, e.delegation, e.ref, "
            f"snippet(searchentry_fts, 0, '{START}', '{STOP}', ' … ', 32) {base} "
            f"ORDER BY bm25(searchentry_fts), e.id LIMIT {size} OFFSET {offset}").bindparams(**params)).all()
    else:
        params["query"] = " ".join(terms)
        vec = "to_tsvector('english', e.text)"
        tsq = "plainto_tsquery('english', :query)"
        base = f"FROM searchentry e WHERE {vec} @@ {tsq}{where}"
        total = session.exec(text(f"SELECT count(*) {base}").bindparams(**params)).one()[0]  # type: ignore[call-overload]
        rows = session.exec(text(  # type: ignore[call-overload]
            f"SELECT e.kind, e.document, e.label, e.section, e.delegation, e.ref, "
            f"ts_headline('english', e.text, {tsq}, 'StartSel={START}, StopSel={STOP}, MaxWords=40, "
            f"MinWords=15, MaxFragments=2, FragmentDelimiter=\" … \"') {base} "
            f"ORDER BY ts_rank({vec}, {tsq}) DESC, e.id LIMIT {size} OFFSET {offset}").bindparams(**params)).all()
    return SearchResult(q, [Hit(*row) for row in rows], total, page, size)
