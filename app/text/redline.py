"""Word-level redlines with diff-match-patch.

diff-match-patch diffs characters; a redline must never cut inside a word. So each
distinct token (a word or punctuation mark, keyed without its trailing space) is mapped
to one private character, as diff-match-patch's own line mode maps lines, the encoded
strings are diffed, the semantic cleanup runs on tokens, and the result is decoded back
to text. The outcome reads as whole-word strike-through and insertion.

diff-match-patch's pure-Python middle-snake search is the one step that grows with the
size of a change; it is handed to RapidFuzz's compiled LCS (`Indel.opcodes`), which
finds a diff of the same minimal length. Everything around it (trimming, merging, the
semantic cleanup) is diff-match-patch's own. Its character-level lossless pass is
replaced by `_slide`, which does the same job on tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import NamedTuple

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

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


Diffs = list[tuple[int, str]]  # diff-match-patch's own shape, over encoded tokens
DELETE, EQUAL, INSERT = -1, 0, 1  # plain ints inside the engine; `Op` at its edge
_OPS = {op.value: op for op in Op}


class _TokenCleanup(diff_match_patch):
    """diff-match-patch's semantic cleanup, run on encoded tokens.

    Its character-level lossless pass would slide edits by looking at private code points;
    `_slide` does that job on the tokens themselves.
    """

    def diff_cleanupSemanticLossless(self, diffs: Diffs) -> None:  # noqa: N802 (dmp's name)
        return None


_DMP = _TokenCleanup()
_SURROGATES = range(0xD800, 0xE000)


def _char(i: int) -> str:
    """The i-th private character, skipping the surrogate block."""
    code = i + 1
    if code >= _SURROGATES.start:
        code += len(_SURROGATES)
    return chr(code)


def _keys(tokens: list[str]) -> list[str]:
    """The comparison key of each token: the token without its trailing space, so that
    "persons" before a comma and "persons " before a word are the same word to the diff.
    Only a leading run of whitespace is a token that strips to nothing; it keys as itself."""
    keys = list(map(str.rstrip, tokens))
    if keys and not keys[0]:
        keys[0] = tokens[0]
    return keys


def _encode(ta: list[str], tb: list[str]) -> tuple[str, str]:
    """Both token lists as strings of one private character per distinct key, the way
    diff-match-patch's line mode turns lines into characters."""
    ka, kb = _keys(ta), _keys(tb)
    distinct = dict.fromkeys(ka + kb)
    n = len(distinct)
    table = dict(zip(distinct, map(chr, range(1, n + 1)) if n < _SURROGATES.start else map(_char, range(n))))
    return "".join(map(table.__getitem__, ka)), "".join(map(table.__getitem__, kb))


def _diff(a: str, b: str) -> Diffs:
    """The shortest insert/delete diff of two encoded strings, deletions first in each change.

    The longest common subsequence comes from RapidFuzz's compiled `Indel.opcodes`: this is
    the step diff-match-patch's pure-Python bisection spends its time in. An optimal LCS
    leaves no common prefix or suffix inside a change, so dmp's merge pass would have
    nothing to do but the ordering done here.
    """
    out: Diffs = []
    deleted = inserted = ""
    for tag, i1, i2, j1, j2 in Indel.opcodes(a, b).as_list():
        if tag == "delete":
            deleted += a[i1:i2]
        elif tag == "insert":
            inserted += b[j1:j2]
        else:
            if deleted:
                out.append((DELETE, deleted))
            if inserted:
                out.append((INSERT, inserted))
            deleted = inserted = ""
            out.append((EQUAL, a[i1:i2]))
    if deleted:
        out.append((DELETE, deleted))
    if inserted:
        out.append((INSERT, inserted))
    return out


def _fold_small_equalities(diffs: Diffs) -> tuple[Diffs, bool]:
    """diff-match-patch's semantic rule, applied in one pass: an equality no longer than the
    change on either side of it ("the", "of" inside a rewritten clause) is folded into the change.

    diff-match-patch applies the same rule by rescanning from two equalities back after each
    fold, which on a heavily rewritten paragraph costs more than the whole diff. Folding only
    makes the changes around the other equalities bigger, so every equality that qualifies at
    some point still qualifies later: a stack, rechecking just the equality before each fold,
    reaches the same result in linear time. dmp's own cleanup then finds nothing left to fold
    and does the rest (overlaps). Returns the diffs and whether anything was folded (dmp then
    runs its merge pass, which may shift a folded change; so must we, to give dmp's result).
    """
    # change groups [deleted, inserted] alternating with equalities (str), groups at even places
    stack: list = [["", ""]]
    folded = False
    for op, text in diffs:
        if op == EQUAL:
            stack += [text, ["", ""]]
            continue
        stack[-1][0 if op == DELETE else 1] += text
    # each fold can only happen once both its neighbouring groups are complete: sweep again
    out: list = [stack[0]]
    for k in range(1, len(stack), 2):
        out += [stack[k], stack[k + 1]]
        while len(out) >= 3 and _small(out[-2], out[-3], out[-1]):
            before, equal, after = out[-3], out[-2], out[-1]
            out[-3:] = [[before[0] + equal + after[0], before[1] + equal + after[1]]]
            folded = True
    result: Diffs = []
    for k, item in enumerate(out):
        if k % 2:
            result.append((EQUAL, item))
        else:
            if item[0]:
                result.append((DELETE, item[0]))
            if item[1]:
                result.append((INSERT, item[1]))
    return result, folded


def _small(equal: str, before: list[str], after: list[str]) -> bool:
    """dmp's test: the equality is no longer than the larger side of the change before it and of the change after."""
    n = len(equal)
    return n <= max(len(before[0]), len(before[1])) and n <= max(len(after[0]), len(after[1]))


def diff_words(old: str, new: str) -> list[Edit]:
    """The word-level diff of two texts, as a list of edits.

    Joining the EQUAL and DELETE texts gives `old` back exactly, and the EQUAL and
    INSERT texts give `new`: nothing is normalized away, so a changed quote or space
    shows as a change.
    """
    if old == new:
        return [Edit(Op.EQUAL, old)] if old else []
    ta, tb = tokenize(old), tokenize(new)
    diffs, folded = _fold_small_equalities(_diff(*_encode(ta, tb)))
    if folded:
        _DMP.diff_cleanupMerge(diffs)
    _DMP.diff_cleanupSemantic(diffs)
    return [Edit(_OPS[op], text) for op, text in _shared_space_out(_decode(_slide(diffs, ta, tb), ta, tb))]
def _decode(diffs: Diffs, ta: list[str], tb: list[str]) -> list[list]:
    """Back from characters to the tokens' own text, as [op, text] pairs; equal words whose
    spacing differs keep the word equal and show the spacing change alone."""
    out: list[list] = []
    i = j = 0
    for op, chars in diffs:
        n = len(chars)
        if op == DELETE:
            _add(out, DELETE, "".join(ta[i:i + n]))
            i += n
        elif op == INSERT:
            _add(out, INSERT, "".join(tb[j:j + n]))
            j += n
        else:
            olds, news = ta[i:i + n], tb[j:j + n]
            if olds == news:
                _add(out, EQUAL, "".join(olds))
            else:
                for old, new in zip(olds, news):
                    _add_same_token(out, old, new)
            i += n
            j += n
    return out


def _add(out: list[list], op: int, text: str) -> None:
    """Append an edit, joined to a neighbour of its kind; a deletion goes before the
    insertion it follows, so each change reads "struck, then added"."""
    if not text:
        return
    if out:
        last = out[-1]
        if last[0] == op:
            last[1] += text
            return
        if op == DELETE and last[0] == INSERT:
            if len(out) >= 2 and out[-2][0] == DELETE:
                out[-2][1] += text
            else:
                out.insert(len(out) - 1, [DELETE, text])
            return
    out.append([op, text])


def _add_same_token(out: list[list], old: str, new: str) -> None:
    """One word on both sides whose trailing space may differ ("in  persons", a non-breaking
    space): the word stays equal and only the spacing shows as changed."""
    if old == new:
        _add(out, EQUAL, old)
        return
    word = old.rstrip()
    _add(out, EQUAL, word)
    _add(out, DELETE, old[len(word):])
    _add(out, INSERT, new[len(word):])


def _cut_score(tokens: list[str], end: int) -> int:
    """How natural a cut after tokens[end - 1] is: after ", " best, after a space good,
    between a word and its punctuation worst."""
    token = tokens[end - 1]
    if not token[-1].isspace():
        return 0
    return 2 if len(token) > 1 and token.rstrip()[-1:] in ",;:.)" else 1


def _slide(diffs: Diffs, ta: list[str], tb: list[str]) -> Diffs:
    """Slide a lone insertion or deletion along equal tokens to where a reader would cut.

    "persons, as" -> "persons, especially women and children, as" can be drawn as
    "persons[, especially women and children], as" or "persons, [especially women and
    children, ]as"; both rebuild the texts, the second is how a person marks it up.
    (diff-match-patch's lossless pass does this on characters; this does it on tokens.)
    """
    out = list(diffs)
    i = j = 0  # where out[k - 1] starts in ta and tb
    for k in range(1, len(out) - 1):
        (p_op, left), (op, mid), (n_op, right) = out[k - 1], out[k], out[k + 1]
        if op != Op.EQUAL and p_op == n_op == Op.EQUAL and left and right:
            out[k - 1], out[k], out[k + 1] = _best_cut(left, mid, right, ta if op == Op.DELETE else tb,
                                                       i if op == Op.DELETE else j, op)
        p_op, left = out[k - 1]
        i += len(left) if p_op != Op.INSERT else 0
        j += len(left) if p_op != Op.DELETE else 0
    return [d for d in out if d[1]]


def _best_cut(left: str, mid: str, right: str, tokens: list[str], start: int, op: int) -> tuple[tuple[int, str], ...]:
    """`mid` placed between `left` and `right` where its two cuts read best, leftmost on a tie.
    `tokens` is the side `mid` belongs to and `start` where `left` begins in it."""
    while left and left[-1] == mid[-1]:  # all the way left first
        left, mid, right = left[:-1], left[-1] + mid[:-1], mid[-1] + right
    best, best_score = (left, mid, right), -1
    while True:
        score = ((_cut_score(tokens, start + len(left)) if left else 3)
                 + (_cut_score(tokens, start + len(left) + len(mid)) if right else 3))
        if score > best_score:
            best, best_score = (left, mid, right), score
        if not right or mid[0] != right[0]:
            break
        left, mid, right = left + mid[0], mid[1:] + right[0], right[1:]
    return (0, best[0]), (op, best[1]), (0, best[2])


def _trailing_space(text: str) -> str:
    return text[len(text.rstrip()):]


def _same_words(a: str, b: str) -> bool:
    if "".join(a.split()) != "".join(b.split()):  # cheap test first: most pairs differ in words
        return False
    return _keys(tokenize(a)) == _keys(tokenize(b))


def _shared_space_out(edits: list[list]) -> list[list]:
    """Take out of each change what both of its sides keep: "Noting " -> "Recognizing "
    strikes "Noting" and adds "Recognizing", and the space after them stays plain text."""
    out: list[list] = []
    k = 0
    while k < len(edits):
        op, text = edits[k]
        if op == DELETE and k + 1 < len(edits) and edits[k + 1][0] == INSERT:
            for piece_op, piece in _change(text, edits[k + 1][1]):
                _add(out, piece_op, piece)
            k += 2
        else:
            _add(out, op, text)
            k += 1
    return out


def _change(old: str, new: str) -> Diffs:
    """One deletion and the insertion that replaces it, with the shared spacing as equal text."""
    if _same_words(old, new):  # the same words, spaced differently
        pieces: list[list] = []
        for a, b in zip(tokenize(old), tokenize(new)):
            _add_same_token(pieces, a, b)
        return [(op, text) for op, text in pieces]
    if not new.strip() and old.strip() and old.endswith(new):  # words struck, their space kept
        return [(DELETE, old[:-len(new)]), (EQUAL, new)]
    space = _trailing_space(old)
    if space and old.strip() and new.strip() and _trailing_space(new).endswith(space):
        return [(DELETE, old[:-len(space)]), (INSERT, new[:-len(space)]), (EQUAL, space)]
    return [(DELETE, old), (INSERT, new)]


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
