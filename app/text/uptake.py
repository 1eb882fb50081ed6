"""Uptake: what became of a proposal in the next version of its paragraph, change by change.

A proposal is judged where it stands. Its redline against the base is cut into changes
(`hunks`: each struck and inserted passage at its base position); the next version, aligned to
the same base, is read at that position; and each change is carried when the next version made
it there: the inserted phrase present (with some slack for wording and a few words' shift), the
struck phrase gone. Counting words anywhere in the paragraph, as before, scored a two-word
insertion "partial" because the next draft added one of its words in another clause.

Text the scan lost is neither kept nor changed: a change that falls there is unsettled, and an
input whose verdict hangs on such changes is `unsettled`, never `not_reflected`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from app.text.hunks import LOST_MARK, Alignment, Hunk, hunks, moved_span, phrase_elsewhere
from app.text.placement import NO_TEXT
from app.text.redline import diff_words_cached
from app.text.tokens import words

ADOPTED_AT = 0.8  # share of changes carried from which an input is adopted
PARTIAL_AT = 0.2
CARRIED_AT = 0.75  # share of one change's words made at its place from which the change is carried
PARTLY_AT = 1 / 3
WIDE = 3  # a place over 3 times the change's inserted words (+12) is wide: lone matching words there are chance
STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it its of on or that the their this to was were which "
    "with all any such other".split())

UPTAKE_CLASSES: dict[str, str] = {
    "adopted": "The next version made the proposed changes where the proposal made them (80% or more of them).",
    "partial": "The next version made some of the proposed changes where the proposal made them (20% to 80%).",
    "not_reflected": "The next version made almost none of the proposed changes (under 20%); "
                     "for a request to delete, it kept the paragraph.",
    "deleted_as_proposed": "The proposal was to delete the paragraph, and the next draft deleted it.",
    "nothing_to_judge": "No proposed wording to judge: a comment, a request to move or merge, a proposal "
                        "that changes nothing, or a paragraph with no later version yet.",
    "unsettled": "Cannot be settled from the record: the next version's text is lost in the scan where the "
                 "proposal makes its changes, or the proposal could not be placed in its paragraph.",
}
"""Each uptake class and what it means, in the words the pages and the docs use."""

SCORE_MEANING = ("The percentage beside a class is the share of the proposal's changes (each struck or "
                 "inserted passage at its place, counted once) that the next version made at the same "
                 "place; a change made only in part counts half. Changes of punctuation or small words "
                 "alone count only when the proposal makes no other.")
"""What the percentage shown beside a class is a share of."""

WHOLE_SCORE_MEANING = ("For a request to delete the paragraph, the percentage is 100% when the next draft deletes "
                       "it, or merges it into another that keeps none of its wording, 50% when it merges it into "
                       "another that keeps some, 0% when it keeps it.")

VERDICTS: dict[str, str] = {
    "carried": "the next version made this change here",
    "carried_elsewhere": "the next version puts in these very words (three or more) at another place",
    "partly": "the next version made part of this change here",
    "not_carried": "the next version does not make this change here",
    "unsettled": "the next version's text is lost in the scan here",
    "lost_in_proposal": "the proposal's own text is lost in the scan here: not judged",
}
"""What each change's verdict in the evidence means."""


@dataclass(frozen=True)
class ChangeEvidence:
    """One proposed change and what the next version has at its place.

    `base` is the change's span in the base paragraph, `next` the span of the next version's
    text at that place (None when there is no next text); `share` the part of the change's
    words made there; `minor` a change of punctuation or small words only, which does not
    count when the proposal makes other changes."""

    base: tuple[int, int]
    struck: str
    inserted: str
    verdict: str  # carried | partly | not_carried | unsettled
    share: float | None
    next: tuple[int, int] | None
    next_text: str | None
    minor: bool

    def public(self) -> dict[str, object]:
        """The API's shape of one change's evidence."""
        return {"base": list(self.base), "struck": self.struck, "inserted": self.inserted,
                "verdict": self.verdict, "share": self.share, "minor": self.minor,
                "next": list(self.next) if self.next else None, "next_text": self.next_text}


@dataclass(frozen=True)
class Uptake:
    klass: str  # a key of UPTAKE_CLASSES
    score: float | None
    reason: str
    evidence: tuple[ChangeEvidence, ...] = ()

    @property
    def meaning(self) -> str:
        return UPTAKE_CLASSES.get(self.klass, "")

    @property
    def score_meaning(self) -> str | None:
        """What the percentage beside the class is a share of (None when no percentage is shown)."""
        return None if self.score is None else SCORE_MEANING if self.evidence else WHOLE_SCORE_MEANING

    def public(self) -> dict[str, object]:
        """The API's uptake shape."""
        return {"class": self.klass, "score": self.score, "reason": self.reason, "meaning": self.meaning,
                "score_meaning": self.score_meaning, "evidence": [e.public() for e in self.evidence]}


# --- one change --------------------------------------------------------------------------

def _key(word: str) -> str:
    """A word's form for finding an inserted phrase with slack for small wording differences:
    "labour" and "labor", "organisations" and "organization", "continuing" and "continue" match
    (the July draft turned every "Strengthening" into "Strengthen"). Nothing looser: cutting
    words to a stem matched "temporary work permits" with "temporarily or permanently"."""
    if word.endswith("our"):
        word = word[:-3] + "or"
    word = word.replace("isation", "ization").replace("ise", "ize") if "is" in word else word
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 5 and word.endswith(("ing", "ed")):
        word = word[:-3] if word.endswith("ing") else word[:-2]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def _changed_words(hunk: Hunk) -> tuple[list[str], list[str], bool]:
    """The words the change inserts and strikes (a word on both sides has only been swept in by
    the cleanup and is neither), content words only unless it has none; and whether it is minor."""
    ins, dele = words(hunk.inserted), words(hunk.deleted)
    both = Counter(ins) & Counter(dele)
    ins_only = _without(ins, both)
    del_only = _without(dele, both)
    content_ins = [w for w in ins_only if w not in STOPWORDS]
    content_del = [w for w in del_only if w not in STOPWORDS]
    if content_ins or content_del:
        return content_ins, content_del, False
    if ins_only or del_only:
        return ins_only, del_only, True
    return _marks(hunk.inserted), _marks(hunk.deleted), True


def _marks(text: str) -> list[str]:
    """The punctuation of a text, for a change that touches nothing else ("report.." vs "report.")."""
    return [c for c in text if not c.isspace() and not c.isalnum()]


def _without(ws: list[str], drop: Counter[str]) -> list[str]:
    left = Counter(drop)
    out = []
    for w in ws:
        if left[w]:
            left[w] -= 1
        else:
            out.append(w)
    return out


def _verdict(share: float) -> str:
    return "carried" if share >= CARRIED_AT else "partly" if share >= PARTLY_AT else "not_carried"


def judge_change(hunk: Hunk, al: Alignment, *, unmarked_loss: bool = False) -> ChangeEvidence:
    """Did the next version (aligned in `al`) make this change at its place?

    The inserted words are looked for, in order, in what the next version has at the place
    and in what it inserts within a few words of it; the struck words must be gone from the
    place. When the next version moved the words around the change, the place is found by them
    (`moved_span`). An insertion of three words or more that the next version makes, word for
    word, at another place (a name added to a list the next draft reordered) is carried
    elsewhere. Where the next version's text is lost (marked, or, in a text known to be
    incomplete without marks, base words dropped with nothing in their place), only found
    insertions can settle anything."""
    ins, dele, minor = _changed_words(hunk)
    if hunk.lost and not ins:  # what the delegation wrote here is lost: nothing to judge
        return ChangeEvidence((hunk.base_start, hunk.base_end), "", hunk.inserted, "lost_in_proposal", None,
                              None, None, True)
    punctuation_only = minor and not any(w[:1].isalnum() for w in ins + dele)
    as_words = _marks if punctuation_only else words
    lo, hi = al.span(hunk.base_start, hunk.base_end)
    ws, we = al.widened(hunk.base_start, hunk.base_end)
    found, share = _measure(ins, dele, al.other[lo:hi], al.inserted_near(ws, we), as_words)
    verdict = _verdict(share)
    if verdict != "carried":
        moved = moved_span(al, hunk.base_start, hunk.base_end,
                           max(len(words(hunk.inserted)), len(words(hunk.deleted))))
        if moved is not None:
            m_found, m_share = _measure(ins, dele, al.other[moved[0]:moved[1]], "", as_words)
            if m_share > share:
                (lo, hi), found, share, verdict = moved, m_found, m_share, _verdict(m_share)
    if verdict != "carried" and not dele and not punctuation_only:
        where = phrase_elsewhere(al, words(hunk.inserted))
        if where is not None:
            return ChangeEvidence((hunk.base_start, hunk.base_end), hunk.deleted, hunk.inserted, "carried_elsewhere",
                                  1.0, where, al.other[where[0]:where[1]], minor)
    lost = not al.place_visible(hunk.base_start, hunk.base_end) and (
        al.lost_near(ws, we) or (unmarked_loss and al.bare_deletion_near(ws, we)))
    if lost and verdict != "carried":
        share = found / len(ins) if ins else 0.0
        verdict = "carried" if share >= CARRIED_AT else "unsettled"
    return ChangeEvidence((hunk.base_start, hunk.base_end), hunk.deleted, hunk.inserted, verdict,
                          round(share, 3) if verdict != "unsettled" else None, (lo, hi), al.other[lo:hi], minor)


def _measure(ins: list[str], dele: list[str], here: str, near: str, as_words: Callable[[str], list[str]]
             ) -> tuple[int, float]:
    """How many inserted words are found, in order, in `here` and `near`, and the share of the
    change made: found insertions plus struck words gone from `here`, over all changed words."""
    near_w = as_words(here + " " + near)
    if ins and not set(ins) & STOPWORDS:  # content words sought: the small words between them do not break a run
        near_w = [w for w in near_w if w not in STOPWORDS]
    ins_k, near_k = [_key(w) for w in ins], [_key(w) for w in near_w]
    blocks = SequenceMatcher(None, ins_k, near_k, autojunk=False).get_matching_blocks()
    if len(near_k) > WIDE * max(len(ins_k), 1) + 12:
        # a place much wider than the change (the next version rewrote all around it): a lone
        # word matching there is chance, so only runs of two or more count (or the one word asked)
        blocks = [b for b in blocks if b.size >= min(2, len(ins_k))]
    found = sum(b.size for b in blocks)
    present = Counter(as_words(here))  # a struck word is gone only if that very word is
    gone = 0
    for w in dele:
        if present[w]:
            present[w] -= 1
        else:
            gone += 1
    total = len(ins) + len(dele)
    return found, (found + gone) / total if total else 1.0


def evidence(base: str, proposed: str, next_text: str, *, next_complete: bool = True) -> tuple[ChangeEvidence, ...]:
    """Each change the proposal makes to `base`, judged against `next_text` at its place."""
    al = _alignment(base, next_text)
    unmarked = not next_complete and not LOST_MARK.search(next_text)  # lost, but the curators did not mark where
    return tuple(judge_change(h, al, unmarked_loss=unmarked) for h in hunks(diff_words_cached(base, proposed)))


@lru_cache(maxsize=2048)
def _alignment(base: str, next_text: str) -> Alignment:
    """The next version aligned to the base, once per pair: every input on a paragraph reads it."""
    return Alignment(base, next_text, diff_words_cached(base, next_text))


CREDIT = {"carried": 1.0, "carried_elsewhere": 1.0, "partly": 0.5, "not_carried": 0.0}


def score(base: str, proposed: str, next_text: str) -> float | None:
    """Share of the proposal's changes that `next_text` made at their place; None if it changes nothing."""
    counted = _counted(evidence(base, proposed, next_text))
    if not counted:
        return None
    return sum(CREDIT.get(e.verdict, 0.0) for e in counted) / len(counted)


def _counted(ev: tuple[ChangeEvidence, ...]) -> list[ChangeEvidence]:
    """The changes that count: the substantive ones, or the minor ones when there are no others;
    never a place where the proposal's own text is lost."""
    ev = tuple(e for e in ev if e.verdict != "lost_in_proposal")
    return [e for e in ev if not e.minor] or list(ev)


# --- one input ---------------------------------------------------------------------------

def classify(kind: str, base: str, proposed: str | None, next_text: str | None,
             next_status: str = "present", next_complete: bool = True) -> Uptake:
    """The uptake class of one input, given the paragraph's next version (None if it has none)."""
    if kind in NO_TEXT:
        return Uptake("nothing_to_judge", None, "a comment or a request to move or merge: no text to compare")
    if next_text is None and next_status == "present":
        return Uptake("nothing_to_judge", None, "the paragraph has no later version in the record")
    if kind == "delete":
        if next_status == "deleted":
            return Uptake("deleted_as_proposed", 1.0, "the next draft deletes the paragraph")
        if next_status == "merged":
            return _merged_deletion(base, next_text or "", next_complete)
        return Uptake("not_reflected", 0.0, "the next draft keeps the paragraph")
    if next_status == "deleted":
        return Uptake("not_reflected", 0.0, "the next draft deletes the paragraph")
    if proposed is None:
        return Uptake("unsettled", None, "the proposal could not be placed in its paragraph")
    ev = evidence(base, proposed, next_text or "", next_complete=next_complete)
    return _from_evidence(ev)


MERGED_GONE_AT = 0.05  # share of a merged paragraph's word trigrams in its successor below which it is gone


def kept_share(base: str, merged: str) -> float:
    """The share of `base`'s word trigrams that `merged` repeats: how much of a paragraph merged into
    another is still there (0 for a paragraph too short to have a trigram)."""
    b, m = words(base), words(merged)
    grams = {tuple(b[i:i + 3]) for i in range(len(b) - 2)}
    there = {tuple(m[i:i + 3]) for i in range(len(m) - 2)}
    return len(grams & there) / len(grams) if grams else 0.0


def _merged_deletion(base: str, merged: str, merged_complete: bool) -> Uptake:
    """A request to delete a paragraph the next draft merged into another: judged against the merged
    paragraph. When it repeats none of the deleted paragraph's wording (under one in twenty of its word
    trigrams: a stray "trafficking in persons"), the paragraph is gone as asked; when it keeps some, the
    paragraph went but part of its content stayed: partial. The bar is low on purpose: July 42 takes up
    first-draft 44's call for legislation in new words (4 words in a row in common, 7% of its trigrams),
    and a reader judges that partial (tests/gold, singapore-44-1). A merged paragraph lost in part in the scan may hold the words unseen."""
    share = kept_share(base, merged)
    if share < MERGED_GONE_AT:
        if not merged_complete or LOST_MARK.search(merged):
            return Uptake("unsettled", None, "the next draft merges the paragraph into another, whose text is "
                                             "lost in part in the scan: whether its wording stayed cannot be seen")
        return Uptake("deleted_as_proposed", 1.0, f"the next draft merges the paragraph into another, which keeps "
                                                  f"none of its wording ({share:.0%} of its word sequences)")
    return Uptake("partial", 0.5, f"the next draft merges the paragraph into another, which keeps part of its "
                                  f"wording ({share:.0%} of its word sequences)")


def _from_evidence(ev: tuple[ChangeEvidence, ...]) -> Uptake:
    """The class from the changes carried. Unsettled changes may go either way: the class is
    the one both readings give, else "partial" when even the worst reading is, else unsettled."""
    counted = _counted(ev)
    if not counted and ev:
        return Uptake("unsettled", None, "the proposal's own text is lost in the scan where it makes its changes", ev)
    if not counted:
        return Uptake("nothing_to_judge", None, "the proposal changes nothing in the paragraph", ev)
    n = len(counted)
    unsettled = sum(e.verdict == "unsettled" for e in counted)
    credit = sum(CREDIT.get(e.verdict, 0.0) for e in counted)
    low, high = credit / n, (credit + unsettled) / n
    elsewhere = sum(e.verdict == "carried_elsewhere" for e in counted)
    made = (f"{_count(credit)} of {n} proposed change{'s' if n != 1 else ''} made at {'its' if n == 1 else 'their'} place"
            if not elsewhere else f"{_count(credit)} of {n} proposed change{'s' if n != 1 else ''} made, {elsewhere} "
                                  f"of them word for word at another place")
    if unsettled == n:
        return Uptake("unsettled", None, "the next version's text is lost in the scan where the proposal "
                                         "makes its changes", ev)
    lost = f"; {unsettled} fall{'s' if unsettled == 1 else ''} in text lost in the scan" if unsettled else ""
    if _klass(low) == _klass(high):
        return Uptake(_klass(low), round(low, 3), made + lost, ev)
    if _klass(low) == "partial":
        return Uptake("partial", round(low, 3), "at least partial: " + made + lost, ev)
    return Uptake("unsettled", None, made + lost + ": the rest cannot be settled", ev)


def _count(credit: float) -> str:
    return str(int(credit)) if credit == int(credit) else f"{credit:g}"


def _klass(s: float) -> str:
    """The class of a score, by the ADOPTED_AT and PARTIAL_AT thresholds."""
    return "adopted" if s >= ADOPTED_AT else "partial" if s >= PARTIAL_AT else "not_reflected"
