"""Uptake: what became of a proposal in the next version of its paragraph.

The score is the share of the proposal's word-level changes (the words it inserts and
the base words it deletes) that the next version also carries. Small function words are
left out of the inserted side when the proposal inserts content words too, so that
"the" and "and" turning up in the July text do not count as uptake.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.text.placement import NO_TEXT
from app.text.redline import Op, diff_words_cached
from app.text.tokens import words

ADOPTED_AT = 0.8
PARTIAL_AT = 0.2
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the their this to was were which "
    "with all any such other".split())


@dataclass(frozen=True)
class Uptake:
    klass: str  # adopted | partial | not_reflected | deleted_as_proposed | not_applicable
    score: float | None
    reason: str


@dataclass(frozen=True)
class Changes:
    """A proposal's (or a later version's) changes against the base: inserted words, deleted word slots."""

    inserted: Counter[str]
    deleted: frozenset[int]


def changes(base: str, other: str) -> Changes:
    inserted: Counter[str] = Counter()
    deleted: set[int] = set()
    pos = 0  # the place of the next base word
    for e in diff_words_cached(base, other):
        ws = words(e.text)
        if e.op == Op.INSERT:
            inserted.update(ws)
            continue
        if e.op == Op.DELETE:
            deleted.update(range(pos, pos + len(ws)))
        pos += len(ws)
    return Changes(inserted, frozenset(deleted))


def _meaningful(inserted: Counter[str]) -> Counter[str]:
    content = Counter({w: n for w, n in inserted.items() if w not in STOPWORDS})
    return content if content else inserted


def score(base: str, proposed: str, next_text: str) -> float | None:
    """Share of the proposal's changes that `next_text` carries; None if it changes nothing."""
    p = changes(base, proposed)
    n = changes(base, next_text)
    p_ins = _meaningful(p.inserted)
    total = sum(p_ins.values()) + len(p.deleted)
    if total == 0:
        return None
    carried = sum((p_ins & n.inserted).values()) + len(p.deleted & n.deleted)
    return carried / total


def classify(kind: str, base: str, proposed: str | None, next_text: str | None,
             next_status: str = "present", next_complete: bool = True) -> Uptake:
    """The uptake class of one input, given the paragraph's next version (None if it has none).

    When the scan lost part of the next version (July PP13 starts mid-sentence), words missing
    from it may be lost rather than deleted: such an input is not judged.
    """
    if kind in NO_TEXT:
        return Uptake("not_applicable", None, "a comment or a request to move or merge: no text to compare")
    if next_text is None and next_status == "present":
        return Uptake("not_applicable", None, "the paragraph has no later version in the record")
    if kind == "delete":
        if next_status == "deleted":
            return Uptake("deleted_as_proposed", 1.0, "the next draft deletes the paragraph")
        if next_status == "merged":
            return Uptake("partial", 0.5, "the next draft merges the paragraph into another")
        return Uptake("not_reflected", 0.0, "the next draft keeps the paragraph")
    if next_status == "deleted":
        return Uptake("not_reflected", 0.0, "the next draft deletes the paragraph")
    if proposed is None:
        return Uptake("not_applicable", None, "the proposal could not be placed in its paragraph")
    if not next_complete:
        return _judge_on_insertions(base, proposed, next_text or "")
    s = score(base, proposed, next_text or "")
    if s is None:
        return Uptake("not_applicable", None, "the proposal changes nothing in the paragraph")
    klass = _klass(s)
    return Uptake(klass, round(s, 3), REASONS[klass])


REASONS = {"adopted": "the next version carries the proposed changes",
           "partial": "the next version carries some of the proposed changes",
           "not_reflected": "the next version does not carry the proposed changes"}


def _klass(s: float) -> str:
    """The class of a score, by the ADOPTED_AT and PARTIAL_AT thresholds."""
    return "adopted" if s >= ADOPTED_AT else "partial" if s >= PARTIAL_AT else "not_reflected"


def _judge_on_insertions(base: str, proposed: str, next_text: str) -> Uptake:
    """The next version lost text in the scan: a missing word may be lost, not deleted, so only
    the proposal's insertions that do appear count, and nothing found settles nothing."""
    p_ins = _meaningful(changes(base, proposed).inserted)
    found = sum((p_ins & changes(base, next_text).inserted).values())
    if not found:
        return Uptake("not_applicable", None, "the next version is incomplete in the scan: its fate cannot be settled")
    s = found / sum(p_ins.values())
    return Uptake(_klass(s), round(s, 3), "judged on the words it adds only: the next version is incomplete in the scan")
