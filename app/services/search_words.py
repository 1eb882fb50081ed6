"""The words of the search index, for "did you mean" when a query finds nothing.

"non-punishment" finds nothing in the record, while "punishment" is in 63 entries: a reader
who is shown the corpus's own words nearest to theirs (the same stem, or a spelling one or
two letters away) can follow one instead of guessing. The vocabulary is read from the
search entries themselves (so it holds only what readers may see) and kept per process
until any write bumps a generation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlmodel import Session, select

from app import generation
from app.models import SearchEntry
from app.text.search_text import stem
from app.text.tokens import words

MIN_WORD = 3  # shorter words are not worth suggesting ("of", "un")
SPELLING_CUTOFF = 80  # rapidfuzz ratio: "punishmnet" -> "punishment" is 90, "victim" -> "victims" 92
PREFIX_STEM = 5  # a stem this long also gathers longer stems it begins ("penal" -> "penalties")

@dataclass(frozen=True)
class Vocabulary:
    """Each word of the index with the number of entries it occurs in, and the words of each stem."""

    counts: dict[str, int]
    by_stem: dict[str, tuple[str, ...]]

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def same_stem(self, word: str) -> list[str]:
        """The corpus's words sharing `word`'s stem (or, for a long stem, beginning with it), commonest first."""
        s = stem(word)
        found = set(self.by_stem.get(s, ()))
        if len(s) >= PREFIX_STEM:
            found.update(w for k, ws in self.by_stem.items() if k.startswith(s) for w in ws)
        found.discard(word)
        return sorted(found, key=lambda w: (-self.counts[w], w))

    def spelled_near(self, word: str, limit: int = 5) -> list[str]:
        """The corpus's words within a typo or two of `word`, nearest first."""
        found = process.extract(word, self.counts.keys(), scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF,
                                limit=limit + 1)
        return [w for w, _, _ in sorted(found, key=lambda f: (-f[1], -self.counts[f[0]], f[0])) if w != word][:limit]


def build(texts: list[str]) -> Vocabulary:
    """The vocabulary of some texts: a word counts once per text it occurs in."""
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update({w for w in words(t) if len(w) >= MIN_WORD and w.isalpha()})
    by_stem: dict[str, list[str]] = {}
    for w in counts:
        by_stem.setdefault(stem(w), []).append(w)
    return Vocabulary(dict(counts), {k: tuple(v) for k, v in by_stem.items()})


_CACHE: dict[str, tuple[tuple[int, int], Vocabulary]] = {}


def vocabulary(session: Session) -> Vocabulary:
    """The search index's vocabulary, rebuilt only when a write has bumped a generation."""
    key = str(session.get_bind().engine.url)
    stamp = generation.validator(session.connection())
    cached = _CACHE.get(key)
    if cached is None or cached[0] != stamp:
        cached = (stamp, build(list(session.exec(select(SearchEntry.text)))))
        _CACHE[key] = cached
    return cached[1]
