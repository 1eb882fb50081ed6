"""Placing an input whose text the scan cut: the gaps stay gaps in the paragraph it proposes.

`placement.place` reads "[...]" as an ellipsis, which keeps the base paragraph's words there.
But a gap the curators marked is not the delegation's ellipsis: the EU's input on 3 ends
"protect its victims and [...]" because the page was cut, and what the EU wrote after "and" is
unknown. Keeping the base words would claim the EU kept them; dropping them would claim it
deleted them. So the proposed paragraph keeps the gap where the base words were, and the
redline reads them as lost (`lost.attribute_gaps`): neither kept nor changed.
"""

from __future__ import annotations

import re

from app.text.lost import GAP
from app.text.placement import ELLIPSIS, Placement, place

_HOLE = "\ue000"  # a private-use character: a gap while the placement runs (not an ellipsis, not a word)
_MARK = "[...]"


def place_keeping_gaps(kind: str, base: str, proposal: str) -> Placement:
    """`place`, with the curators' gaps kept as gaps in the proposed paragraph.

    A whole-paragraph text (replace, insert) or an instruction keeps each gap where it stands.
    In an excerpt, a gap at its start or end, or between two of its passages, stands for the base
    words on that side of the placed passage, up to the paragraph's start or end or the next
    passage: those words are replaced by the gap, since what the delegation wrote there is lost."""
    if not GAP.search(proposal):
        return place(kind, base, proposal)
    if kind != "excerpt":
        held = place(kind, base, GAP.sub(_HOLE, proposal))
        if held.text is None or _HOLE not in held.text:
            return held
        return _with_text(held, held.text.replace(_HOLE, _MARK))
    return _place_excerpt_with_gaps(base, proposal)


def _with_text(p: Placement, text: str) -> Placement:
    return Placement(text, p.confidence, p.method, p.flagged, p.reason)


def _place_excerpt_with_gaps(base: str, excerpt: str) -> Placement:
    """Place the excerpt with its gaps read as ellipses, then put each gap back in place of the
    base words the ellipsis kept."""
    placed = place("excerpt", base, GAP.sub("...", excerpt))
    if placed.text is None:
        return placed
    pieces = re.split(f"({ELLIPSIS.pattern})", excerpt)  # text, separator, text, ...
    texts = pieces[0::2]
    seps = pieces[1::2]
    result = placed.text
    # Where each passage of the excerpt stands in the placed text, in order.
    spans: list[tuple[int, int] | None] = []
    at = 0
    for t in texts:
        core = t.strip(" \n\t,;")
        if not core:
            spans.append(None)
            continue
        k = result.find(core, at)
        if k < 0:
            return placed  # cannot tell where the passage went: keep the ellipsis reading
        spans.append((k, k + len(core)))
        at = k + len(core)
    # Put each gap back, from the end so earlier places stay valid.
    for i in range(len(seps) - 1, -1, -1):
        if not GAP.fullmatch(seps[i].strip()):
            continue
        before = next((spans[j] for j in range(i, -1, -1) if spans[j]), None)
        after = next((spans[j] for j in range(i + 1, len(spans)) if spans[j]), None)
        start = before[1] if before else 0
        end = after[0] if after else len(result.rstrip())
        if before and after and before[1] > after[0]:
            continue
        head = result[:start].rstrip(" ") + " " if before else ""
        tail = " " + result[end:].lstrip(" ") if after else result[end:]
        result = head + _MARK + tail
    return _with_text(placed, result)
