"""Keeping kept words: undoing diff-match-patch's semantic folding where it hides what survived.

The semantic cleanup counts tokens: an equality no longer than the changes on both sides of it
is folded into them. On a rewritten passage that strikes and re-inserts words the new text
keeps: first-draft PP2 -> July PP2 struck "development, peace and security and human rights,"
and inserted "human dignity, human rights and development", hiding that "human rights" stayed.
A negotiator reads a redline to see what survived, so after the cleanup each change (its
struck and inserted runs together) gives back, as kept text, the runs of tokens both sides
share that carry meaning: two or more content words in a row ("human rights"; never "of the"
alone), or one rare word (a content word of five letters or more found once in each text).

Giving back every such run would turn a rewrite into confetti (a kept word between two tiny
edits, again and again), so a change gives back at most one run per `WORDS_PER_KEPT_RUN`
tokens of its longer side, the runs with most content words first.
"""

from __future__ import annotations

from collections.abc import Callable

from app.text.tokens import is_word

Diffs = list[tuple[int, str]]
DELETE, EQUAL, INSERT = -1, 0, 1
WORDS_PER_KEPT_RUN = 8  # a change gives back one kept run per this many tokens of its longer side (at least one)
RARE_MIN_LETTERS = 5
FUNCTION_WORDS = frozenset(
    "a an and are as at be been by for from has have in into is it its of on or that the their them these they "
    "this those to was were which who with all any such other also its shall should may must will can not no "
    "nor both either each".split())


def keep_kept_runs(diffs: Diffs, ta: list[str], tb: list[str], avoid: frozenset[str] | set[str] = frozenset(),
                   strict_spacing: bool = False) -> Diffs:
    """The cleaned-up diff of encoded tokens (`ta`, `tb` the tokens each character stands for)
    with the meaningful runs each change's two sides share given back as equal text.

    A change holding a character of `avoid` is left whole: a passage lost in the scan (the `[...]`
    token) makes its whole change lost, and words given back beside it would read as kept where
    nobody can tell. With `strict_spacing`, a run given back ends on a token spaced alike on both
    sides, so that no lone change of spacing is left beside it (a text with gaps: a lone struck
    space next to a lost passage would read as a deletion). Only the tokens some change has on both sides are looked at (a few per
    paragraph), so a redline with nothing to give back costs one pass over its diffs."""
    groups = _changes(diffs)
    if avoid:
        groups = {k: (d, i) for k, (d, i) in groups.items() if not (set(d) | set(i)) & avoid}
    shared = set().union(*(set(d) & set(i) for d, i in groups.values())) if groups else set()
    if not shared:
        return diffs
    a = "".join(t for op, t in diffs if op != INSERT)
    b = "".join(t for op, t in diffs if op != DELETE)
    content, rare = set(), set()
    for ch in shared:
        at = a.find(ch)
        token = ta[at] if at >= 0 else tb[b.find(ch)]
        if not is_word(token) or token.strip().casefold() in FUNCTION_WORDS:
            continue
        content.add(ch)
        if a.count(ch) == 1 and b.count(ch) == 1 and _letters(token) >= RARE_MIN_LETTERS:
            rare.add(ch)
    if not content:
        return diffs
    out: Diffs = []
    starts = _starts(diffs)
    same = (lambda x, y: ta[x] == tb[y]) if strict_spacing else (lambda x, y: True)  # noqa: E731
    k = 0
    while k < len(diffs):
        if k in groups:
            d, i = groups[k]
            out += _split(d, i, content, rare, lambda x, y, at=starts[k]: same(at[0] + x, at[1] + y))
            while k < len(diffs) and diffs[k][0] != EQUAL:
                k += 1
            continue
        out.append(diffs[k])
        k += 1
    return _merged(out)


def _starts(diffs: Diffs) -> list[tuple[int, int]]:
    """Where each edit starts in the old and the new encoded text."""
    out, i, j = [], 0, 0
    for op, text in diffs:
        out.append((i, j))
        if op != INSERT:
            i += len(text)
        if op != DELETE:
            j += len(text)
    return out


def _changes(diffs: Diffs) -> dict[int, tuple[str, str]]:
    """Each change with both a deletion and an insertion, by the index of its first edit."""
    out: dict[int, tuple[str, str]] = {}
    k = 0
    while k < len(diffs):
        if diffs[k][0] == EQUAL:
            k += 1
            continue
        start, deleted, inserted = k, "", ""
        while k < len(diffs) and diffs[k][0] != EQUAL:
            if diffs[k][0] == DELETE:
                deleted += diffs[k][1]
            else:
                inserted += diffs[k][1]
            k += 1
        if deleted and inserted:
            out[start] = (deleted, inserted)
    return out


def _letters(token: str) -> int:
    return sum(c.isalpha() for c in token)


Same = Callable[[int, int], bool]  # are the tokens at these places of a change's two sides alike, spacing included?


def _split(deleted: str, inserted: str, content: set[str], rare: set[str], same: Same) -> Diffs:
    """One change as struck, inserted and given-back kept runs, in order."""
    if not deleted or not inserted or not (set(deleted) & set(inserted) & content):
        return _change(deleted, inserted)
    budget = max(1, max(len(deleted), len(inserted)) // WORDS_PER_KEPT_RUN)
    # a change is (its struck and inserted runs, where they start in the change, its best run); a str is a
    # kept run given back
    segments: list[tuple[str, str, int, int, _Run | None] | str] = [
        (deleted, inserted, 0, 0, _best_run(deleted, inserted, content, rare, same))]
    while budget:
        candidates = [(seg[4][0], at) for at, seg in enumerate(segments) if not isinstance(seg, str) and seg[4]]
        if not candidates:
            break
        _, at = max(candidates)
        d, i, dx, iy, run = segments[at]  # type: ignore[misc]
        _, x, y, n = run
        left = lambda u, v, dx=dx, iy=iy: same(dx + u, iy + v)  # noqa: E731
        right = lambda u, v, dx=dx + x + n, iy=iy + y + n: same(dx + u, iy + v)  # noqa: E731
        segments[at:at + 1] = [(d[:x], i[:y], dx, iy, _best_run(d[:x], i[:y], content, rare, left)), d[x:x + n],
                               (d[x + n:], i[y + n:], dx + x + n, iy + y + n,
                                _best_run(d[x + n:], i[y + n:], content, rare, right))]
        budget -= 1
    out: Diffs = []
    for seg in segments:
        out += [(EQUAL, seg)] if isinstance(seg, str) else _change(seg[0], seg[1])
    return out


_Run = tuple[tuple[int, int], int, int, int]  # (content words, length), start in deleted, start in inserted, length


def _best_run(d: str, i: str, content: set[str], rare: set[str], same: Same) -> _Run | None:
    """The shared run of `d` and `i` worth keeping most: most content words, then longest; as
    ((content words, length), start in d, start in i, length). None if none qualifies. A run ends
    on a token spaced alike on both sides ("others " before "likely" is not "others" before ","):
    otherwise the spacing would show as a lone change of its own beside the run."""
    if not d or not i:
        return None
    where: dict[str, list[int]] = {}
    for y, ch in enumerate(i):
        if ch in content:
            where.setdefault(ch, []).append(y)
    best = None
    seen: set[tuple[int, int]] = set()
    for x, ch in enumerate(d):
        for y in where.get(ch, ()):
            x0, y0 = x, y
            while x0 and y0 and d[x0 - 1] == i[y0 - 1]:
                x0, y0 = x0 - 1, y0 - 1
            if (x0, y0) in seen:
                continue
            seen.add((x0, y0))
            n = 0
            while x0 + n < len(d) and y0 + n < len(i) and d[x0 + n] == i[y0 + n]:
                n += 1
            while n and not same(x0 + n - 1, y0 + n - 1):
                n -= 1
            run = d[x0:x0 + n]
            words = sum(c in content for c in run)
            if words < 2 and not any(c in rare for c in run):
                continue
            score = (words, n)
            if best is None or score > best[0]:
                best = (score, x0, y0, n)
    return best


def _change(deleted: str, inserted: str) -> Diffs:
    return ([(DELETE, deleted)] if deleted else []) + ([(INSERT, inserted)] if inserted else [])


def _merged(diffs: Diffs) -> Diffs:
    """Adjacent edits of one kind joined, and within a change the deletion before the insertion."""
    out: Diffs = []
    for op, text in diffs:
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out
