"""Word-level redlines with diff-match-patch.

diff-match-patch diffs characters; a redline must never cut inside a word. So each
distinct token (word, space run, punctuation mark) is mapped to one private character,
as diff-match-patch's own line mode maps lines, the encoded strings are diffed, the
semantic cleanup runs on tokens, and the result is decoded back to text. The outcome
reads as whole-word strike-through and insertion.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from diff_match_patch import diff_match_patch

from app.text.tokens import tokenize


class Op(IntEnum):
    """The three diff operations, with diff-match-patch's own values."""

    DELETE = -1
    EQUAL = 0
    INSERT = 1


@dataclass(frozen=True, slots=True)
class Edit:
    op: Op
    text: str

    def as_pair(self) -> list[int | str]:
        """The JSON shape the API promises: `[op, text]` with op in -1, 0, 1."""
        return [int(self.op), self.text]


def _engine() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # the default 1 s silently degrades long diffs; results must be reproducible
    return dmp


_DMP = _engine()
_SURROGATES = range(0xD800, 0xE000)


def _char(i: int) -> str:
    """The i-th private character, skipping the surrogate block."""
    code = i + 1
    if code >= _SURROGATES.start:
        code += len(_SURROGATES)
    return chr(code)


def _encode(tokens: list[str], table: dict[str, str], alphabet: list[str]) -> str:
    out = []
    for tok in tokens:
        ch = table.get(tok)
        if ch is None:
            ch = _char(len(alphabet))
            table[tok] = ch
            alphabet.append(tok)
        out.append(ch)
    return "".join(out)


def diff_words(old: str, new: str, *, cleanup: bool = True) -> list[Edit]:
    """The word-level diff of two texts, as a list of edits.

    Joining the EQUAL and DELETE texts gives `old` back exactly, and the EQUAL and
    INSERT texts give `new`: nothing is normalized away, so a changed quote or space
    shows as a change.
    """
    if old == new:
        return [Edit(Op.EQUAL, old)] if old else []
    table: dict[str, str] = {}
    alphabet: list[str] = []
    a = _encode(tokenize(old), table, alphabet)
    b = _encode(tokenize(new), table, alphabet)
    diffs = _DMP.diff_main(a, b, False)
    if cleanup:
        _DMP.diff_cleanupSemantic(diffs)
    index = {ch: tok for tok, ch in table.items()}
    return _merge([Edit(Op(op), "".join(index[c] for c in chars)) for op, chars in diffs if chars])


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


def change_count(edits: list[Edit]) -> int:
    """How many separate changes (a deletion and its replacing insertion count once)."""
    n = 0
    prev = Op.EQUAL
    for e in edits:
        if e.op != Op.EQUAL and prev == Op.EQUAL:
            n += 1
        prev = e.op
    return n


def similarity(edits: list[Edit]) -> float:
    """Share of characters kept, over both texts: 1.0 identical, 0.0 nothing in common."""
    kept = sum(len(e.text) for e in edits if e.op == Op.EQUAL)
    total = sum(len(e.text) for e in edits) + kept
    return 1.0 if total == 0 else 2 * kept / total
