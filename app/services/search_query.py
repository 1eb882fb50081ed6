"""What a reader types into the search box, read once and written for each database.

The syntax is the one people already use on the web: words are all required, `"national
action plans"` is a phrase (its words in that order, next to each other), `victims OR
survivors` is either. A hyphenated word (`non-punishment`) is a phrase of its parts. The same
parsed query is written as an FTS5 MATCH string (SQLite) and as a tsquery of bound parameters
(PostgreSQL), both over the stems the index holds (app/text/search_text.py), so both answer
the same question with the same entries.

Common words ("the", "of", "not": PostgreSQL's english stop words) are left out of a query (the
page says which) and trimmed from a phrase's ends: as search terms they find nearly everything.
Inside a phrase they stay, and must be there: "trafficking in persons", not "trafficking of persons".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.text.search_text import stem
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
    def stems(self) -> tuple[str, ...]:
        """What the index holds for these words (app/text/search_text.py)."""
        return tuple(s for s in map(stem, self.words) if s)

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
        """The FTS5 MATCH expression over the indexed stems: each term a quoted string of its stems,
        so no input is read as syntax."""
        return " AND ".join("(" + " OR ".join('"' + " ".join(t.stems) + '"' for t in g) + ")" for g in self.groups)

    def tsquery(self) -> tuple[str, dict[str, str]]:
        """A PostgreSQL tsquery expression over the indexed stems (`simple`: taken as they are),
        and its parameters: every term is a bound value."""
        params: dict[str, str] = {}
        ands = []
        for g in self.groups:
            ors = []
            for t in g:
                name = f"t{len(params)}"
                params[name] = " ".join(t.stems)
                ors.append(f"phraseto_tsquery('simple', :{name})")
            ands.append("(" + " || ".join(ors) + ")")
        return "(" + " && ".join(ands) + ")", params


def _term(text: str, dropped: list[str]) -> Term | None:
    """A term from a quoted phrase or a bare piece, common words trimmed from its ends."""
    ws = [w for w in words(text) if stem(w)]
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
