"""Word-level redlines with diff-match-patch.

diff-match-patch diffs characters; a redline must never cut inside a word. So each
distinct token (a word or punctuation mark with its trailing space) is mapped to one
private character, as diff-match-patch's own line mode maps lines, the encoded strings
are diffed, the semantic cleanup runs on tokens, and the result is decoded back to
text. The outcome reads as whole-word strike-through and insertion.

Before diff-match-patch runs, the tokens that occur exactly once in each text are
matched up in order (the "patience" anchors git uses): they split a long paragraph into
short stretches, so a heavily rewritten paragraph costs little and the redline keeps
distinctive words aligned, as a careful reader would.
"""

from __future__ import annotations

import bisect
from collections import Counter

from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from diff_match_patch import diff_match_patch

from app.text.tokens import tokenize


class Op(IntEnum):
    """The three diff operations, with diff-match-patch's own values."""

    DELETE = -1
    EQUAL = 0
    INSERT = 1


class Edit(NamedTuple):
    """One operation of a redline; a tuple, since a paragraph's redline makes many of them."""

    op: Op
    text: str

    def as_pair(self) -> list[int | str]:
        """The JSON shape the API promises: `[op, text]` with op in -1, 0, 1."""
        return [int(self.op), self.text]


class _TokenDiff(diff_match_patch):
    """diff-match-patch over encoded tokens.

    Its lossless pass slides edits to word and sentence boundaries by looking at the
    characters; ours are private code points standing for whole tokens, so that pass can
    only cost time. `_slide` does the same job on the decoded tokens instead.
    """

    def diff_cleanupSemanticLossless(self, diffs: list[tuple[int, str]]) -> None:  # noqa: N802 (dmp's name)
        return None


def _engine() -> diff_match_patch:
    dmp = _TokenDiff()
    # The default 1 s timeout silently degrades long diffs. 0 (no limit) would be reproducible
    # but also switches off diff-match-patch's half-match speed-up; a limit no paragraph can
    # reach keeps both: the result never depends on the clock, and rewrites stay cheap.
    dmp.Diff_Timeout = 3600.0
    return dmp


_DMP = _engine()
_NO_DEADLINE = float(2**62)  # a deadline no diff reaches: results never depend on the clock
_SURROGATES = range(0xD800, 0xE000)


def _char(i: int) -> str:
    """The i-th private character, skipping the surrogate block."""
    code = i + 1
    if code >= _SURROGATES.start:
        code += len(_SURROGATES)
    return chr(code)


class _Table(dict[str, str]):
    """Token key -> private character, handing out the next character for a new key."""

    def __missing__(self, key: str) -> str:
        ch = self[key] = _char(len(self))
        return ch


def _encode(tokens: list[str], table: _Table) -> str:
    """One private character per token, keyed on the token without its trailing space, so that
    "persons" before a comma and "persons " before a word are the same word to the diff."""
    keys = [t.rstrip() or t for t in tokens]
    for key in set(keys).difference(table):
        table[key] = _char(len(table))
    return "".join(map(table.__getitem__, keys))


def diff_words(old: str, new: str, *, cleanup: bool = True) -> list[Edit]:
    """The word-level diff of two texts, as a list of edits.

    Joining the EQUAL and DELETE texts gives `old` back exactly, and the EQUAL and
    INSERT texts give `new`: nothing is normalized away, so a changed quote or space
    shows as a change.
    """
    if old == new:
        return [Edit(Op.EQUAL, old)] if old else []
    table = _Table()
    ta, tb = tokenize(old), tokenize(new)
    diffs = _patience(_encode(ta, table), _encode(tb, table))
    _DMP.diff_cleanupMerge(diffs)
    if cleanup:
        _DMP.diff_cleanupSemantic(diffs)
    return _merge(_slide(_merge(_shared_space_out(_merge(_decode(diffs, ta, tb))))))


def _decode(diffs: list[tuple[int, str]], ta: list[str], tb: list[str]) -> list[Edit]:
    """Back from characters to the tokens' own text; equal words whose spacing differs keep
    the word equal and show the spacing change alone."""
    out: list[Edit] = []
    i = j = 0
    for op, chars in diffs:
        n = len(chars)
        if op == Op.DELETE:
            out.append(Edit(Op.DELETE, "".join(ta[i:i + n])))
            i += n
        elif op == Op.INSERT:
            out.append(Edit(Op.INSERT, "".join(tb[j:j + n])))
            j += n
        else:
            olds, news = ta[i:i + n], tb[j:j + n]
            if olds == news:
                out.append(Edit(Op.EQUAL, "".join(olds)))
                i += n
                j += n
                continue
            for a, b in zip(olds, news):
                out += _same_token(a, b)
            i += n
            j += n
    return out


def _anchors(a: str, b: str, rare: int = 1) -> list[tuple[int, int]]:
    """Tokens that occur at most `rare` times in both strings (once, for patience's unique
    anchors), paired occurrence by occurrence, then the longest run of pairs in the same order."""
    count_a, count_b = Counter(a), Counter(b)
    if rare == 1:
        pairs = sorted((a.index(ch), b.index(ch)) for ch, n in count_a.items() if n == 1 and count_b.get(ch) == 1)
        return _longest_increasing(pairs)
    pairs = []
    for ch, n in count_a.items():
        m = count_b.get(ch, 0)
        if n <= rare and 0 < m <= rare:
            i = j = -1
            for _ in range(min(n, m)):
                i, j = a.index(ch, i + 1), b.index(ch, j + 1)
                pairs.append((i, j))
    pairs.sort()
    return _longest_increasing(pairs)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of pairs increasing in the second position (patience sorting)."""
    tails: list[int] = []  # tails[k]: smallest second position ending an increasing run of k+1
    tail_idx: list[int] = []
    back: list[int] = []
    for n, (_i, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_idx.append(n)
        else:
            tails[k] = j
            tail_idx[k] = n
        back.append(tail_idx[k - 1] if k else -1)
    out = []
    n = tail_idx[-1] if tail_idx else -1
    while n != -1:
        out.append(pairs[n])
        n = back[n]
    return out[::-1]


SPARSE = 0.2  # below this share of shared tokens a stretch is a rewrite
RARE = 3  # with no token unique on both sides, tokens seen this often or less anchor instead


def _little_in_common(a: str, b: str) -> bool:
    """True when the two stretches share so few tokens that the semantic cleanup would fold
    every equality between them into the change anyway ("of", "the" in a rewritten clause);
    skipping the character diff there is what keeps heavily rewritten paragraphs cheap."""
    if set(a).isdisjoint(b):
        return True
    shorter = min(len(a), len(b))
    if shorter < 8:
        return False
    shared = sum((Counter(a) & Counter(b)).values())
    return shared < SPARSE * shorter


def _patience(a: str, b: str) -> list[tuple[int, str]]:
    """Diff of two encoded strings: unique anchors first, diff-match-patch between them."""
    if a == b:
        return [(0, a)] if a else []
    if not a or not b:
        return [(1, b)] if b else [(-1, a)]
    prefix = _DMP.diff_commonPrefix(a, b)
    suffix = _DMP.diff_commonSuffix(a[prefix:], b[prefix:])
    mid_a, mid_b = a[prefix:len(a) - suffix], b[prefix:len(b) - suffix]
    out: list[tuple[int, str]] = [(0, a[:prefix])] if prefix else []
    anchors = (_anchors(mid_a, mid_b) or _anchors(mid_a, mid_b, RARE)) if mid_a and mid_b else []
    if not mid_a or not mid_b or _little_in_common(mid_a, mid_b):
        out += [d for d in ((-1, mid_a), (1, mid_b)) if d[1]]  # a rewrite: nothing worth aligning
    elif not anchors:  # prefix and suffix are trimmed already: go straight to diff-match-patch's core
        out += _DMP.diff_compute(mid_a, mid_b, False, _NO_DEADLINE)
    else:
        last_a = last_b = 0
        for i, j in anchors:
            out += _gap(mid_a[last_a:i], mid_b[last_b:j])
            out.append((0, mid_a[i]))
            last_a, last_b = i + 1, j + 1
        out += _gap(mid_a[last_a:], mid_b[last_b:])
    if suffix:
        out.append((0, a[len(a) - suffix:]))
    return out


def _gap(a: str, b: str) -> list[tuple[int, str]]:
    """The stretch between two anchors: diff-match-patch, unless one side is empty or it is a rewrite."""
    if not a or not b or _little_in_common(a, b):
        return [d for d in ((-1, a), (1, b)) if d[1]]
    if len(a) == 1 or len(b) == 1:  # one token against a stretch: it is kept where it recurs
        short, long_, op = (a, b, 1) if len(a) == 1 else (b, a, -1)
        k = long_.find(short)
        if k < 0:
            return [(-1, a), (1, b)]
        return [d for d in ((op, long_[:k]), (0, short), (op, long_[k + 1:])) if d[1]]
    return _patience(a, b)


def _merge(edits: list[Edit]) -> list[Edit]:
    """Join neighbours of the same kind and put deletions before insertions in each change."""
    out: list[Edit] = []
    for e in edits:
        if out and out[-1].op == e.op:
            out[-1] = Edit(e.op, out[-1].text + e.text)
        elif out and e.op == Op.DELETE and out[-1].op == Op.INSERT:
            if len(out) >= 2 and out[-2].op == Op.DELETE:
                out[-2] = Edit(Op.DELETE, out[-2].text + e.text)
            else:
                out.insert(len(out) - 1, e)
        else:
            out.append(e)
    return out


def _trailing_space(text: str) -> str:
    return text[len(text.rstrip()):]


def _boundary_score(left: str, right: str) -> int:
    """How natural a cut between `left` and `right` is: after ", " best, after a space good."""
    if not left or not right:
        return 3
    if left[-1].isspace():
        return 2 if len(left) > 1 and left.rstrip()[-1:] in ",;:.)" else 1
    return 0


def _slide(edits: list[Edit]) -> list[Edit]:
    """Slide a lone insertion or deletion along equal text to where a reader would cut.

    "persons, as" -> "persons, especially women and children, as" can be drawn as
    "persons[, especially women and children], as" or "persons, [especially women and
    children, ]as"; both rebuild the texts, the second is how a person marks it up.
    """
    out = list(edits)
    for k in range(1, len(out) - 1):
        prev, cur, nxt = out[k - 1], out[k], out[k + 1]
        if cur.op == Op.EQUAL or prev.op != Op.EQUAL or nxt.op != Op.EQUAL:
            continue
        left, mid, right = prev.text, cur.text, nxt.text
        while left and mid and left.endswith(tokenize(mid)[-1]):  # all the way left first
            t = tokenize(mid)[-1]
            left, mid, right = left[:-len(t)], t + mid[:-len(t)], t + right
        best = (_boundary_score(left, mid) + _boundary_score(mid, right), left, mid, right)
        while mid and right and right.startswith(tokenize(mid)[0]):
            t = tokenize(mid)[0]
            left, mid, right = left + t, mid[len(t):] + t, right[len(t):]
            score = _boundary_score(left, mid) + _boundary_score(mid, right)
            if score > best[0]:
                best = (score, left, mid, right)
        _, left, mid, right = best
        out[k - 1], out[k], out[k + 1] = Edit(Op.EQUAL, left), Edit(cur.op, mid), Edit(Op.EQUAL, right)
    return [e for e in out if e.text]


def _same_words(a: str, b: str) -> bool:
    if "".join(a.split()) != "".join(b.split()):  # cheap test first: most pairs differ in words
        return False
    return [t.rstrip() for t in tokenize(a)] == [t.rstrip() for t in tokenize(b)]


def _same_token(a: str, b: str) -> list[Edit]:
    """One word on both sides whose trailing space may differ ("in  persons", a non-breaking
    space): the word stays equal and only the spacing shows as changed."""
    if a == b:
        return [Edit(Op.EQUAL, a)]
    word = a.rstrip()
    return [e for e in (Edit(Op.EQUAL, word), Edit(Op.DELETE, a[len(word):]), Edit(Op.INSERT, b[len(word):]))
            if e.text]


def _spacing_only(old: str, new: str) -> list[Edit]:
    """A deletion and insertion of the same words that differ only in spacing."""
    return _merge([e for a, b in zip(tokenize(old), tokenize(new)) for e in _same_token(a, b)])


def _shared_space_out(edits: list[Edit]) -> list[Edit]:
    """"Noting " -> "Recognizing ": the trailing space both sides keep is not part of the change."""
    out: list[Edit] = []
    i = 0
    while i < len(edits):
        e = edits[i]
        nxt = edits[i + 1] if i + 1 < len(edits) else None
        if e.op == Op.DELETE and nxt is not None and nxt.op == Op.INSERT and _same_words(e.text, nxt.text):
            out += _spacing_only(e.text, nxt.text)
            i += 2
            continue
        if (e.op == Op.DELETE and nxt is not None and nxt.op == Op.INSERT and not nxt.text.strip()
                and e.text.strip() and e.text.endswith(nxt.text)):
            out += [Edit(Op.DELETE, e.text[:-len(nxt.text)]), Edit(Op.EQUAL, nxt.text)]
            i += 2
            continue
        space = _trailing_space(e.text)
        if (e.op == Op.DELETE and nxt is not None and nxt.op == Op.INSERT and space and e.text.strip()
                and nxt.text.strip() and _trailing_space(nxt.text).endswith(space)):
            out += [Edit(Op.DELETE, e.text[:-len(space)]), Edit(Op.INSERT, nxt.text[:-len(space)])]
            after = edits[i + 2] if i + 2 < len(edits) else None
            if after is not None and after.op == Op.EQUAL:
                out.append(Edit(Op.EQUAL, space + after.text))
                i += 3
            else:
                out.append(Edit(Op.EQUAL, space))
                i += 2
            continue
        out.append(e)
        i += 1
    return out


def old_text(edits: list[Edit]) -> str:
    return "".join(e.text for e in edits if e.op != Op.INSERT)


def new_text(edits: list[Edit]) -> str:
    return "".join(e.text for e in edits if e.op != Op.DELETE)


def is_unchanged(edits: list[Edit]) -> bool:
    return all(e.op == Op.EQUAL for e in edits)


@dataclass(frozen=True, slots=True)
class SideBySide:
    """The old text with its deletions marked, and the new text with its insertions."""

    old: list[Edit]
    new: list[Edit]


def side_by_side(edits: list[Edit]) -> SideBySide:
    return SideBySide(old=[e for e in edits if e.op != Op.INSERT], new=[e for e in edits if e.op != Op.DELETE])


def similarity(edits: list[Edit]) -> float:
    """Share of characters kept, over both texts: 1.0 identical, 0.0 nothing in common."""
    kept = sum(len(e.text) for e in edits if e.op == Op.EQUAL)
    total = sum(len(e.text) for e in edits) + kept
    return 1.0 if total == 0 else 2 * kept / total
