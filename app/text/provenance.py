"""Agreed language: the passages a text shares with earlier instruments.

Negotiators reach for wording that States have already accepted elsewhere: the first draft
of the Global Plan repeats the Palermo Protocol's "especially women and children" and the
capacity-building phrasing of the ASEAN instruments. Such "agreed language" is hard to
strike, so a reader of a paragraph wants to know where it came from.

Comparing a paragraph with every paragraph of every document would grow with the corpus;
instead each indexed text is cut into word shingles (runs of `k` consecutive words) kept in
an inverted index, shingle -> postings (key, word position). A query looks up its own
shingles only, so its cost follows the query's length and the number of hits. Hits that
advance in step on both sides are chained into passages, tolerating a gap of up to two
words on either side, so that a changed word ("should" for "shall"), a case change or a
typographic quote does not break a passage in two. Words are compared as `tokens.words`
normalizes them, so punctuation never matters.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from app.text.tokens import word_spans

DEFAULT_K = 5  # shingle length: long enough that a hit means shared wording, not "of the"
MAX_GAP = 2  # words on either side that two chained shingles may skip: one or two changed words

# A hit's own diagonal first, then those a chain may have drifted from, nearest first: 0, -1, +1, -2, +2.
_DRIFTS = (0, *(sign * g for g in range(1, MAX_GAP + 1) for sign in (-1, 1)))
DEFAULT_MIN_WORDS = 8  # shorter shared runs ("trafficking in persons, especially women") are stock phrases
JOIN_GAP = 6  # two passages this close on both sides are one borrowing split by an insertion ...
JOIN_SKEW = 3  # ... of at most this many words more on one side ("their", "in order")

# What a match is. A citation names an instrument or a body ("the Convention on the Rights of the
# Child"): most of its content words are capitalized. A stock phrase is made of words found in a large
# share of the corpus ("to prevent, suppress and punish trafficking in persons"): its mean IDF is low.
# Everything else is borrowed operative language, the agreed language a negotiator looks for.
CITATION, STOCK, BORROWED = "citation", "stock", "borrowed"
CITATION_CAPITALS = 0.6  # share of content words capitalized for a citation (tuned on the gold set's tune half)
STOCK_IDF = 2.2  # mean IDF (natural log) of content words below which a passage is stock (tuned likewise)
FUNCTION_WORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the their this to was were which with "
    "all any such other these those who whom".split())


@dataclass(frozen=True)
class Match:
    """A passage of the query also found in one indexed text.

    Spans are character offsets (start, end) into the query text and into the indexed text,
    so a page can highlight both sides; `words` is the passage's length in query words and
    `score` the share of identical words in the aligned passage (1.0 for a verbatim copy).
    """

    key: str
    query_span: tuple[int, int]
    source_span: tuple[int, int]
    words: int
    score: float
    kind: str = BORROWED  # citation | stock | borrowed
    weight: float = field(default=0.0, compare=False)  # mean IDF of its content words: how rare its wording is


@dataclass(frozen=True)
class _Text:
    text: str
    spans: list[tuple[str, int, int]]  # word_spans(text): maps word positions back to characters


@dataclass
class _Chain:
    """Shingle hits that advance in step on both sides: one candidate passage, in word positions."""

    q_start: int
    s_start: int
    q_last: int  # position of the last chained shingle on each side
    s_last: int
    covered: set[int] = field(default_factory=set)  # query positions inside a chained shingle

    def accepts(self, i: int, j: int, k: int) -> bool:
        """Whether the hit (i, j) continues this chain: forward on both sides, gaps of at most MAX_GAP.

        Overlapping shingles must keep the same offset (a repeated phrase elsewhere in the
        source is another passage); past the shingle's end one side may skip words the other
        does not have (an inserted or deleted word).
        """
        dq, ds = i - self.q_last, j - self.s_last
        if dq <= 0 or ds <= 0:
            return False
        if dq <= k and ds <= k:
            return dq == ds
        return dq - k <= MAX_GAP and ds - k <= MAX_GAP

    def extend(self, i: int, j: int, k: int) -> None:
        self.q_last, self.s_last = i, j
        self.covered.update(range(i, i + k))


@dataclass
class _Passage:
    key: str
    q: tuple[int, int]  # word positions, end exclusive
    s: tuple[int, int]
    covered: set[int]


class ShingleIndex:
    """An inverted index of word shingles over many short texts (paragraphs), keyed by the caller.

    Keys are the caller's, e.g. "2015-asean-plan#IV-A-a"; the index only needs them to be
    unique. Each text's word spans are kept so that a match can be given in characters.
    """

    def __init__(self, k: int = DEFAULT_K) -> None:
        if k < 1:
            raise ValueError("shingle length k must be at least 1")
        self.k = k
        self._texts: dict[str, _Text] = {}
        self._postings: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
        self._df: Counter[str] = Counter()  # in how many indexed texts each word occurs, for IDF

    def __contains__(self, key: object) -> bool:
        return key in self._texts

    def add(self, key: str, text: str) -> None:
        """Index `text` under `key`; a key is indexed once, since postings cannot be taken back cheaply."""
        if key in self._texts:
            raise ValueError(f"'{key}' is already indexed")
        spans = word_spans(text)
        self._texts[key] = _Text(text, spans)
        ws = [w for w, _, _ in spans]
        self._df.update(set(ws))
        for j in range(len(ws) - self.k + 1):
            self._postings[tuple(ws[j:j + self.k])].append((key, j))

    def idf(self, word: str) -> float:
        """How rare `word` is across the indexed texts: log((N + 1) / (df + 1)), 0 for a word in all."""
        return math.log((len(self._texts) + 1) / (self._df.get(word, 0) + 1))


    def classify(self, text: str, spans: list[tuple[str, int, int]], start: int, end: int,
                 rarity: Callable[[str], float] | None = None) -> tuple[str, float]:
        """The kind of the passage `spans[start:end]` of `text` and the mean IDF of its content words.

        `rarity` is the IDF to weigh by, e.g. another index's `idf` over a whole corpus: an index of a
        few precedents alone finds "punish" rare."""
        idf = rarity or self.idf
        content = [(w, text[a:b]) for w, a, b in spans[start:end] if w not in FUNCTION_WORDS]
        if not content:
            return STOCK, 0.0
        weight = sum(idf(w) for w, _ in content) / len(content)
        capitals = sum(1 for _, raw in content if raw[:1].isupper())
        if capitals >= 3 and capitals / len(content) >= CITATION_CAPITALS:
            return CITATION, round(weight, 3)
        return (STOCK if weight < STOCK_IDF else BORROWED), round(weight, 3)

    def text(self, key: str) -> str:
        """The indexed text of `key`, for slicing a match's `source_span`."""
        return self._texts[key].text

    def search(self, text: str, *, min_words: int = DEFAULT_MIN_WORDS,
               exclude: Callable[[str], bool] | None = None,
               rarity: Callable[[str], float] | None = None) -> list[Match]:
        """The passages of `text` that indexed texts share, sorted by key then query position.

        Passages shorter than `min_words` query words are dropped (below `k` nothing can be
        found at all). `exclude` skips keys, e.g. the query's own document; `rarity` is the IDF
        that tells stock phrases from borrowed wording (default: this index's own).
        """
        spans = word_spans(text)
        ws = [w for w, _, _ in spans]
        hits: dict[str, list[tuple[int, int]]] = defaultdict(list)
        skipped: dict[str, bool] = {}
        for i in range(len(ws) - self.k + 1):
            for key, j in self._postings.get(tuple(ws[i:i + self.k]), ()):
                if exclude is not None:
                    if key not in skipped:
                        skipped[key] = exclude(key)
                    if skipped[key]:
                        continue
                hits[key].append((i, j))
        out: list[Match] = []
        for key in sorted(hits):
            source = self._texts[key]
            for p in _join(_merge(self._chains(key, hits[key]))):
                n_q, n_s = p.q[1] - p.q[0], p.s[1] - p.s[0]
                if n_q < min_words:
                    continue
                kind, weight = self.classify(text, spans, p.q[0], p.q[1], rarity)
                out.append(Match(
                    key=key,
                    query_span=(spans[p.q[0]][1], spans[p.q[1] - 1][2]),
                    source_span=(source.spans[p.s[0]][1], source.spans[p.s[1] - 1][2]),
                    words=n_q,
                    score=round(len(p.covered) / max(n_q, n_s), 4),
                    kind=kind,
                    weight=weight,
                ))
        return out

    def _chains(self, key: str, hits: list[tuple[int, int]]) -> list[_Passage]:
        """Chain one text's hits into passages.

        Hits arrive in query order; each joins the open chain on its own diagonal (i - j) or,
        failing that, one within MAX_GAP of it, so the work is linear in the number of hits.
        """
        k = self.k
        by_diagonal: dict[int, _Chain] = {}
        chains: list[_Chain] = []
        for i, j in sorted(hits):
            d = i - j
            for dd in (d + drift for drift in _DRIFTS):
                chain = by_diagonal.get(dd)
                if chain is not None and chain.accepts(i, j, k):
                    chain.extend(i, j, k)
                    if dd != d:
                        del by_diagonal[dd]
                    by_diagonal[d] = chain
                    break
            else:
                chain = _Chain(q_start=i, s_start=j, q_last=i, s_last=j, covered=set(range(i, i + k)))
                chains.append(chain)
                by_diagonal[d] = chain
        return [_Passage(key, (c.q_start, c.q_last + k), (c.s_start, c.s_last + k), c.covered)
                for c in chains]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _diagonal(p: _Passage) -> int:
    return p.q[0] - p.s[0]


def _merge(passages: list[_Passage]) -> list[_Passage]:
    """Join passages that overlap on both sides on (nearly) the same diagonal: the same wording
    reached by two chains.

    A passage overlapping on the query side only is the same words found at another place
    of the source (a phrase the source repeats): it stays a separate match. So does one whose
    source span merely touches another's at a different offset: merging those made one match
    of two runs at different places in the source, with the words of both counted once.
    """
    out: list[_Passage] = []
    for p in sorted(passages, key=lambda p: (p.q, p.s)):
        for m in out:
            if _overlaps(m.q, p.q) and _overlaps(m.s, p.s) and abs(_diagonal(m) - _diagonal(p)) <= MAX_GAP:
                m.q = (min(m.q[0], p.q[0]), max(m.q[1], p.q[1]))
                m.s = (min(m.s[0], p.s[0]), max(m.s[1], p.s[1]))
                m.covered |= p.covered
                break
        else:
            out.append(_Passage(p.key, p.q, p.s, set(p.covered)))
    return sorted(out, key=lambda p: (p.q, p.s))


def _join(passages: list[_Passage]) -> list[_Passage]:
    """Join consecutive passages that follow each other on both sides with a short gap between them.

    A borrowing with a few words inserted ("facilitate their access to assistance in order to
    enable" for "facilitate access to assistance to enable") leaves two runs whose gap is too long
    for a chain (MAX_GAP) but is one borrowing to a reader: joined when both gaps are at most
    JOIN_GAP words and differ by at most JOIN_SKEW.
    """
    out: list[_Passage] = []
    for p in sorted(passages, key=lambda p: (p.q, p.s)):
        m = out[-1] if out else None
        if m is not None:
            gap_q, gap_s = p.q[0] - m.q[1], p.s[0] - m.s[1]
            if 0 <= gap_q <= JOIN_GAP and 0 <= gap_s <= JOIN_GAP and abs(gap_q - gap_s) <= JOIN_SKEW:
                m.q, m.s = (m.q[0], p.q[1]), (m.s[0], p.s[1])
                m.covered |= p.covered
                continue
        out.append(_Passage(p.key, p.q, p.s, set(p.covered)))
    return out


def joint_idf(indexes: Sequence["ShingleIndex"]) -> Callable[[str], float]:
    """`idf` over the texts of several indexes taken together (a negotiation's own documents and the
    precedents): the rarity a reader of that negotiation sees, whatever other negotiations exist."""
    n = sum(len(ix._texts) for ix in indexes)
    return lambda word: math.log((n + 1) / (sum(ix._df.get(word, 0) for ix in indexes) + 1))
