"""The shapes the writers take: plain frozen records, built by the services from the database.

They carry exactly what a file shows, so a writer never reaches back for more, and a test can
build one by hand. Redlines are the engine's `(op, text)` pairs: -1 deleted, 0 kept, 1 inserted,
and 2 for text the scan lost (shown, never as a change).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

DELETE, EQUAL, INSERT, LOST = -1, 0, 1, 2
Ops = Sequence[tuple[int, str]]  # app.text.redline.Edit is such a pair


@dataclass(frozen=True)
class DocRef:
    """A document of the record as a file names it."""

    slug: str
    title: str
    kind: str
    date: dt.date
    issued_by: str = ""
    source_file: str = ""
    source_lines: tuple[int, int] = (0, 0)
    notes: str | None = None


@dataclass(frozen=True)
class SectionRec:
    key: str
    title: str


@dataclass(frozen=True)
class ParagraphRec:
    label: str
    section: str
    text: str
    status: str = "present"  # present | deleted | merged (a placeholder the document prints)
    quality: str = "ok"  # ok | repaired | incomplete (the scan lost text)
    curation: tuple[str, ...] = ()
    source_lines: tuple[int, int] = (0, 0)
    first_label: str | None = None  # its label where it first appeared in the record (AKN wId)
    first_document: str | None = None


@dataclass(frozen=True)
class DraftRec:
    doc: DocRef
    sections: tuple[SectionRec, ...]
    paragraphs: tuple[ParagraphRec, ...]


@dataclass(frozen=True)
class InputRec:
    """One delegation's input as the Table of Inputs prints it, with what Stemma made of it."""

    id: str  # the stable key ("2010-05-18-table-of-inputs/eu-pp4-1")
    delegation: str
    delegation_name: str
    label: str  # the base paragraph it is on (for an insert: the one it follows)
    kind: str
    text: str  # as submitted
    stance: str | None = None
    new_label: str | None = None
    resolved_text: str | None = None  # the whole paragraph as proposed, when it could be built
    rationale: str | None = None
    edits: Ops = ()  # the proposal's redline against the base paragraph
    placement: str = "whole"  # whole | excerpt | instruction | delete | none
    flagged: bool = False  # placement needs a person
    uptake: str = ""
    uptake_score: float | None = None
    quality: str = "ok"
    curation: tuple[str, ...] = ()
    probable_delegation: str | None = None  # the curator's reading when the scan lost the name
    source_file: str = ""
    source_lines: tuple[int, int] = (0, 0)
    section: str = ""
    pk: int = 0  # the number the write API knows it by
    late_note: str | None = None  # a facilitator accepted it after the deadline, saying why


@dataclass(frozen=True)
class TableRow:
    paragraph: ParagraphRec
    inputs: tuple[InputRec, ...]


@dataclass(frozen=True)
class CommentTable:
    """A compilation's comment table: the base paragraphs that have inputs, each with its inputs."""

    compilation: DocRef
    base: DocRef
    rows: tuple[TableRow, ...]
    filters: Mapping[str, str | None] = field(default_factory=dict)
    sections: tuple[SectionRec, ...] = ()
    described: tuple[str, ...] = ()  # the filters as a reader says them ("Paragraph 36")

    @property
    def inputs(self) -> list[InputRec]:
        return [i for r in self.rows for i in r.inputs]


@dataclass(frozen=True)
class PairRec:
    """One paragraph's fate between two versions, as the compare page shows it."""

    relation: str  # unchanged | changed | moved | merged | split | deleted | new
    from_labels: tuple[str, ...]
    to_labels: tuple[str, ...]
    edits: Ops
    section: str = ""
    renumbered: bool = False
    via: str = ""
    contributions: tuple[tuple[str, float], ...] = ()  # merged: each source's share of the text
    author: str | None = None  # who made the change, when not the later document (a delegation)
    note: str | None = None  # what the compare page says beside it (lost text, a move)
    rationales: tuple[str, ...] = ()  # the author's own comments on it (a delegation's rationales)


@dataclass(frozen=True)
class ComparisonRec:
    old: DocRef
    new: DocRef
    sections: tuple[SectionRec, ...]
    pairs: tuple[PairRec, ...]
    placeholders: Mapping[str, str] = field(default_factory=dict)  # new label -> "[Merged with ...]" text
    old_texts: Mapping[str, str] = field(default_factory=dict)  # old label -> text (a merge's other sources)
