"""Text the scan lost: a third state of a redline, neither kept nor changed.

The curators mark each passage the scan lost with `[...]` (drafts/README.md). A redline must
not read such a gap as the delegation or the drafters deleting the words it stands against:
July PP3 is empty because the scan lost it, not because the paragraph was struck, and the EU's
input on 3 breaks off after "protect its victims and" where the page was cut, not where the EU
stopped writing. So a gap becomes one LOST edit, carrying the words of the other text it stands
against (the base words, or "" when there are none), and is never counted as a change.

This module finds the gaps in token lists and rewrites a diff's changes around them; the diff
itself is `redline.diff_words`, which calls it only for texts that hold a gap.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

GAP = re.compile(r"\[\s*(?:\.\s*){3}\]|\[…\]")
"""The curators' mark of a passage the scan lost: "[...]" (or "[…]")."""

GAP_LABEL = "[… lost in the scan …]"
"""How a gap reads on a page: visibly a gap, never the record's words."""


def canonical_gaps(text: str) -> str:
    """Every gap written as the record writes it, "[...]": a file that shows a gap as its label
    (Stemma's Word files) or a delegation that types "[…]" or "[. . .]" means the same gap."""
    if "[" not in text:
        return text
    return GAP.sub("[...]", text.replace(GAP_LABEL, "[...]"))


def has_gap(text: str) -> bool:
    """Does the text hold a lost passage? A cheap test first: most texts have no "[" at all."""
    return "[" in text and GAP.search(text) is not None


def only_gaps(text: str) -> bool:
    """Is nothing of the text left but gaps (July PP3, 11, 18, 27: "[...]")?"""
    return has_gap(text) and not GAP.sub("", text).strip()


def join_gap_tokens(tokens: list[str]) -> tuple[list[str], set[int]]:
    """The tokens with each gap's tokens ("[", ".", ".", ".", "] ") joined into one, and the
    indices of the joined gap tokens. The text is unchanged: ''.join() gives it back. (A gap
    always starts a token: "[" and "…" are tokens of their own.)"""
    text = "".join(tokens)
    spans = [m.span() for m in GAP.finditer(text)]
    if not spans:
        return tokens, set()
    starts = list(accumulate(map(len, tokens), initial=0))  # where each token starts
    out: list[str] = []
    gaps: set[int] = set()
    done = 0
    for start, end in spans:
        i, j = bisect_left(starts, start), bisect_right(starts, end - 1)  # the gap's tokens: i .. j - 1
        out += tokens[done:i]
        gaps.add(len(out))
        out.append("".join(tokens[i:j]))
        done = j
    out += tokens[done:]
    return out, gaps


LOST = 2  # the op value of a lost passage, next to diff-match-patch's -1, 0, 1
DELETE, EQUAL, INSERT = -1, 0, 1
Item = tuple  # (op, chars), or (LOST, (gap chars, other chars, side))


def attribute_gaps(diffs: list[tuple[int, str]], old_gaps: set[str], new_gaps: set[str]) -> list[Item]:
    """Rewrite each change that holds a gap so that the gap is one LOST item.

    `diffs` are over encoded tokens (one character each); `old_gaps` and `new_gaps` are the
    characters of gap tokens in each text. In a change (the edits between two equal runs) with
    a gap in the new text, every word of the old text the change strikes stands against the
    gap: the scan may have lost it, so none of it is shown as deleted. The new words of the
    change that the record does show stay insertions. A gap in the old text is the mirror case.
    Items: (op, chars) as before, or (LOST, (gap chars, the other text's chars, side)) where side
    is 1 for a gap in the new text, -1 in the old.
    """
    out: list[Item] = []
    group: list[tuple[int, str]] = []
    for op, chars in diffs + [(EQUAL, "")]:
        if op != EQUAL:
            group.append((op, chars))
            continue
        out += _rewrite_change(group, old_gaps, new_gaps) if group else []
        group = []
        if chars:
            out.append((EQUAL, chars))
    return out


def _rewrite_change(group: list[tuple[int, str]], old_gaps: set[str], new_gaps: set[str]) -> list[Item]:
    """One change with its gaps made LOST items. A gap in the new text takes all the old words
    of the change (and so does one in both texts, the old text's gap mark among them)."""
    deleted = "".join(c for op, c in group if op == DELETE)
    inserted = "".join(c for op, c in group if op == INSERT)
    if any(ch in new_gaps for ch in inserted):
        return _split_at_gaps(inserted, new_gaps, INSERT, deleted, 1)
    if any(ch in old_gaps for ch in deleted):
        return _split_at_gaps(deleted, old_gaps, DELETE, inserted, -1)
    return list(group)


def _split_at_gaps(chars: str, gaps: set[str], op: int, against: str, side: int) -> list[Item]:
    """`chars` of one side cut at its gap characters: plain runs keep `op`, each gap becomes a
    LOST item; the first gap stands against `against` (the other side's words), later ones
    against nothing."""
    out: list[Item] = []
    run = ""
    first = True
    for ch in chars:
        if ch in gaps:
            if run:
                out.append((op, run))
                run = ""
            out.append((LOST, (ch, against if first else "", side)))
            first = False
        else:
            run += ch
    if run:
        out.append((op, run))
    return out
