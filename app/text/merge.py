"""The redline of a merged paragraph against all of its sources.

July 42 merges first-draft 42 to 47 ("[Merged with paragraph 42]"): its item a. repeats 43
almost word for word. Compared with 42 alone, all of 42 is struck and all of July 42 is new,
which hides everything the merge kept. So the sources' texts are joined in reading order into
one old side, the merged text is compared with it, and each kept or struck passage is tagged
with the label of the source it came from.
"""

from __future__ import annotations

from app.text.redline import Edit, Op, diff_words_cached, edit

SEPARATOR = "\n"  # between two sources' texts: a line break, as between the items of a list


def diff_sources(sources: list[tuple[str, str]], new: str) -> list[Edit]:
    """`new` redlined against the (label, text) `sources` joined in the order given (reading
    order); every edit that holds old text (kept, struck, or the words a gap stands against)
    names its source, and is cut where one source ends and the next begins."""
    if not sources:
        return list(diff_words_cached("", new))
    joined = SEPARATOR.join(text for _, text in sources)
    bounds = []  # (end in the joined text, label): each source owns the separator after it
    pos = 0
    for k, (label, text) in enumerate(sources):
        pos += len(text) + (len(SEPARATOR) if k < len(sources) - 1 else 0)
        bounds.append((pos, label))
    out: list[Edit] = []
    at = 0  # where the next old-text edit starts in `joined`
    k = 0  # the source `at` is in
    for e in diff_words_cached(joined, new):
        old = _old_part(e)
        if old is None:
            out.append(e)
            continue
        if e.op == Op.LOST:  # one gap stays one gap, named for the source it starts in
            while k < len(bounds) - 1 and at >= bounds[k][0]:
                k += 1
            out.append(_with_source(e, old, bounds[k][1]))
            at += len(old)
            continue
        start = 0
        while True:
            while k < len(bounds) - 1 and at >= bounds[k][0]:
                k += 1
            take = min(len(old) - start, bounds[k][0] - at) if k < len(bounds) - 1 else len(old) - start
            piece = old[start:start + take]
            out.append(_with_source(e, piece, bounds[k][1]))
            start += take
            at += take
            if start >= len(old):
                break
    return [e for e in out if e.text or e.op == Op.LOST]


def _old_part(e: Edit) -> str | None:
    """The old text an edit holds, or None when it holds none (an insertion)."""
    if e.op in (Op.EQUAL, Op.DELETE):
        return e.text
    if e.op == Op.LOST:
        return e.text if e.lost_in == 1 else e.mark
    return None


def _with_source(e: Edit, old_piece: str, label: str) -> Edit:
    if e.op == Op.LOST and e.lost_in != 1:
        return edit(e.op, e.text, old_piece, e.lost_in, label)
    return edit(e.op, old_piece, e.mark, e.lost_in, label)
