"""Redlines of any two texts a client sends, bounded by the work they cost.

Characters alone do not bound the work: the diff's cost grows with the product of the two token
counts, and 100,000 punctuation or CJK characters are 100,000 tokens (issue 13: one request took
up to 6.9 s and 1.25 GB). So the texts are counted in tokens, and refused past a limit that keeps
one diff to about a third of a second and some tens of megabytes.
"""

from __future__ import annotations

from app.errors import BadInput
from app.text.redline import Edit, diff_words
from app.text.tokens import tokenize


def bounded_diff(old: str, new: str, *, max_chars: int, max_tokens: int) -> list[Edit]:
    """The word-level redline of `old` to `new`; BadInput (saying which limit) when either is too large."""
    if len(old) + len(new) > max_chars:
        raise BadInput(f"texts too long: at most {max_chars} characters together")
    for side, text in (("old", old), ("new", new)):
        n = len(tokenize(text))
        if n > max_tokens:
            raise BadInput(f"{side}: {n} words and marks, more than the {max_tokens} one redline may compare")
    return diff_words(old, new)
