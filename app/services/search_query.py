"""What a reader types into the search box, read once and written for each database.

The syntax is the one people already use on the web: words are all required, `"national
action plans"` is a phrase (its words in that order, next to each other), `victims OR
survivors` is either. A hyphenated word (`non-punishment`) is a phrase of its parts, as both
databases index it. The same parsed query is then written as an FTS5 MATCH string (SQLite)
and as a tsquery built from bound parameters (PostgreSQL), so both answer the same question.

PostgreSQL's english configuration drops common words ("the", "of", "not") from what it
indexes, and FTS5 does not: a query of "the" would find 705 entries on one and none on the
other. So common words are left out of the query on both (and the page says which), and
trimmed from a phrase's ends. Inside a phrase they stay, and both ask for that exact word
(PostgreSQL by rechecking such a phrase without stemming: see `SearchQuery.tsquery`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.text.tokens import words

MAX_QUERY_WORDS = 12

# PostgreSQL's english stop words (tsearch_data/english.stop, from the Snowball project).
STOP_WORDS = frozenset("""
i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
it its itself they them their theirs themselves what which who whom this that these those am is are was were be
been being have has had having do does did doing a an the and but if or because as until while of at by for with
about against between into through during before after above below to from up down in out on off over under
again further then once here there when where why how all any both each few more most other some such no nor not
only own same so than too very s t can will just don should now
""".split())

_PIECES = re.compile(r'"([^"]*)"?|(\S+)')
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
OR = "OR"


@dataclass(frozen=True)
class Term:
    """One word, or a phrase: words that must stand together in this order."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def __str__(self) -> str:
        return f'"{" ".join(self.words)}"' if self.is_phrase else self.words[0]


@dataclass(frozen=True)
class SearchQuery:
    """Every group must match; a group matches when any of its terms does."""

    groups: tuple[tuple[Term, ...], ...]
    dropped: tuple[str, ...] = ()  # the common words left out, to tell the reader

    def __bool__(self) -> bool:
        return bool(self.groups)

    @property
    def terms(self) -> list[Term]:
        return [t for g in self.groups for t in g]

    def fts5(self) -> str:
        """The FTS5 MATCH expression: each term a quoted string, so no input is read as syntax."""
        def quoted(t: Term) -> str:
            return '"' + " ".join(t.words).replace('"', '""') + '"'
        return " AND ".join("(" + " OR ".join(quoted(t) for t in g) + ")" for g in self.groups)

    def tsquery(self) -> tuple[str, str, dict[str, str]]:
        """A PostgreSQL tsquery expression, a condition that rechecks its phrases, and their parameters.

        The tsquery (english: stemmed, common words as gaps) is what the GIN index answers. A
        phrase with a common word inside ("trafficking in persons") would match any word in that
        gap ("trafficking of persons"), so such a phrase is rechecked, exactly, on the text's
        `simple` vector (every word, unstemmed): what FTS5 asks for on SQLite."""
        params: dict[str, str] = {}
        ands, checks = [], []
        for g in self.groups:
            ors, exact = [], []
            for t in g:
                name = f"t{len(params)}"
                params[name] = " ".join(t.words)
                ors.append(f"phraseto_tsquery('english', :{name})")
                exact.append(f"to_tsvector('simple', e.text) @@ phraseto_tsquery('simple', :{name})"
                             if any(w in STOP_WORDS for w in t.words) else
                             f"to_tsvector('english', e.text) @@ phraseto_tsquery('english', :{name})")
            ands.append("(" + " || ".join(ors) + ")")
            if any("'simple'" in e for e in exact):
                checks.append("(" + " OR ".join(exact) + ")")
        return "(" + " && ".join(ands) + ")", " AND ".join(checks) or "TRUE", params


def _term(text: str, dropped: list[str]) -> Term | None:
    """A term from a quoted phrase or a bare piece, common words trimmed from its ends."""
    ws = words(text)
    while ws and ws[0] in STOP_WORDS:
        dropped.append(ws.pop(0))
    while ws and ws[-1] in STOP_WORDS:
        dropped.append(ws.pop())
    return Term(tuple(ws)) if ws else None


def parse(q: str) -> SearchQuery:
    """Read a query: words AND-ed, `"a phrase"`, `a OR b` (OR binds tighter than the spaces)."""
    groups: list[list[Term]] = []
    dropped: list[str] = []
    joining = False  # the last piece was OR: the next term joins the previous group
    budget = MAX_QUERY_WORDS
    for m in _PIECES.finditer(q.translate(_QUOTES)):
        phrase, bare = m.group(1), m.group(2)
        if bare == OR or bare == "|":
            joining = bool(groups)
            continue
        term = _term(phrase if phrase is not None else bare, dropped)
        if term is None or budget <= 0:
            continue  # a piece of only common words or punctuation leaves the OR pending
        term = Term(term.words[:budget])
        budget -= len(term.words)
        if joining and term not in groups[-1]:
            groups[-1].append(term)
        elif not joining:
            groups.append([term])
        joining = False
    unique: list[tuple[Term, ...]] = []
    for g in groups:
        if tuple(g) not in unique:
            unique.append(tuple(g))
    return SearchQuery(tuple(unique), tuple(dict.fromkeys(dropped)))
