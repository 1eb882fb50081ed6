"""Where the negotiation is: which paragraphs draw the most fire, and who asks for the same thing.

The Table of Inputs of 18 May 2010 holds hundreds of inputs on the first draft. Read in
order they hide the two questions a negotiator asks first: which paragraphs are in trouble
(annex paragraph 36, the trust fund, draws deletion requests from the EU, Thailand and the
USA, a rewrite from OHCHR and doubts from Japan and Australia), and which delegations pull
the same way, so that a compromise can be sought among them.

Inputs arrive as plain records (the service reads them from the database or the corpus),
so this module stays pure: records in, counts and a matrix out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from app.text.kinds import INPUT_KINDS
from app.text.redline import Op, diff_words_cached
from app.text.tokens import words

KINDS = frozenset(INPUT_KINDS)
TEXTUAL = frozenset({"replace", "excerpt", "instruction", "insert"})
DELETION_WEIGHT = 1.0  # a delegation asking to delete counts once for taking part and once more for this
MIN_CHANGE_OVERLAP = 0.5  # Jaccard of two proposals' changed words from which they are "similar"


@dataclass(frozen=True)
class InputRecord:
    """One delegation's input on one paragraph of the base draft.

    `proposed_text` is the whole paragraph as the delegation would have it, when known (a
    `replace`, or an excerpt the engine has placed); None when only a fragment or an
    instruction ("delete 'and compensation'") survives.
    """

    id: str
    delegation: str
    target: str
    kind: str
    base_text: str
    proposed_text: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"input {self.id}: unknown kind '{self.kind}' (one of {', '.join(sorted(KINDS))})")


@dataclass(frozen=True)
class ParagraphContention:
    """How contested one paragraph is.

    `delegations` and `deletion_requests` count distinct delegations (a delegation that
    repeats its request to delete is one request); the other fields count inputs. `score` is
    `delegations + DELETION_WEIGHT * deletion_requests`: how many delegations want something
    of the paragraph, with a request to delete counting extra because it puts the paragraph
    itself in question, not only its wording. Moves and merges count in `inputs` and
    `delegations` only.
    """

    label: str
    inputs: int
    delegations: int
    deletion_requests: int
    textual_amendments: int
    comments: int
    score: float


def _label_key(label: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order, so that annex paragraph 4 comes before 36 and PP2 before PP10."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", label))


def _by_target(inputs: Iterable[InputRecord]) -> dict[str, list[InputRecord]]:
    out: dict[str, list[InputRecord]] = defaultdict(list)
    for r in inputs:
        out[r.target].append(r)
    return out


def contention(inputs: Iterable[InputRecord]) -> list[ParagraphContention]:
    """Each targeted paragraph's contention, most contested first, ties in label order."""
    out = []
    for label, records in _by_target(inputs).items():
        delegations = len({r.delegation for r in records})
        deleting = len({r.delegation for r in records if r.kind == "delete"})
        out.append(ParagraphContention(
            label=label,
            inputs=len(records),
            delegations=delegations,
            deletion_requests=deleting,
            textual_amendments=sum(r.kind in TEXTUAL for r in records),
            comments=sum(r.kind == "comment" for r in records),
            score=delegations + DELETION_WEIGHT * deleting,
        ))
    return sorted(out, key=lambda c: (-c.score, _label_key(c.label)))


@dataclass(frozen=True)
class AlignmentMatrix:
    """How often each pair of delegations asked for the same change, over the paragraphs they touched.

    `agreements[i][j]` counts the paragraphs on which delegations i and j asked for the same
    or a similar change; `matrix[i][j]` divides it by the number of paragraphs either of them
    touched with any input (comments included: taking part without agreeing counts against),
    a Jaccard index over paragraphs. The diagonal is 1.0, and `agreements[i][i]` is the number
    of paragraphs i touched, so that the same division holds there too.

    The Jaccard index is small whenever two delegations touched many paragraphs: the EU and the
    USA both asked to delete annex 36, yet read 0.02. So `shared[i][j]` counts the paragraphs
    both touched, and `agreement[i][j]` is agreements over those (None when they share none):
    what a reader means by "how often do they agree when both speak".
    """

    delegations: list[str]
    matrix: list[list[float]]
    agreements: list[list[int]]
    shared: list[list[int]] = field(default_factory=list)
    agreement: list[list[float | None]] = field(default_factory=list)


Change = frozenset[tuple[str, str]]


def change_set(record: InputRecord) -> Change | None:
    """The words a textual proposal removes ("-") from and adds ("+") to the base text.

    None when the proposal's full text is unknown: an instruction or fragment cannot be
    compared, and guessing would invent agreement. A new paragraph (`insert`) is compared by
    its own words, since it replaces nothing.
    """
    if record.kind not in TEXTUAL or record.proposed_text is None:
        return None
    if record.kind == "insert":
        return frozenset(("+", w) for w in words(record.proposed_text))
    removed: set[str] = set()
    added: set[str] = set()
    for e in diff_words_cached(record.base_text, record.proposed_text):
        if e.op == Op.DELETE:
            removed.update(words(e.text))
        elif e.op == Op.INSERT:
            added.update(words(e.text))
    # a word on both sides has only moved: dropping "and compensation" from "rehabilitation and
    # compensation of victims" diffs as "and compensation of" -> "of", and "of" says nothing
    return frozenset({("-", w) for w in removed - added} | {("+", w) for w in added - removed})


def similar_changes(a: Change | None, b: Change | None) -> bool:
    """Two proposals are similar when their changed words overlap by Jaccard >= MIN_CHANGE_OVERLAP.

    Two proposals that change nothing (an excerpt repeating the base) agree on nothing.
    """
    if not a or not b:
        return False
    return len(a & b) / len(a | b) >= MIN_CHANGE_OVERLAP


@dataclass(frozen=True)
class _Position:
    """What one delegation asked of one paragraph."""

    deletes: bool
    changes: tuple[Change, ...]

    def agrees_with(self, other: _Position) -> bool:
        if self.deletes and other.deletes:
            return True
        return any(similar_changes(a, b) for a in self.changes for b in other.changes)


def alignment(inputs: Iterable[InputRecord]) -> AlignmentMatrix:
    """The agreement matrix of all delegations that made an input, in alphabetical order."""
    positions: dict[str, dict[str, _Position]] = defaultdict(dict)  # label -> delegation -> position
    touched: dict[str, set[str]] = defaultdict(set)
    for label, records in _by_target(inputs).items():
        mine: dict[str, list[InputRecord]] = defaultdict(list)
        for r in records:
            mine[r.delegation].append(r)
            touched[r.delegation].add(label)
        for delegation, rs in mine.items():
            changes = tuple(c for c in (change_set(r) for r in rs) if c)
            positions[label][delegation] = _Position(any(r.kind == "delete" for r in rs), changes)
    names = sorted(touched)
    at = {name: i for i, name in enumerate(names)}
    agreements = [[len(touched[a]) if a == b else 0 for b in names] for a in names]
    for by_delegation in positions.values():
        for a, b in combinations(sorted(by_delegation), 2):
            if by_delegation[a].agrees_with(by_delegation[b]):
                agreements[at[a]][at[b]] += 1
                agreements[at[b]][at[a]] += 1
    matrix = [[1.0 if a == b else _share(agreements[at[a]][at[b]], len(touched[a] | touched[b]))
               for b in names] for a in names]
    shared = [[len(touched[a] & touched[b]) for b in names] for a in names]
    agreement = [[1.0 if a == b else (_share(agreements[at[a]][at[b]], shared[at[a]][at[b]])
                                      if shared[at[a]][at[b]] else None) for b in names] for a in names]
    return AlignmentMatrix(delegations=names, matrix=matrix, agreements=agreements, shared=shared,
                           agreement=agreement)


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0
