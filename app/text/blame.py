"""Blame: for every word of a paragraph version, where it came from.

Walking the paragraph's versions oldest first, a word kept by the diff inherits the
origin it had; a word inserted is credited to the document that introduced it and to
the delegations whose proposals on the previous version inserted the same word in
the same context (three-word window), which is how a historian reads the Table of
Inputs against the next draft. A merged paragraph's words are traced to the merged
sources too (July paragraph 42 takes in first-draft 43-47).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

from app.text.redline import Op, diff_words_cached, new_part, old_part
from app.text.tokens import is_word, tokenize, words


@dataclass(frozen=True)
class Proposal:
    delegation: str
    text: str  # the full paragraph as proposed on the version it belongs to


@dataclass
class Version:
    document: str
    label: str
    text: str
    proposals: list[Proposal] = field(default_factory=list)  # inputs made on this version
    merged: list["Version"] = field(default_factory=list)  # other sources merged into this one


@dataclass(frozen=True)
class BlameSpan:
    start: int
    end: int
    text: str
    document: str  # the document that introduced these words
    delegations: tuple[str, ...]  # the delegations whose proposals carried them


@dataclass
class _Tok:
    text: str
    document: str
    delegations: tuple[str, ...] = ()


def _trigrams(ws: list[str]) -> set[tuple[str, ...]]:
    return {tuple(ws[i:i + 3]) for i in range(len(ws) - 2)}


def _proposers(new_words: list[str], i: int, inserted: list[tuple[set[str], set[tuple[str, ...]]]],
               names: list[str]) -> tuple[str, ...]:
    """Delegations that inserted word i themselves, in the same three-word context."""
    windows = {tuple(new_words[j:j + 3]) for j in range(max(0, i - 2), i + 1) if j + 3 <= len(new_words)}
    word = new_words[i] if i < len(new_words) else ""
    return tuple(sorted({n for n, (added, grams) in zip(names, inserted) if word in added and windows & grams}))


def _inserted_trigrams(base: str, proposal: str) -> tuple[set[str], set[tuple[str, ...]]]:
    """The words a proposal inserts, and its trigrams that touch one of them."""
    ws, marks = [], []
    for e in diff_words_cached(base, proposal):
        if e.op == Op.DELETE:
            continue
        for w in words(new_part(e)):  # a lost passage: only the proposal's own gap mark, no words
            ws.append(w)
            marks.append(e.op == Op.INSERT)
    added = {w for w, m in zip(ws, marks) if m}
    return added, {tuple(ws[i:i + 3]) for i in range(len(ws) - 2) if any(marks[i:i + 3])}


def _kept_origins(prev: list[_Tok], prev_text: str, new_text: str) -> dict[int, _Tok]:
    """For each place in `new_text` where a token starts inside text the diff kept, the
    previous version's token found at the same place of the old text.

    Edits do not follow token bounds (a replaced word's trailing space stays equal text), so
    the walk goes by character offsets, never by counting tokens inside each edit."""
    old_starts = list(accumulate((len(t.text) for t in prev), initial=0))[:-1]
    kept: list[tuple[int, int, int]] = []  # (new start, new end, old start) of each equal run
    new_pos = old_pos = 0
    for e in diff_words_cached(prev_text, new_text):
        if e.op == Op.EQUAL:
            kept.append((new_pos, new_pos + len(e.text), old_pos))
        old_pos += len(old_part(e))  # a lost passage holds different text on each side
        new_pos += len(new_part(e))
    origins: dict[int, _Tok] = {}
    pos = 0
    runs = iter(kept)
    run = next(runs, None)
    for tok in tokenize(new_text):
        while run is not None and run[1] <= pos:
            run = next(runs, None)
        if run is not None and run[0] <= pos:
            origins[pos] = prev[bisect_right(old_starts, run[2] + pos - run[0]) - 1]
        pos += len(tok)
    return origins


def _carry(prev: list[_Tok], new_text: str, version: Version, prev_version: Version) -> list[_Tok]:
    out: list[_Tok] = []
    origins = _kept_origins(prev, prev_version.text, new_text)
    new_words = words(new_text)
    names = [p.delegation for p in prev_version.proposals]
    inserted = [_inserted_trigrams(prev_version.text, p.text) for p in prev_version.proposals]
    merged_grams = [(_trigrams(words(m.text)), m.document) for m in version.merged]
    wi = pos = 0
    for tok in tokenize(new_text):
        old = origins.get(pos)
        if old is not None:
            out.append(_Tok(tok, old.document, old.delegations))
        else:
            doc = version.document
            dels: tuple[str, ...] = ()
            if is_word(tok):
                dels = _proposers(new_words, wi, inserted, names)
                window = {tuple(new_words[j:j + 3]) for j in range(max(0, wi - 2), wi + 1)}
                for grams, src_doc in merged_grams:
                    if window & grams:
                        doc = src_doc
                        break
            out.append(_Tok(tok, doc, dels))
        if is_word(tok):
            wi += 1
        pos += len(tok)
    return out


def blame(versions: list[Version]) -> list[BlameSpan]:
    """Spans of the last version's text, each with its introducing document and delegations."""
    if not versions:
        return []
    toks = [_Tok(t, versions[0].document) for t in tokenize(versions[0].text)]
    for prev, cur in zip(versions, versions[1:]):
        toks = _carry(toks, cur.text, cur, prev)
    return _spans(toks)


def _spans(toks: list[_Tok]) -> list[BlameSpan]:
    spans: list[BlameSpan] = []
    pos = 0
    for t in toks:
        key = (t.document, t.delegations)
        if spans and (spans[-1].document, spans[-1].delegations) == key or (spans and t.text.isspace()):
            last = spans[-1]
            spans[-1] = BlameSpan(last.start, pos + len(t.text), last.text + t.text, last.document, last.delegations)
        else:
            spans.append(BlameSpan(pos, pos + len(t.text), t.text, t.document, t.delegations))
        pos += len(t.text)
    return spans
