"""Word-level redlines with diff-match-patch's semantic cleanup.

diff-match-patch diffs characters; a redline must never cut inside a word. So each
distinct token (a word or punctuation mark, keyed without its trailing space) is mapped
to one character, as diff-match-patch's own line mode maps lines, the encoded strings
are diffed, the semantic cleanup runs on tokens, and the result is decoded back to text.
The outcome reads as whole-word strike-through and insertion.

The diff itself (a longest common subsequence) comes from RapidFuzz's compiled
`Indel.opcodes`, the step diff-match-patch's pure-Python bisection is slowest at. The
semantic cleanup gives exactly diff-match-patch's result (tested), reached faster: its
folding rule is applied in one pass while the diff is built, and dmp itself is called
only for what is left. Its character-level lossless pass is replaced by `_slide`, which
does the same job on tokens.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from enum import IntEnum
from functools import lru_cache
from itertools import count
from operator import itemgetter
from typing import NamedTuple, cast

from diff_match_patch import diff_match_patch
from rapidfuzz.distance import Indel

from app.text.lost import GAP, attribute_gaps, has_gap, join_gap_tokens
from app.text.keep import keep_kept_runs
from app.text.tokens import tokenize


class Op(IntEnum):
    """The diff operations: diff-match-patch's own three values, and LOST (2) for a passage the
    scan lost (`app/text/lost.py`), which is neither kept nor changed."""

    DELETE = -1
    EQUAL = 0
    INSERT = 1
    LOST = 2


class Edit(NamedTuple):
    """One operation of a redline; a tuple, since a paragraph's redline makes many of them.

    It unpacks as `(op, text)` everywhere. A lost passage or a merge's text says more, as
    attributes of `AnnotatedEdit` (made by `edit()`): a LOST edit's `text` is the words of the
    other text that the gap stands against (the base words a truncated input no longer shows,
    or ""), `mark` the gap as written ("[...] ") and `lost_in` which text holds it (1 the new,
    -1 the old, 0 both alike); `source` names the paragraph of a merge that kept or struck text
    came from (`app/text/merge.py`)."""

    op: Op
    text: str
    mark = ""
    lost_in = 0
    source = None  # not annotated, so not fields: class defaults that AnnotatedEdit overrides

    def as_pair(self) -> list[int | str]:
        """The JSON shape the API promises: `[op, text]` with op in -1, 0, 1, or 2 for lost text."""
        return [int(self.op), self.text]


class AnnotatedEdit(Edit):
    """An Edit that carries `mark`, `lost_in` or `source` (instance attributes; still a pair)."""


def edit(op: int, text: str, mark: str = "", lost_in: int = 0, source: str | None = None) -> Edit:
    """An Edit, annotated only when it has something to say beyond its op and text."""
    if not mark and not lost_in and source is None:
        return Edit(Op(op), text)
    e = AnnotatedEdit(Op(op), text)
    e.mark, e.lost_in, e.source = mark, lost_in, source  # type: ignore[misc]
    return e


Diffs = list[tuple[int, str]]  # diff-match-patch's own shape, over encoded tokens
Opcodes = list[tuple[str, int, int, int, int]]  # difflib's and RapidFuzz's shape
DELETE, EQUAL, INSERT, LOST = Op.DELETE, Op.EQUAL, Op.INSERT, Op.LOST  # equal to dmp's -1, 0, 1


class _TokenCleanup(diff_match_patch):
    """diff-match-patch's semantic cleanup, run on encoded tokens.

    Its character-level lossless pass would slide edits by looking at code points;
    `_slide` does that job on the tokens themselves.
    """

    def diff_cleanupSemanticLossless(self, diffs: Diffs) -> None:  # noqa: N802 (dmp's name)
        return None


_DMP = _TokenCleanup()
_SURROGATES = range(0xD800, 0xE000)
_CHARS = "".join(map(chr, range(1, _SURROGATES.start)))  # the code characters, in order, below the surrogates


def _char(i: int) -> str:
    """The i-th code character, skipping the surrogate block."""
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
    """Both token lists as strings of one character per distinct key, the way
    diff-match-patch's line mode turns lines into characters."""
    return _encode_keys(_keys(ta), _keys(tb))


def _encode_keys(ka: list[str], kb: list[str]) -> tuple[str, str]:
    """`_encode` of keys already made."""
    both = ka + kb
    if len(both) <= len(_CHARS):
        # Each key gets the character of its last position: one per distinct key, in one dict build.
        table = dict(zip(both, _CHARS))
    else:  # a text of tens of thousands of tokens: number the distinct keys, past the surrogates
        table = dict(zip(dict.fromkeys(both), map(_char, count())))
    return _lookup(table, ka), _lookup(table, kb)


def _lookup(table: dict[str, str], keys: list[str]) -> str:
    """The characters of `keys`, joined; itemgetter looks them all up in one call."""
    if len(keys) < 2:
        return "".join(table[k] for k in keys)
    return "".join(itemgetter(*keys)(table))


def _lcs(a: str, b: str) -> Opcodes:
    """A longest common subsequence of two encoded strings, as opcodes, from RapidFuzz's C++."""
    return cast(Opcodes, Indel.opcodes(a, b).as_list())


def _diff(a: str, b: str, opcodes: Opcodes, *, fold: bool = True) -> tuple[Diffs, bool]:
    """The insert/delete diff of two encoded strings that `opcodes` describe, small equalities folded.

    An optimal LCS (`_lcs`) leaves no common prefix or suffix inside a change, so each
    change is simply its deletions, then its insertions.

    With `fold`, diff-match-patch's semantic rule is applied on the way: an equality no
    longer than the change on either side of it ("the", "of" inside a rewritten clause) is
    folded into the change. dmp applies that rule by rescanning from two equalities back
    after each fold, which on a heavily rewritten paragraph costs more than the whole diff.
    Folding only makes the changes around other equalities bigger, so an equality that
    qualifies once qualifies for good: rechecking just the equality before each fold reaches
    the same result in one pass, and dmp's own cleanup then has nothing left to fold.
    Returns the diffs and whether anything was folded (dmp would then run its merge pass).
    """
    parts: list = [["", ""]]  # change groups [deleted, inserted] alternating with equalities
    folded = False
    group = parts[0]
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            if not group[0] and not group[1] and len(parts) > 1:  # two equal runs in a row (anchored opcodes)
                parts[-2] += a[i1:i2]
                continue
            if fold and _fold_back(parts):
                folded = True
            group = ["", ""]
            parts += [a[i1:i2], group]
        elif tag == "delete":
            group[0] += a[i1:i2]
        else:
            group[1] += b[j1:j2]
    if fold and _fold_back(parts):
        folded = True
    out: Diffs = []
    for k, part in enumerate(parts):
        if k % 2:
            out.append((EQUAL, part))
            continue
        if part[0]:
            out.append((DELETE, part[0]))
        if part[1]:
            out.append((INSERT, part[1]))
    return out, folded


def _fold_back(parts: list) -> bool:
    """Fold the last equality into the changes around it while dmp's test holds (it is no
    longer than the larger side of the change before it and of the change after it), then
    the one before it, and so on. Returns whether anything was folded."""
    folded = False
    while len(parts) >= 3:
        before, equal, after = parts[-3:]
        n = len(equal)
        if not ((n <= len(before[0]) or n <= len(before[1])) and (n <= len(after[0]) or n <= len(after[1]))):
            break
        parts[-3:] = [[before[0] + equal + after[0], before[1] + equal + after[1]]]
        folded = True
    return folded


def _merge_would_move(diffs: Diffs) -> bool:
    """Would diff-match-patch's merge pass change these diffs? Ours come merged already (each
    change one deletion then one insertion), so only two of its moves can apply: a change
    whose two sides start or end alike gives that token to the equality, and a lone edit
    that ends like the equality before it (or starts like the one after) shifts over it.
    Checking is a fraction of the pass, which is seldom needed."""
    for k in range(1, len(diffs)):
        op, text = diffs[k]
        prev_op, prev = diffs[k - 1]
        if op == INSERT and prev_op == DELETE and (prev[0] == text[0] or prev[-1] == text[-1]):
            return True
        if prev_op == EQUAL and op != EQUAL and k + 1 < len(diffs) and diffs[k + 1][0] == EQUAL \
                and (text.endswith(prev) or text.startswith(diffs[k + 1][1])):
            return True
    return False


REWRITE = 0.1  # the cleanup kept less than this share of the matched tokens: try anchoring
MATCHED = 8  # ... when a shortest diff matched at least this many tokens


def _align(a: str, b: str) -> Diffs:
    """The cleaned-up diff of two encoded strings.

    Any longest common subsequence is as short a diff as any other, but not as readable:
    matching a recurring phrase ("the Conference of Parties") in a rewritten paragraph can
    leave the semantic cleanup nothing to keep, where matching its distinctive words
    ("accordance", "32") keeps whole clauses. So when the cleanup kept less than a tenth of
    what the LCS matched, the paragraph is aligned again on the tokens that occur once in
    each text (patience anchors), and the redline that keeps more text wins. Only paragraphs
    the cleanup turns into a near-complete rewrite pay for the second alignment (5 of the 91
    first-draft -> July pairs).
    """
    opcodes = _lcs(a, b)
    diffs = _cleanup(a, b, opcodes)
    matched = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")
    kept = _kept(diffs)
    if matched >= MATCHED and kept < REWRITE * matched:
        anchored = _cleanup(a, b, _anchored_opcodes(a, b))
        if _kept(anchored) > kept:
            return anchored
    return diffs


def _cleanup(a: str, b: str, opcodes: Opcodes) -> Diffs:
    """diff-match-patch's semantic cleanup of the diff `opcodes` describe.

    `_diff` has already folded what dmp would fold, so of `diff_cleanupSemantic` only its last
    step can still act: turning the overlap of a deletion and the insertion after it into
    equal text. It is called whenever some change could have such an overlap (2 of 3 pairs of
    the record can not, and skip it); a test checks the outcome is always dmp's own.
    """
    diffs, folded = _diff(a, b, opcodes)
    if folded and _merge_would_move(diffs):
        _DMP.diff_cleanupMerge(diffs)
    if _may_overlap(diffs):
        _DMP.diff_cleanupSemantic(diffs)
    return diffs


def _may_overlap(diffs: Diffs) -> bool:
    """Could a deletion end the way the insertion after it begins, or the reverse? Each needs
    the first token of one side to occur in the other."""
    return any(op == DELETE and diffs[k + 1][0] == INSERT
               and (diffs[k + 1][1][0] in text or text[0] in diffs[k + 1][1])
               for k, (op, text) in enumerate(diffs[:-1]))


def _kept(diffs: Diffs) -> int:
    return sum(len(text) for op, text in diffs if op == EQUAL)


def _anchored_opcodes(a: str, b: str) -> Opcodes:
    """Opcodes of a diff that keeps the longest in-order run of tokens found exactly once in
    each text (the anchors of git's patience diff), with a shortest diff between anchors."""
    count_a, count_b = Counter(a), Counter(b)
    at_a, at_b = {ch: i for i, ch in enumerate(a)}, {ch: j for j, ch in enumerate(b)}
    pairs = sorted((at_a[ch], at_b[ch]) for ch, n in count_a.items() if n == 1 and count_b.get(ch) == 1)
    opcodes: Opcodes = []
    last_i = last_j = 0
    for i, j in _longest_increasing(pairs) + [(len(a), len(b))]:
        if i > last_i and j > last_j:
            opcodes += [(tag, i1 + last_i, i2 + last_i, j1 + last_j, j2 + last_j)
                        for tag, i1, i2, j1, j2 in _lcs(a[last_i:i], b[last_j:j])]
        elif i > last_i:
            opcodes.append(("delete", last_i, i, last_j, last_j))
        elif j > last_j:
            opcodes.append(("insert", last_i, last_i, last_j, j))
        if i < len(a):
            opcodes.append(("equal", i, i + 1, j, j + 1))
        last_i, last_j = i + 1, j + 1
    return opcodes


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of `pairs` (sorted by first place) increasing in the second place, by patience sorting."""
    tails: list[int] = []  # tails[k]: the smallest second place that ends an increasing run of k + 1
    tail_at: list[int] = []
    back: list[int] = []
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_at.append(n)
        else:
            tails[k], tail_at[k] = j, n
        back.append(tail_at[k - 1] if k else -1)
    run: list[tuple[int, int]] = []
    n = tail_at[-1] if tail_at else -1
    while n != -1:
        run.append(pairs[n])
        n = back[n]
    return run[::-1]


def diff_words(old: str, new: str) -> list[Edit]:
    """The word-level diff of two texts, as a list of edits.

    Joining the EQUAL and DELETE texts gives `old` back exactly, and the EQUAL and
    INSERT texts give `new`: nothing is normalized away, so a changed quote or space
    shows as a change.
    """
    if old == new:
        return _same_text(old)
    if has_gap(old) or has_gap(new):
        return _diff_with_gaps(old, new)
    ta, tb = tokenize(old), tokenize(new)
    diffs = keep_kept_runs(_align(*_encode(ta, tb)), ta, tb)  # kept words the cleanup folded away
    return [Edit(op, text) for op, text in _decode(_slide(diffs, ta, tb), ta, tb)]


def _same_text(text: str) -> list[Edit]:
    """Two equal texts: all kept, but a gap both hold is still a gap, not kept words."""
    if not has_gap(text):
        return [Edit(Op.EQUAL, text)] if text else []
    out, pos = [], 0
    for m in GAP.finditer(text):
        gap_end = m.end() + len(text[m.end():]) - len(text[m.end():].lstrip())
        if m.start() > pos:
            out.append(Edit(Op.EQUAL, text[pos:m.start()]))
        out.append(edit(Op.LOST, "", text[m.start():gap_end], 0))
        pos = gap_end
    if pos < len(text):
        out.append(Edit(Op.EQUAL, text[pos:]))
    return out


def _diff_with_gaps(old: str, new: str) -> list[Edit]:
    """`diff_words` of texts holding `[...]`: each gap is one token that matches nothing, and
    the change around it is read as lost, not changed (`lost.attribute_gaps`)."""
    ta, old_gaps = join_gap_tokens(tokenize(old))
    tb, new_gaps = join_gap_tokens(tokenize(new))
    ka, kb = _keys(ta), _keys(tb)
    for side, keys, gaps in (("o", ka, old_gaps), ("n", kb, new_gaps)):
        for k in gaps:
            keys[k] = f"\x00gap-{side}{k}"  # unique: a gap never matches anything, not even a gap
    a, b = _encode_keys(ka, kb)
    gaps_a, gaps_b = {a[k] for k in old_gaps}, {b[k] for k in new_gaps}
    kept = keep_kept_runs(_align(a, b), ta, tb, avoid=gaps_a | gaps_b, strict_spacing=True)
    items = attribute_gaps(_slide(kept, ta, tb), gaps_a, gaps_b)
    return [edit(*e) for e in _decode(items, ta, tb)]


@lru_cache(maxsize=8192)
def diff_words_cached(old: str, new: str) -> tuple[Edit, ...]:
    """`diff_words`, remembered for the record's own texts. One page asks for the same pair
    several times (a proposal's redline, its uptake, contention, blame, lineage) and the
    texts do not change while the process runs. Text a user sends (the API's free diff)
    goes to `diff_words`, so it cannot crowd the record out of the cache."""
    return tuple(diff_words(old, new))


def _decode(diffs: Diffs, ta: list[str], tb: list[str]) -> list[list]:
    """Back from characters to the tokens' own text, as [op, text] pairs; equal words whose
    spacing differs keep the word equal and show the spacing change alone. Each change is
    finished (`_shared_space_out`) when the equal text after it begins: nothing joins it later."""
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
        elif op == LOST:  # chars is (gap chars, the other text's chars, side): see lost.attribute_gaps
            i, j = _add_lost(out, chars, ta, tb, i, j)
        else:
            _shared_space_out(out)
            olds, news = ta[i:i + n], tb[j:j + n]
            if olds == news:
                _add(out, EQUAL, "".join(olds))
            else:  # usually one word, next to a change, lost or gained its space
                run = 0
                for k, (old_token, new_token) in enumerate(zip(olds, news)):
                    if old_token != new_token:
                        _add(out, EQUAL, "".join(olds[run:k]))
                        _add_same_token(out, old_token, new_token)
                        run = k + 1
                _add(out, EQUAL, "".join(olds[run:]))
            i += n
            j += n
    _shared_space_out(out)
    return out


def _add_lost(out: list[list], item: tuple[str, str, int], ta: list[str], tb: list[str], i: int, j: int
              ) -> tuple[int, int]:
    """Append a lost passage, [LOST, the other text's words, the gap mark, side]; returns the new places."""
    gap, against, side = item
    _shared_space_out(out)
    if side == 1:
        out.append([LOST, "".join(ta[i:i + len(against)]), "".join(tb[j:j + len(gap)]), 1])
        return i + len(against), j + len(gap)
    out.append([LOST, "".join(tb[j:j + len(against)]), "".join(ta[i:i + len(gap)]), -1])
    return i + len(gap), j + len(against)


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
    if not any(_movable(diffs, k) for k in range(1, len(diffs) - 1)):
        return diffs  # the common case
    out = list(diffs)
    i = j = 0  # where out[k - 1] starts in ta and tb
    for k in range(1, len(out) - 1):
        (p_op, left), (op, mid), _ = out[k - 1], out[k], out[k + 1]
        if _movable(out, k):
            right = out[k + 1][1]
            if op == DELETE:
                out[k - 1], out[k], out[k + 1] = _best_cut(left, mid, right, ta, i, op)
            else:
                out[k - 1], out[k], out[k + 1] = _best_cut(left, mid, right, tb, j, op)
            p_op, left = out[k - 1]
        if p_op != INSERT:
            i += len(left)
        if p_op != DELETE:
            j += len(left)
    return [d for d in out if d[1]]


def _movable(diffs: Diffs, k: int) -> bool:
    """Is diffs[k] a lone edit between equal text that it could slide along (it ends like the
    text before it or starts like the text after)?"""
    (p_op, left), (op, mid), (n_op, right) = diffs[k - 1], diffs[k], diffs[k + 1]
    return (op != EQUAL and p_op == n_op == EQUAL and bool(left) and bool(right)
            and (left[-1] == mid[-1] or mid[0] == right[0]))


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
    return (EQUAL, best[0]), (op, best[1]), (EQUAL, best[2])


def _trailing_space(text: str) -> str:
    return text[len(text.rstrip()):]


def _same_words(a: str, b: str) -> bool:
    if a.lstrip()[:1] != b.lstrip()[:1] or "".join(a.split()) != "".join(b.split()):  # cheap test first: most pairs differ in words
        return False
    return _keys(tokenize(a)) == _keys(tokenize(b))


def _shared_space_out(out: list[list]) -> None:
    """Take out of the change that ends `out` what both of its sides keep: "Noting " ->
    "Recognizing " strikes "Noting" and adds "Recognizing", and the space after them stays
    plain text (joined by `_add` to the equal text around it)."""
    if len(out) >= 2 and out[-2][0] == DELETE and out[-1][0] == INSERT:
        pieces = _change(out[-2][1], out[-1][1])
        if pieces is not None:
            del out[-2:]
            for op, text in pieces:
                _add(out, op, text)


def _change(old: str, new: str) -> list[list] | None:
    """A deletion and the insertion that replaces it, with the shared spacing taken out as
    equal text; None when there is none to take out."""
    if _same_words(old, new):  # the same words, spaced differently
        pieces: list[list] = []
        for a, b in zip(tokenize(old), tokenize(new)):
            _add_same_token(pieces, a, b)
        return pieces
    if not old.strip():
        return None
    if not new.strip():
        return [[DELETE, old[:-len(new)]], [EQUAL, new]] if old.endswith(new) else None  # words struck, space kept
    space = _trailing_space(old)
    if space and _trailing_space(new).endswith(space):
        return [[DELETE, old[:-len(space)]], [INSERT, new[:-len(space)]], [EQUAL, space]]
    return None


def old_part(e: Edit) -> str:
    """What an edit holds of the old text: its text, or for a lost passage the old words it stands
    against (or the old text's own gap mark). A walk that counts places in the old text uses this."""
    if e.op == Op.LOST:
        return e.text if e.lost_in == 1 else e.mark
    return "" if e.op == Op.INSERT else e.text


def new_part(e: Edit) -> str:
    """What an edit holds of the new text (a lost passage: the new text's gap mark, or the new
    words that stand against the old text's gap)."""
    if e.op == Op.LOST:
        return e.text if e.lost_in == -1 else e.mark
    return "" if e.op == Op.DELETE else e.text


def old_text(edits: list[Edit]) -> str:
    """The old text back, exactly: with its own gap marks, and the words a gap of the new text stands against."""
    return "".join(map(old_part, edits))


def new_text(edits: list[Edit]) -> str:
    """The new text back, exactly (its gap marks included)."""
    return "".join(map(new_part, edits))


def is_unchanged(edits: list[Edit]) -> bool:
    return all(e.op == Op.EQUAL for e in edits)


def only_lost(edits: list[Edit]) -> bool:
    """Nothing changed that the record shows: every difference is text the scan lost."""
    return any(e.op == Op.LOST for e in edits) and all(e.op in (Op.EQUAL, Op.LOST) for e in edits)


def has_lost(edits: list[Edit] | tuple[Edit, ...]) -> bool:
    return any(e.op == Op.LOST for e in edits)


def judged(edits: list[Edit] | tuple[Edit, ...]) -> list[Edit]:
    """The edits a judgement may count (uptake, contention): all but the passages the scan lost,
    which are neither kept nor changed. (The uptake judge calls this, so that a July paragraph
    the scan cut short does not read as the drafters rejecting the rest of a proposal.)"""
    return [e for e in edits if e.op != Op.LOST]


def similarity(edits: list[Edit]) -> float:
    """Share of characters kept, over both texts, leaving out what the scan lost: 1.0 identical,
    0.0 nothing in common."""
    kept = sum(len(e.text) for e in edits if e.op == Op.EQUAL)
    total = sum(len(e.text) for e in edits if e.op != Op.LOST) + kept
    return 1.0 if total == 0 else 2 * kept / total
