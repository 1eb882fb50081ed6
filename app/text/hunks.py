"""A redline's changes as phrases at their place in the base, and what another version has there.

Uptake asks of each change a delegation proposed whether the next draft made *that* change *at
that place*; counting words anywhere in the paragraph credited a two-word phrase as "partial"
because the next draft added one of its words in another clause. So a proposal's redline
against the base is cut into hunks (each run of struck and inserted text between kept words,
at its base position), and the next version, aligned to the same base, is read at the same
position: the text it has between the base words it keeps on either side of the hunk.

Text lost in the scan is neither kept nor changed. A successor's lost passage shows either as
the curators' `[...]` inside its text or, in a redline that knows about it, as an op of its own
(`[2, text]`, text being the base words it stands against); a hunk that falls there cannot be
settled either way.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from app.text.redline import Edit, Op
from app.text.tokens import word_spans

LOST_MARK = re.compile(r"\[\s*(?:\.\s*){3}\]|\[\s*…\s*\]")  # the curators' gap: "[...]"
SLACK = 3  # words either side of a hunk where the next version may make the same change a little off
LOST = 2  # the op of a lost passage (branch truthlost's Op.LOST): neither kept nor changed


def base_part(e: Edit) -> str:
    """What an edit of a base -> other redline holds of the base. A lost passage (op 2) carries, as
    its text, the words of the other text it stands against, and as `mark` the gap as written;
    `lost_in` says which text holds the gap (1 the other, -1 the base)."""
    if e.op == LOST:
        return e.text if getattr(e, "lost_in", 1) == 1 else getattr(e, "mark", "")
    return "" if e.op == Op.INSERT else e.text


def other_part(e: Edit) -> str:
    """What an edit holds of the other text (see `base_part`)."""
    if e.op == LOST:
        return e.text if getattr(e, "lost_in", 1) == -1 else getattr(e, "mark", "")
    return "" if e.op == Op.DELETE else e.text


@dataclass(frozen=True)
class Hunk:
    """One change of a redline: base[base_start:base_end] struck (empty for a pure insertion)
    and `inserted` put in its place; `lost` when the other side's text is lost there."""

    base_start: int
    base_end: int
    deleted: str
    inserted: str
    lost: bool = False


def hunks(edits: Sequence[Edit]) -> list[Hunk]:
    """The changes of a redline, each at its place in the base. Changes separated only by
    punctuation or spacing ("A, B" -> "X, Y") are one change: a reader sees one rewrite."""
    out: list[Hunk] = []
    pos = 0
    start: int | None = None
    deleted = inserted = ""
    lost = False
    for e in edits:
        if e.op == Op.EQUAL and word_spans(e.text):
            if start is not None:
                out.append(Hunk(start, pos, deleted, inserted, lost))
                start, deleted, inserted, lost = None, "", "", False
            pos += len(e.text)
            continue
        if start is None:
            start = pos
        if e.op == Op.INSERT:
            inserted += e.text
            continue
        if e.op == Op.EQUAL:  # punctuation between two changes: inside the hunk on both sides
            inserted += e.text
        elif e.op == LOST:  # the other side's text is lost here: the base words it stands against are
            lost = True    # inside the change's span, but nobody is known to have struck them
            pos += len(base_part(e))
            continue
        deleted += e.text
        pos += len(e.text)
    if start is not None:
        out.append(Hunk(start, pos, deleted, inserted, lost))
    return [h for h in out if h.lost or h.deleted != h.inserted]  # not a lone equal comma


@dataclass(frozen=True)
class Piece:
    """One edit of a base -> other redline with its place on both sides."""

    op: int
    base_start: int
    base_end: int
    other_start: int
    other_end: int


class Alignment:
    """Another version of a paragraph aligned to the base, read by base position."""

    def __init__(self, base: str, other: str, edits: Sequence[Edit]) -> None:
        self.base, self.other = base, other
        self.pieces: list[Piece] = []
        b = o = 0
        for e in edits:
            n = len(e.text)
            if e.op == Op.EQUAL:
                self.pieces.append(Piece(0, b, b + n, o, o + n))
                b, o = b + n, o + n
            elif e.op == Op.INSERT:
                self.pieces.append(Piece(1, b, b, o, o + n))
                o += n
            elif e.op == Op.DELETE:
                self.pieces.append(Piece(-1, b, b + n, o, o))
                b += n
            else:  # lost (op 2): the base words it stands against, the other text's gap mark
                nb, no = len(base_part(e)), len(other_part(e))
                self.pieces.append(Piece(LOST, b, b + nb, o, o + no))
                b, o = b + nb, o + no
        self._equal = [p for p in self.pieces if p.op == 0 and word_spans(base[p.base_start:p.base_end])]
        self._ends = [p.base_end for p in self._equal]
        self._starts = [p.base_start for p in self._equal]
        self.base_spans, self.other_spans = word_spans(base), word_spans(other)  # read once, used by every change
        self._base_words = [s for _, s, _ in self.base_spans]

    def left(self, at: int) -> int:
        """Where in the other text base position `at` is, reading from the left: inside or at the
        end of kept text, the same place; else (at the start of kept text, or in changed text)
        the end of the last kept text before it, so that what the other version put in just
        before `at` is read as being at `at`."""
        k = bisect_left(self._ends, at)  # the first kept piece ending at or after `at`
        if k < len(self._equal) and self._equal[k].base_start < at:
            p = self._equal[k]
            return p.other_start + at - p.base_start
        return self._equal[k - 1].other_end if k else 0

    def right(self, at: int) -> int:
        """The same reading from the right: inside or at the start of kept text, the same place;
        else the start of the first kept text after it."""
        k = bisect_right(self._starts, at) - 1  # the last kept piece starting at or before `at`
        if k >= 0 and at < self._equal[k].base_end:
            p = self._equal[k]
            return p.other_start + at - p.base_start
        return self._equal[k + 1].other_start if k + 1 < len(self._equal) else len(self.other)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The other text's span at base[start:end]: what it has between the kept base words around."""
        lo, hi = self.left(start), self.right(end)
        return (lo, hi) if lo <= hi else (hi, lo)

    def widened(self, start: int, end: int, words: int = SLACK) -> tuple[int, int]:
        """Base positions `words` words outside [start, end), for a change made a little off its place."""
        ws = self._base_words
        k = bisect_right(ws, start - 1)  # words starting before `start`
        new_start = ws[max(0, k - words)] if k else 0
        k2 = bisect_left(ws, end)  # first word starting at or after `end`
        new_end = ws[k2 + words] if k2 + words < len(ws) else len(self.base)
        return min(new_start, start), max(new_end, end)

    def inserted_near(self, start: int, end: int) -> str:
        """What the other version put in (not kept base text) between base positions start and end."""
        return " ".join(self.other[p.other_start:p.other_end] for p in self.pieces
                        if p.op == 1 and start <= p.base_start <= end)

    def place_visible(self, start: int, end: int) -> bool:
        """Does the other version keep the base word just before base[start:end] and the one just
        after? Then the place reads whole in it, whatever it lost further off."""
        spans = self.base_spans
        before = [s_e for _, *s_e in spans if s_e[1] <= start]
        after = [s_e for _, *s_e in spans if s_e[0] >= end]
        if not before or not after:
            return False
        return self._kept(*before[-1]) and self._kept(*after[0])

    def _kept(self, start: int, end: int) -> bool:
        k = bisect_right(self._starts, start) - 1
        return k >= 0 and self._equal[k].base_start <= start and end <= self._equal[k].base_end

    def lost_near(self, start: int, end: int) -> bool:
        """Is text lost in the scan at or next to base[start:end]? A lost op there, or the `[...]`
        mark in the other text's span."""
        if any(p.op == LOST and p.base_start <= end and start <= p.base_end for p in self.pieces):
            return True
        lo, hi = self.span(start, end)
        return bool(LOST_MARK.search(self.other[max(0, lo - 8):hi + 8]))

    def bare_deletion_near(self, start: int, end: int) -> bool:
        """Does the other version drop base words here and put nothing in their place? In a text the
        scan damaged without marking where, that is what a lost passage looks like."""
        for k, p in enumerate(self.pieces):
            if p.op != -1 or not (p.base_start <= end and start <= p.base_end):
                continue
            if not word_spans(self.base[p.base_start:p.base_end]):
                continue
            nxt = self.pieces[k + 1] if k + 1 < len(self.pieces) else None
            if nxt is None or nxt.op != 1 or not word_spans(self.other[nxt.other_start:nxt.other_end]):
                return True
        return False


CONTEXT = 4  # base words either side that name a change's place when the next version moved them


def _find(seq: list[str], sub: list[str], start: int = 0) -> list[int]:
    """Every index from `start` where `sub` occurs in `seq`."""
    n = len(sub)
    return [i for i in range(start, len(seq) - n + 1) if seq[i:i + n] == sub] if n else []


def moved_span(al: Alignment, start: int, end: int, size: int) -> tuple[int, int] | None:
    """Where the next version has base[start:end] when it moved or rewrote the words around it.

    The place is found by the base words next to the change, found once in the other text:
    the CONTEXT words before it (then the place runs to the CONTEXT words after it, if they
    follow closely, else `size` + CONTEXT words on), else the CONTEXT words after it, else the
    one distinctive word (five letters or more, once in each text) just after or just before.
    July moved "to discourage the demand that fosters exploitation" to the end of annex 17 and
    made Singapore's insertion there; it rewrote annex 32 around "voluntary" and made Japan's
    "preferably" just before it. None when no such context is found."""
    base_spans, other_spans = al.base_spans, al.other_spans
    bw, ow = [w for w, _, _ in base_spans], [w for w, _, _ in other_spans]
    first_after = next((k for k, (_, s, _) in enumerate(base_spans) if s >= end), len(bw))
    last_before = next((k for k in range(len(bw) - 1, -1, -1) if base_spans[k][2] <= start), -1)
    reach = size + CONTEXT

    def once(seq: list[str]) -> int | None:
        found = _find(ow, seq)
        return found[0] if len(found) == 1 else None

    def forward(lo_word: int) -> tuple[int, int]:
        lo = other_spans[lo_word - 1][2] if lo_word else 0
        right = bw[first_after:first_after + CONTEXT]
        rights = _find(ow, right, lo_word) if right else []
        if right and rights and rights[0] - lo_word <= reach + CONTEXT:
            return lo, other_spans[rights[0]][1]
        if not right:  # the change ends the paragraph
            return lo, len(al.other)
        last = min(len(ow), lo_word + reach) - 1
        return lo, (other_spans[last][2] if last >= lo_word else lo)

    def backward(hi_word: int) -> tuple[int, int]:
        first = max(0, hi_word - reach)
        return (other_spans[first][1] if first < hi_word else other_spans[hi_word][1]), other_spans[hi_word][1]

    left = bw[max(0, last_before + 1 - CONTEXT):last_before + 1]
    if len(left) == CONTEXT and (k := once(left)) is not None:
        return forward(k + CONTEXT)
    right = bw[first_after:first_after + CONTEXT]
    if len(right) == CONTEXT and (k := once(right)) is not None:
        return backward(k)
    distinctive = lambda w: len(w) >= 5 and bw.count(w) == 1  # noqa: E731
    if first_after < len(bw) and distinctive(bw[first_after]) and (k := once([bw[first_after]])) is not None:
        return backward(k)
    if last_before >= 0 and distinctive(bw[last_before]) and (k := once([bw[last_before]])) is not None:
        return forward(k + 1)
    return None


def phrase_elsewhere(al: Alignment, phrase: list[str]) -> tuple[int, int] | None:
    """The span of the other text where it has `phrase` (three words or more, in a row, that the
    base does not have) at another place than the change's: a name added to a list that the
    next draft reordered."""
    if len(phrase) < 3 or _find([w for w, _, _ in al.base_spans], phrase):
        return None
    other_spans = al.other_spans
    found = _find([w for w, _, _ in other_spans], phrase)
    if not found:
        return None
    i = found[0]
    return other_spans[i][1], other_spans[i + len(phrase) - 1][2]
