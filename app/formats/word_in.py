"""A delegation's Word file read back as what its tracked changes do, paragraph by paragraph.

Word's paragraphs are not the text's paragraphs on either side of a change: a tracked paragraph
mark joins two paragraphs before the change (an inserted mark) or after it (a deleted mark). So
the file is read twice, as it was (kept and deleted text, split at marks that were there) and as
it would be (kept and inserted text, split at marks that stay), and the two readings are lined
up. A paragraph whose words were all deleted is a deletion; one whose words are all new is an
insertion, placed after the paragraph it follows; what is left pairs one before with one after
(a change, or none), and anything else (two paragraphs joined, one split) is reported as such.

Pressing Enter at the end of paragraph 5 and typing gives an inserted mark on 5 and new text in
a paragraph that keeps 5's old mark: read this way it is 5 unchanged plus one insertion, as the
delegation meant, and so is the other way Word writes the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.formats import ooxml
from app.formats.labels import Numbering
from app.formats.ooxml import DELETED, INSERTED, KEPT, NEITHER, XmlParagraph
from app.formats.upload import DocxParts

BEFORE = (KEPT, DELETED)  # what the text was: kept and deleted pieces, split where a mark was
AFTER = (KEPT, INSERTED)


@dataclass
class FileChange:
    """One thing the file does to the text it was made from."""

    kind: str  # unchanged | changed | inserted | deleted | joined | split
    before: list[str]  # the paragraphs as they were (empty for an insertion)
    after: list[str]  # as they would be once the changes are accepted (empty for a deletion)
    position: int  # the file's paragraph (1-based) where it starts, to name it in a message
    comments: list[ooxml.Comment] = field(default_factory=list)
    auto_numbered: bool = False  # the number in `after` is Word's automatic one, not typed


@dataclass
class _Block:
    """One paragraph of one reading, and which file paragraphs it is made of."""

    text: str  # with the number Word prints when the numbering is automatic
    plain: str  # without it
    members: list[int]
    kept: bool  # holds words of the original (not only deleted ones, or only new ones)
    auto: bool


def _blocks(paras: list[XmlParagraph], states: tuple[str, ...], numbering: Numbering) -> list[_Block]:
    """One reading of the file: a paragraph ends at a mark that exists in this reading, and shows
    the properties (the automatic number) of that mark, as Word does when marks join paragraphs."""
    out: list[_Block] = []
    members: list[int] = []
    for i, p in enumerate(paras):
        members.append(i)
        if p.mark not in states and i < len(paras) - 1:
            continue
        plain = "".join(paras[m].text(*states) for m in members)
        number = numbering.next(*p.numbering) if p.numbering is not None else None
        kept = any(paras[m].text(KEPT).strip() for m in members)
        out.append(_Block(f"{number}\t{plain}" if number else plain, plain, members, kept, number is not None))
        members = []
    return out


def _tracked(paras: list[XmlParagraph], group: range) -> bool:
    return any(paras[i].mark != KEPT or any(x.state != KEPT for x in paras[i].pieces) for i in group)


def _groups(paras: list[XmlParagraph]) -> list[range]:
    """Runs of file paragraphs closed by an untracked mark: nothing crosses one on either side."""
    out, start = [], 0
    for i, p in enumerate(paras):
        if p.mark == KEPT or i == len(paras) - 1:
            out.append(range(start, i + 1))
            start = i + 1
    return out


def _changes_in(paras: list[XmlParagraph], group: range, before: list[_Block], after: list[_Block]
                ) -> list[FileChange]:
    bs = [b for b in before if b.members[0] in group]
    as_ = [a for a in after if a.members[0] in group]
    out = []
    kept_at_all = [k for k, b in enumerate(bs) if b.kept]
    # a paragraph whose words all went, between two that keep words, is joined with them (a merge's
    # source that gave nothing: the sources' marks are deleted); before or after them, it is deleted
    joined = range(kept_at_all[0], kept_at_all[-1] + 1) if kept_at_all else range(0)
    for k, b in enumerate(bs):
        if k not in joined and not b.kept and b.plain.strip():
            out.append(FileChange("deleted", [b.text], [], b.members[0] + 1, auto_numbered=b.auto))
    stay_b = [b for k, b in enumerate(bs) if k in joined]
    stay_a = [a for a in as_ if a.kept]
    # where the kept words stand in the file: an insertion before them is read before them
    kept_at = next((m + 1 for m in group if paras[m].text(KEPT).strip()), group.start + 1)
    if len(stay_b) == 1 and len(stay_a) == 1:
        b, a = stay_b[0], stay_a[0]
        same = not _tracked(paras, group) or b.plain == a.plain
        out.append(FileChange("unchanged" if same else "changed", [b.text], [a.text], kept_at, auto_numbered=a.auto))
    elif stay_b or stay_a:
        kind = "joined" if len(stay_b) > len(stay_a) else "split"
        out.append(FileChange(kind, [b.text for b in stay_b], [a.text for a in stay_a], kept_at))
    for a in as_:
        if not a.kept and a.plain.strip():
            out.append(FileChange("inserted", [], [a.text], a.members[0] + 1, auto_numbered=a.auto))
    return sorted(out, key=lambda c: (c.position, c.kind != "deleted"))


def _attach(changes: list[FileChange], paras: list[XmlParagraph], comments: dict[str, ooxml.Comment],
            before: list[_Block], after: list[_Block], groups: list[range], by_group: list[list[FileChange]]) -> None:
    """Each comment goes to what its paragraph became: the deletion or insertion it sits in, else the
    change of its group. Stemma's own notes (a file it exported) are not a delegation's rationale."""
    where_b = {i: b for b in before for i in b.members}
    where_a = {i: a for a in after for i in a.members}
    for gi, group in enumerate(groups):
        for i in group:
            for cid in paras[i].comments:
                c = comments.get(cid)
                if c is None or not c.text or c.author == ooxml.STEMMA:
                    continue
                target = _owner(by_group[gi], where_b.get(i), where_a.get(i))
                if target is not None and c not in target.comments:
                    target.comments.append(c)


def _owner(changes: list[FileChange], b: _Block | None, a: _Block | None) -> FileChange | None:
    for c in changes:
        if c.kind == "deleted" and b is not None and not b.kept and c.position == b.members[0] + 1:
            return c
        if c.kind == "inserted" and a is not None and not a.kept and c.position == a.members[0] + 1:
            return c
    return next((c for c in changes if c.kind not in ("deleted", "inserted")), changes[0] if changes else None)


def file_changes(parts: DocxParts) -> list[FileChange]:
    """Everything the file's tracked changes do, in the file's order (unchanged paragraphs included,
    so that an insertion can be placed after the paragraph it follows)."""
    paras = ooxml.read_paragraphs(parts.document, ooxml.read_styles(parts.styles))
    definitions = ooxml.read_numbering(parts.numbering)
    before = _blocks(paras, BEFORE, Numbering(definitions))
    after = _blocks(paras, AFTER, Numbering(definitions))
    groups = _groups(paras)
    by_group = [_changes_in(paras, g, before, after) for g in groups]
    changes = [c for cs in by_group for c in cs]
    _attach(changes, paras, ooxml.read_comments(parts.comments), before, after, groups, by_group)
    return changes


def has_tracked_changes(parts: DocxParts) -> bool:
    return any(p.mark != KEPT or any(x.state in (INSERTED, DELETED, NEITHER) for x in p.pieces)
               for p in ooxml.read_paragraphs(parts.document))
