"""The search's view of a text: its stems, for the index, and a snippet with a query's words marked.

SQLite's FTS5 (Porter stemmer, its own tokenizer) and PostgreSQL (Snowball, a parser that reads
"criminalization/prosecution" as a file path) found different entries for one word in one of
twenty words of the corpus ("generate": 60 entries on one, 1 on the other). So the text is split
and stemmed here, once, for both: each database indexes these stems as plain words and is asked
for the same stems, and a snippet is cut here too. The same query finds the same entries on both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import snowballstemmer

from app.text.tokens import is_word, normalize, tokenize, words

_STEMMER = snowballstemmer.stemmer("english")
_APOSTROPHES = re.compile(r"['’]")
SNIPPET_WORDS = 32  # about two lines of text around the first match
LEAD_WORDS = 6  # words kept before the first match, for context


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A normalized word's Snowball (Porter 2) stem, accents and apostrophes dropped ("state's" -> "state").

    Remembered: a corpus has a few thousand words, each met many times, and the pure-Python
    stemmer costs about as much per word as the rest of indexing (4 s for 1,000 entries uncached)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    s = _STEMMER.stemWord(plain)  # accents first: the stemmer's vowels are plain letters ("éducation")
    return _APOSTROPHES.sub("", s)


def stems(text: str) -> list[str]:
    """The stems of a text's words, in order (a word that stems to nothing is left out)."""
    return [s for s in map(stem, words(text)) if s]


def index_terms(text: str) -> str:
    """What the databases index: the text's stems, separated by spaces."""
    return " ".join(stems(text))


Phrase = Sequence[str]  # a query term's stems: one, or several side by side


def snippet(text: str, terms: Sequence[Phrase], start: str, stop: str, ellipsis: str = " … ") -> str:
    """About SNIPPET_WORDS words of `text` around its first match, every match put between `start`
    and `stop` (a phrase as one span, across the punctuation between its words)."""
    tokens = tokenize(text)
    at = [i for i, t in enumerate(tokens) if is_word(t)]  # token index of each word
    keys = [stem(normalize(tokens[i])) for i in at]
    marked: list[tuple[int, int]] = []  # (first word, last word) of each match
    for phrase in terms:
        n = len(phrase)
        marked += [(w, w + n - 1) for w in range(len(keys) - n + 1) if keys[w:w + n] == list(phrase)]
    marked = _merged(marked)
    first = max(0, marked[0][0] - LEAD_WORDS) if marked else 0
    last = min(len(at), first + SNIPPET_WORDS)
    opens = {at[a] for a, b in marked if first <= a and b < last}
    closes = {at[b] for a, b in marked if first <= a and b < last}
    out = [ellipsis.lstrip()] if first else []
    begin = at[first] if first else 0
    end = at[last - 1] + 1 if last < len(at) else len(tokens)
    for i in range(begin, end):
        tok = tokens[i]
        word, space = tok.rstrip(), tok[len(tok.rstrip()):]
        out.append((start if i in opens else "") + word + (stop if i in closes else "") + space)
    body = "".join(out).rstrip()
    return body + (ellipsis.rstrip() if last < len(at) else "")


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping matches as one ("trust fund" OR "fund" marks "trust fund" once)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out
