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

from app.text.tokens import is_word

Diffs = list[tuple[int, str]]
DELETE, EQUAL, INSERT = -1, 0, 1
WORDS_PER_KEPT_RUN = 8  # a change gives back one kept run per this many tokens of its longer side (at least one)
RARE_MIN_LETTERS = 5
FUNCTION_WORDS = frozenset(
    "a an and are as at be been by for from has have in into is it its of on or that the their them these they "
    "this those to was were which who with all any such other also its shall should may must will can not no "
    "nor both either each".split())


def keep_kept_runs(diffs: Diffs, ta: list[str], tb: list[str], avoid: frozenset[str] | set[str] = frozenset()
                   ) -> Diffs:
    """The cleaned-up diff of encoded tokens (`ta`, `tb` the tokens each character stands for)
    with the meaningful runs each change's two sides share given back as equal text.

    A change holding a character of `avoid` is left whole: a passage lost in the scan (the `[...]`
    token) makes its whole change lost, and words given back beside it would read as kept where
    nobody can tell. Only the tokens some change has on both sides are looked at (a few per
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
    k = 0
    while k < len(diffs):
        if k in groups:
            d, i = groups[k]
            out += _split(d, i, content, rare)
            while k < len(diffs) and diffs[k][0] != EQUAL:
                k += 1
            continue
        out.append(diffs[k])
        k += 1
    return _merged(out)


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


def _split(deleted: str, inserted: str, content: set[str], rare: set[str]) -> Diffs:
    """One change as struck, inserted and given-back kept runs, in order."""
    if not deleted or not inserted or not (set(deleted) & set(inserted) & content):
        return _change(deleted, inserted)
    budget = max(1, max(len(deleted), len(inserted)) // WORDS_PER_KEPT_RUN)
    # a pair is a change with its best run (found once), a str a kept run given back
    segments: list[tuple[str, str, _Run | None] | str] = [(deleted, inserted, _best_run(deleted, inserted, content, rare))]
    while budget:
        candidates = [(seg[2][0], at) for at, seg in enumerate(segments) if not isinstance(seg, str) and seg[2]]
        if not candidates:
            break
        _, at = max(candidates)
        d, i, run = segments[at]  # type: ignore[misc]
        _, x, y, n = run
        segments[at:at + 1] = [(d[:x], i[:y], _best_run(d[:x], i[:y], content, rare)), d[x:x + n],
                               (d[x + n:], i[y + n:], _best_run(d[x + n:], i[y + n:], content, rare))]
        budget -= 1
    out: Diffs = []
    for seg in segments:
        out += [(EQUAL, seg)] if isinstance(seg, str) else _change(seg[0], seg[1])
    return out


_Run = tuple[tuple[int, int], int, int, int]  # (content words, length), start in deleted, start in inserted, length


def _best_run(d: str, i: str, content: set[str], rare: set[str]) -> _Run | None:
    """The shared run of `d` and `i` worth keeping most: most content words, then longest; as
    ((content words, length), start in d, start in i, length). None if none qualifies."""
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
