"""A delegation's tracked changes matched to the base draft: one input per changed paragraph.

A retyped draft has no ids, so a paragraph of the file is the base paragraph whose number it
prints AND whose words it holds (before its changes): a number alone could be a typo, words alone
could be a repeated clause. Where the file prints no number (Word's automatic numbering that was
lost, the annex's chapeau) a near-identical text that no other paragraph rivals is enough. What
cannot be matched this way is listed with the reason, never dropped and never guessed.

Each change becomes an input in the shape the rounds API takes: `replace` with the paragraph as
the delegation would have it; `insert` after the base paragraph it follows, with its proposed
label; `delete` (the paragraph struck, or replaced by "[Paragraph deleted]"); `merge` for
"[Merged with paragraph 42]"; `comment` for a comment on a paragraph left as it was. The comments
anchored in a paragraph are its rationale.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz

from app.formats.labels import LABEL, in_context, split_label
from app.formats.upload import FormatError, Limits, open_docx
from app.formats.word_in import FileChange, file_changes, has_tracked_changes
from app.text.lost import GAP, has_gap, only_gaps

NUMBER_AND_TEXT = 0.6  # the words under a matching number must be at least this close to the base's
TEXT_ONLY = 0.9  # without a number, the words must be this close ...
MARGIN = 0.1  # ... and this much closer than any other paragraph's
DELETED = re.compile(r"^\[?\s*paragraph\s+deleted\s*\]?\.?$", re.IGNORECASE)
MERGED = re.compile(r"^\[?\s*merged\s+(?:with|into)\s+paragraph\s+\S+?\s*\]?\.?$", re.IGNORECASE)


class NoChanges(FormatError):
    kind = "no_changes"


@dataclass(frozen=True)
class BaseParagraph:
    label: str
    text: str


@dataclass
class Proposal:
    """One input as the rounds API creates it."""

    label: str
    kind: str
    text: str
    resolved_text: str | None
    rationale: str | None
    new_label: str | None = None


@dataclass
class Unmatched:
    """A change of the file that cannot become an input by itself, and why."""

    position: int  # the file's paragraph, counted from 1
    kind: str  # what it would have been: replace | insert | delete | merge | comment | joined | split
    label: str | None  # the number the file prints, if any
    text: str
    reason: str


@dataclass
class ImportResult:
    inputs: list[Proposal] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)

    def public(self) -> dict[str, list[dict[str, object]]]:
        return {"inputs": [asdict(p) for p in self.inputs],
                "unmatched": [asdict(u) for u in self.unmatched]}


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def similarity(a: str, b: str) -> float:
    """How close the file's words `a` are to the base's `b`. Where `a` has a gap (text the scan lost,
    "[...]"), the words it stands against are unknown: each passage around the gaps must be found in
    `b`, and the closeness is that of the worst one."""
    if has_gap(a):
        passages = [_norm(x) for x in GAP.split(a) if _norm(x)]
        return min((fuzz.partial_ratio(x, _norm(b)) / 100 for x in passages), default=1.0)
    return fuzz.ratio(_norm(a), _norm(b)) / 100


class Matcher:
    """Finds the base paragraph a paragraph of the file is, by number and words."""

    def __init__(self, base: list[BaseParagraph]) -> None:
        self.base = {p.label: p.text for p in base}
        self.by_words: dict[str, str] = {}  # normalised text -> the first paragraph that reads so
        for p in base:
            self.by_words.setdefault(_norm(p.text), p.label)

    def _best(self, body: str) -> list[tuple[float, str]]:
        scored = sorted(((similarity(body, t), label) for label, t in self.base.items() if t.strip()), reverse=True)
        return scored[:2]

    def match(self, text: str, previous: str | None) -> tuple[str | None, str | None, str]:
        """(base label or None, the file's own number, why not) for one paragraph as it was."""
        printed, body = split_label(text)
        label = in_context(printed, previous) if printed else None
        if label is not None and label not in self.base and not LABEL.match(text):
            label, printed, body = None, None, text.strip()  # a word before a tab, not a number: read the words
        if label is not None and label in self.base:
            if not self.base[label].strip():
                return None, label, f"the record lost the text of {label}, so its number cannot be checked against its words"
            if not body.strip() or only_gaps(body):  # the file lost the words (or a merge took them): the number is all
                return label, label, ""
            if similarity(body, self.base[label]) >= NUMBER_AND_TEXT:
                return label, label, ""
            return None, label, f"it is numbered {label} but its words are not those of {label}{self._like(body, label)}"
        if label is not None:
            return None, label, f"the draft has no paragraph {label}{self._like(body, None)}"
        best = self._best(body)
        if best and best[0][0] >= TEXT_ONLY and (len(best) == 1 or best[0][0] - best[1][0] >= MARGIN):
            return best[0][1], None, ""
        return None, None, "it carries no number, and its words match no paragraph of the draft closely enough"

    def same_text(self, body: str, label: str | None) -> str | None:
        """The base paragraph that reads exactly as `body` (the one numbered `label` first), if any."""
        words = _norm(body)
        if label is not None and _norm(self.base.get(label, "")) == words:
            return label
        return self.by_words.get(words)

    def _like(self, body: str, not_this: str | None) -> str:
        best = self._best(body)
        if best and best[0][0] >= NUMBER_AND_TEXT and best[0][1] != not_this:
            return f" (they read like {best[0][1]})"
        return ""


def _rationale(change: FileChange) -> str | None:
    return "\n\n".join(c.text for c in change.comments) or None


def _after(change: FileChange, label: str) -> Proposal:
    _printed, body = split_label(change.after[0])  # a changed number is not an input: only an insert has a label
    why = _rationale(change)
    if not body or DELETED.match(body):
        return Proposal(label, "delete", "", "", why)
    if MERGED.match(body):
        return Proposal(label, "merge", body, None, why)
    return Proposal(label, "replace", body, body, why)


class _Reader:
    def __init__(self, base: list[BaseParagraph]) -> None:
        self.matcher = Matcher(base)
        self.result = ImportResult()
        self.anchor: str | None = None  # the last base paragraph the file has passed
        self.seen: dict[str, int] = {}  # base label -> the file paragraph that already changed it
        self.merging: dict[str, str] = {}  # a merge's sources not yet read -> the paragraph they joined

    def miss(self, change: FileChange, kind: str, label: str | None, text: str, reason: str) -> None:
        self.result.unmatched.append(Unmatched(change.position, kind, label, text, reason))

    def place(self, change: FileChange, kind: str, text: str) -> str | None:
        """The base label of the paragraph as it was, or None (and the change listed as unmatched)."""
        label, printed, why = self.matcher.match(text, self.anchor)
        if label is None:
            self.miss(change, kind, printed, change.after[0] if change.after else text, why)
            return None
        self.anchor = label
        if kind != "unchanged" and label in self.seen:
            self.miss(change, kind, label, change.after[0] if change.after else text,
                      f"paragraph {label} is changed twice in the file (also at paragraph {self.seen[label]})")
            return None
        return label

    def read(self, change: FileChange) -> None:
        if change.kind == "inserted" and self._placeholder(change):
            return
        self.finish_merge()
        if change.kind == "unchanged":
            self._unchanged(change)
        elif change.kind == "changed":
            label = self.place(change, "replace", change.before[0])
            if label is not None:
                self._changed(change, label)
        elif change.kind == "deleted":
            label = self.place(change, "delete", change.before[0])
            if label is not None:
                self.seen[label] = change.position
                self.result.inputs.append(Proposal(label, "delete", "", "", _rationale(change)))
        elif change.kind == "inserted":
            self._inserted(change)
        elif change.kind == "joined":
            self._joined(change)
        else:
            self._reorganised(change)

    def _changed(self, change: FileChange, label: str) -> None:
        """A paragraph the file changes: an input, unless its changes only bring it to the draft's own words.

        A file whose changes were made on another version (the earlier draft's comparison uploaded
        to a round on the later one) reads, once accepted, as the round's base: nothing is proposed.
        """
        if self._offer(change, label):
            self.seen[label] = change.position

    def _offer(self, change: FileChange, label: str) -> bool:
        """Add the paragraph as the file would have it, unless that is the draft's own text."""
        proposal = _after(change, label)
        if proposal.kind == "replace" and _norm(proposal.text) == _norm(self.matcher.base[label]):
            self.miss(change, "replace", label, change.after[0],
                      f"with its changes accepted it reads as {label} of the draft already: the changes were "
                      f"made on another version of the text, so there is nothing to propose")
            return False
        self.result.inputs.append(proposal)
        return True

    def _joined(self, change: FileChange) -> None:
        """Paragraphs joined into one (their marks deleted, as Stemma writes a merge): the one whose
        number the result keeps is replaced, the others are merged into it. Only when the others'
        numbers were struck too: two numbered paragraphs run together (a mark deleted, nothing else)
        are listed for a person, not read as a merge."""
        if "\t" in split_label(change.after[0])[1]:
            self._reorganised(change)
            return
        labels: list[str] = []
        for text in change.before:
            label, printed, _why = self.matcher.match(text, self.anchor)
            if label is None and labels and printed in self.matcher.base:
                label = printed  # a later source: its words went into the first, or were lost with it
            if label is None or label in self.seen or label in labels:
                self._reorganised(change)
                return
            labels.append(label)
            self.anchor = label
        printed, _body = split_label(change.after[0])
        kept = in_context(printed, labels[0]) if printed else None
        principal = kept if kept in labels else labels[0]
        for label in labels:
            self.seen[label] = change.position
        if self._offer(change, principal):
            self.merging = {label: principal for label in labels if label != principal}

    def _placeholder(self, change: FileChange) -> bool:
        """A merge's source as the later text prints it ("43 [Merged with paragraph 42]"), read with the merge."""
        printed, body = split_label(change.after[0])
        label = in_context(printed, self.anchor) if printed else None
        if label not in self.merging or not MERGED.match(body):
            return False
        del self.merging[label]
        self.result.inputs.append(Proposal(label, "merge", body, None, _rationale(change)))
        return True

    def finish_merge(self) -> None:
        """The sources of the last merge that the file prints no placeholder for."""
        for label, into in self.merging.items():
            self.result.inputs.append(Proposal(label, "merge", f"[Merged with paragraph {into}]", None, None))
        self.merging = {}

    def _unchanged(self, change: FileChange) -> None:
        why = _rationale(change)
        if not why:
            self._pass(change.before[0])
            return
        label = self.place(change, "comment", change.before[0])
        if label is not None:
            self.result.inputs.append(Proposal(label, "comment", "", None, why))

    def _pass(self, text: str) -> None:
        """An unchanged paragraph: only where the file is (the paragraph an insertion follows)."""
        label, _printed, _why = self.matcher.match(text, self.anchor)
        if label is not None:
            self.anchor = label

    def _inserted(self, change: FileChange) -> None:
        printed, body = split_label(change.after[0])
        new_label = in_context(printed, self.anchor) if printed else None
        if self.anchor is None:
            self.miss(change, "insert", new_label, change.after[0],
                      "a new paragraph before any paragraph of the draft: there is none it follows")
        elif not body or only_gaps(body):
            self.miss(change, "insert", new_label, change.after[0],
                      "a new paragraph with a number and no text (or only text lost in the scan)")
        elif (same := self.matcher.same_text(body, new_label)) is not None:
            self.miss(change, "insert", new_label, change.after[0],
                      f"the draft has it already, word for word, as {same}: the file's changes were made on "
                      f"another version of the text")
        else:
            self.result.inputs.append(Proposal(self.anchor, "insert", body, body, _rationale(change), new_label))

    def _reorganised(self, change: FileChange) -> None:
        labels = []
        for text in change.before:
            label, printed, _why = self.matcher.match(text, self.anchor)
            labels.append(label or printed or "?")
            self.anchor = label or self.anchor
        what = (f"joins paragraphs {', '.join(labels)} into one" if change.kind == "joined"
                else f"splits paragraph {labels[0] if labels else '?'} into {len(change.after)}")
        self.miss(change, change.kind, labels[0] if labels else None, "\n".join(change.after),
                  f"it {what}: enter it as a merge or as separate inputs by hand")


def proposals(changes: list[FileChange], base: list[BaseParagraph]) -> ImportResult:
    """The inputs the changes make on `base`, and the changes that cannot be matched."""
    reader = _Reader(base)
    for change in changes:
        reader.read(change)
    reader.finish_merge()
    return reader.result


def read_proposals(data: bytes, base: list[BaseParagraph], limits: Limits = Limits()) -> ImportResult:
    """A delegation's .docx (bytes, untrusted) read into inputs on `base`."""
    parts = open_docx(data, limits)
    changes = file_changes(parts)
    if not has_tracked_changes(parts) and not any(c.comments for c in changes):
        raise NoChanges("the file has no tracked changes and no comments: Stemma reads a delegation's proposals "
                        "from Word's tracked changes (Review > Track Changes) and its comments")
    return proposals(changes, base)
