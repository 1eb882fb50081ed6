"""Aligning the paragraphs of two documents: lineage first, then text similarity.

The July 2010 draft declares what became of first-draft paragraphs ("[Merged with
paragraph 42]", "[Paragraph deleted]", "[Formerly PP12]"); those declarations, stored
as lineage links, decide the pairs they cover. The rest are paired by how much wording
they share, so that two documents without any lineage can still be compared.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.text.lost import only_gaps
from app.text.merge import diff_sources
from app.text.redline import Edit, Op, diff_words_cached, has_lost, is_unchanged, new_part, only_lost, similarity
from app.text.tokens import words

MIN_SIMILARITY = 0.35  # below this two unlinked paragraphs are not the same paragraph
MIN_RUN_WORDS = 3  # a shared run shorter than this ("of the") says nothing about origin


@dataclass(frozen=True)
class Para:
    label: str
    text: str
    section: str = ""
    status: str = "present"  # present | deleted | merged (a placeholder)
    merged_into: str | None = None


@dataclass(frozen=True)
class Link:
    from_label: str
    to_label: str
    relation: str  # as stored: continues, renumbered, merged_into, split_from, moved, deleted...


@dataclass
class Contribution:
    """What one source paragraph gave a merged paragraph: spans of the merged text."""

    label: str
    spans: list[tuple[int, int]]
    share: float


@dataclass
class Pair:
    relation: str  # unchanged | changed | incomplete (only text lost in the scan differs) | moved | merged | split | deleted | new
    from_labels: list[str]
    to_labels: list[str]
    edits: list[Edit]
    similarity: float
    via: str  # lineage | placeholder | label | similarity | none
    renumbered: bool = False
    contributions: list[Contribution] = field(default_factory=list)

    @property
    def lost(self) -> bool:
        """Does the redline hold a passage the scan lost (shown as a gap, with a warning)?"""
        return has_lost(self.edits)

    @property
    def from_label(self) -> str | None:
        return self.from_labels[0] if self.from_labels else None

    @property
    def to_label(self) -> str | None:
        return self.to_labels[0] if self.to_labels else None


def contributions(sources: list[Para], target: str) -> list[Contribution]:
    """For each source, the runs of `target` (of MIN_RUN_WORDS words or more) it shares."""
    total = max(len(words(target)), 1)
    out = []
    for src in sources:
        spans, covered, pos = [], 0, 0
        for e in diff_words_cached(src.text, target):
            if e.op == Op.DELETE:
                continue
            if e.op == Op.EQUAL and len(words(e.text)) >= MIN_RUN_WORDS:
                spans.append((pos, pos + len(e.text)))
                covered += len(words(e.text))
            pos += len(new_part(e))
        out.append(Contribution(src.label, spans, covered / total))
    return out


def _links_from_placeholders(old: list[Para], new: list[Para]) -> list[Link]:
    """A placeholder "[Merged with paragraph 42]" labelled 43 declares 43 -> 42."""
    old_labels = {p.label for p in old}
    out = []
    for p in new:
        if p.label in old_labels and p.status == "merged" and p.merged_into:
            out.append(Link(p.label, p.merged_into, "merged_into"))
        elif p.label in old_labels and p.status == "deleted":
            out.append(Link(p.label, p.label, "deleted"))
    return out


_Grams = tuple[list[str], set[tuple[str, str]]]  # a paragraph's words and its word pairs


def _bigrams(p: Para) -> _Grams:
    ws = words(p.text)
    return ws, set(zip(ws, ws[1:]))


def _text_score(a: _Grams, b: _Grams) -> float:
    """Dice similarity of two paragraphs' word pairs (`_bigrams`)."""
    (wa, ga), (wb, gb) = a, b
    if not ga or not gb:
        return 1.0 if wa == wb and wa else 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))


def _similar_pairs(old: list[Para], new: list[Para]) -> list[tuple[Para, Para]]:
    """Greedy best-first matching of unlinked paragraphs by shared word pairs. Each
    paragraph's words are read once, not once per candidate partner."""
    grams_new = [_bigrams(b) for b in new]
    scored = []
    for a in old:
        grams_a = _bigrams(a)
        for b, grams_b in zip(new, grams_new):
            s = _text_score(grams_a, grams_b) + (0.1 if a.label == b.label else 0.0)
            if s >= MIN_SIMILARITY:
                scored.append((s, a.label, b.label, a, b))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_a: set[str] = set()
    used_b: set[str] = set()
    out = []
    for _s, la, lb, a, b in scored:
        if la not in used_a and lb not in used_b:
            used_a.add(la)
            used_b.add(lb)
            out.append((a, b))
    return out


def _one_to_one(a: Para, b: Para, via: str, relation_hint: str = "") -> Pair:
    edits = list(diff_words_cached(a.text, b.text))
    moved = relation_hint == "moved" or (bool(a.section) and bool(b.section) and a.section != b.section)
    rel = "moved" if moved else ("unchanged" if is_unchanged(edits) else "incomplete" if only_lost(edits) else "changed")
    return Pair(rel, [a.label], [b.label], edits, similarity(edits), via, renumbered=a.label != b.label)


def align(old: list[Para], new: list[Para], links: list[Link]) -> list[Pair]:
    """Pair every paragraph of `old` with its fate in `new`, in the reading order of `new`."""
    A = {p.label: p for p in old}
    B = {p.label: p for p in new}
    old_pos = {p.label: i for i, p in enumerate(old)}
    new_pos = {p.label: i for i, p in enumerate(new)}
    links = [ln for ln in links if ln.from_label in A and ln.to_label in B]
    covered = {ln.from_label for ln in links}
    links += [ln for ln in _links_from_placeholders(old, new) if ln.from_label not in covered]
    via = {(ln.from_label, ln.to_label): "lineage" for ln in links}
    pairs: list[Pair] = []
    used_a: set[str] = set()
    used_b: set[str] = set()

    deletions = [ln for ln in links if ln.relation == "deleted"]
    for ln in deletions:
        a, b = A[ln.from_label], B[ln.to_label]
        pairs.append(Pair("deleted", [a.label], [b.label], [Edit(Op.DELETE, a.text)], 0.0,
                          via.get((a.label, b.label), "placeholder")))
        used_a.add(a.label)
        used_b.add(b.label)
    live = [ln for ln in links if ln.relation != "deleted"]
    sources: dict[str, list[str]] = defaultdict(list)
    targets: dict[str, list[str]] = defaultdict(list)
    for ln in live:
        if B[ln.to_label].status != "present":
            continue
        sources[ln.to_label].append(ln.from_label)
        targets[ln.from_label].append(ln.to_label)
    for lb, las in sources.items():
        b = B[lb]
        las = sorted(set(las), key=old_pos.__getitem__)
        if len(las) > 1:
            srcs = [A[x] for x in las]  # in reading order: the merge is read against all of them, joined
            edits = diff_sources([(x.label, x.text) for x in srcs], b.text)
            pairs.append(Pair("merged", las, [lb], edits, similarity(edits), "lineage",
                              contributions=contributions(srcs, b.text)))
            used_a.update(las)
            used_b.add(lb)
    for la, lbs in targets.items():
        lbs = sorted(set(lbs), key=new_pos.__getitem__)
        if la in used_a:
            continue
        if len(lbs) > 1:
            a = A[la]
            edits = list(diff_words_cached(a.text, " ".join(B[x].text for x in lbs)))
            pairs.append(Pair("split", [la], lbs, edits, similarity(edits), "lineage",
                              contributions=[Contribution(x, [], c.share) for x, c in
                                             zip(lbs, contributions([B[x] for x in lbs], a.text))]))
            used_b.update(lbs)
        else:
            rel = next((ln.relation for ln in live if ln.from_label == la and ln.to_label == lbs[0]), "")
            pairs.append(_one_to_one(A[la], B[lbs[0]], via.get((la, lbs[0]), "lineage"), rel))
            used_b.add(lbs[0])
        used_a.add(la)

    rest_a = [p for p in old if p.label not in used_a]
    rest_b = [p for p in new if p.label not in used_b and p.status == "present"]
    lost = {p.label: p for p in rest_b if not p.text.strip() or only_gaps(p.text)}  # the scan lost its text: pair by label
    for a in rest_a:
        if a.label in lost:
            pairs.append(_one_to_one(a, lost[a.label], "label"))
            used_a.add(a.label)
            used_b.add(a.label)
    rest_a = [p for p in rest_a if p.label not in used_a]
    rest_b = [p for p in rest_b if p.label not in used_b]
    for a, b in _similar_pairs(rest_a, rest_b):
        pairs.append(_one_to_one(a, b, "similarity"))
        used_a.add(a.label)
        used_b.add(b.label)
    for a in old:
        if a.label not in used_a:
            pairs.append(Pair("deleted", [a.label], [], list(diff_words_cached(a.text, "")), 0.0, "none"))
    for b in new:
        if b.label not in used_b and b.status == "present":  # a gap in it is still a gap (July PP3: "[...]")
            pairs.append(Pair("new", [], [b.label], list(diff_words_cached("", b.text)), 0.0, "none"))
    return _in_reading_order(pairs, old, new)


def _in_reading_order(pairs: list[Pair], old: list[Para], new: list[Para]) -> list[Pair]:
    """Order by the new document; a pair with no new paragraph follows its old predecessor."""
    new_pos = {p.label: i for i, p in enumerate(new)}
    old_pos = {p.label: i for i, p in enumerate(old)}
    anchor: dict[str, float] = {}
    for pair in pairs:
        if pair.to_labels:
            for la in pair.from_labels:
                anchor[la] = new_pos[pair.to_labels[0]]

    def key(pair: Pair) -> tuple[float, int, int]:
        if pair.to_labels:
            return (new_pos[pair.to_labels[0]], 0, 0)
        i = old_pos[pair.from_labels[0]]
        before = [anchor[p.label] for p in old[:i] if p.label in anchor]
        return ((max(before) if before else -1) + 0.5, 1, i)

    return sorted(pairs, key=key)


NEW_MATCH = 0.3  # the least word-pair likeness for a proposed new paragraph to be the next draft's
NEAR = 3  # paragraphs either side of the insertion point a proposed new paragraph may have landed in


@dataclass(frozen=True)
class Candidate:
    """A paragraph of the next draft a proposed new paragraph may have become."""

    label: str
    text: str
    position: int  # its place in the next draft's reading order
    new: bool  # no paragraph of the earlier draft continues into it


def match_new_paragraph(proposal: str, candidates: tuple[Candidate, ...], near: int | None
                        ) -> tuple[Candidate, float] | None:
    """The paragraph of the next draft that a proposed new paragraph (an `insert`, 19bis) became:
    the best by shared word pairs among the draft's new paragraphs and those within NEAR places of
    `near` (where the paragraph it follows went), if at least NEW_MATCH alike; else None.

    A new paragraph is not a rewrite of the one it follows: Holy See's 19bis is judged against
    what the July draft made of it, not against July 19."""
    grams = _bigrams(Para("", proposal))
    best: tuple[Candidate, float] | None = None
    for c in candidates:
        if not (c.new or (near is not None and abs(c.position - near) <= NEAR)):
            continue
        s = _text_score(grams, _bigrams(Para(c.label, c.text)))
        if s >= NEW_MATCH and (best is None or s > best[1]):
            best = (c, s)
    return best
