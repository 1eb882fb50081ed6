"""The shapes of the corpus files in `drafts/` and `amendments/`.

These pydantic models are the contract between the people (and helper sessions)
who curate the record by hand and the loader: a file that does not fit them is
rejected with the file name and the offending entry, before anything touches
the database.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SLUG = r"^[a-z0-9][a-z0-9-]*$"
LABEL = r"^[A-Za-z0-9().-]+$"


class Strict(BaseModel):
    """Unknown keys are typos in hand-written files: refuse them."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class DocumentKind(str, Enum):
    outline = "outline"
    draft = "draft"
    compilation = "compilation"
    precedent = "precedent"


class ParagraphStatus(str, Enum):
    present = "present"
    deleted = "deleted"  # a placeholder such as "[Paragraph deleted]"
    merged = "merged"  # a placeholder such as "[Merged with paragraph 42]"


class TextQuality(str, Enum):
    ok = "ok"
    repaired = "repaired"  # OCR repaired where the reading is certain; see curation notes
    incomplete = "incomplete"  # the scan lost text; what is there is kept, the gap is not filled


class Relation(str, Enum):
    continues = "continues"
    renumbered = "renumbered"
    merged_into = "merged_into"
    split_from = "split_from"
    moved = "moved"
    replaced = "replaced"
    new = "new"
    deleted = "deleted"  # the later document keeps a "[Paragraph deleted]" placeholder
    elaborates = "elaborates"  # an outline element that a draft paragraph develops


class Origin(str, Enum):
    declared = "declared"  # the later document says so ("[Formerly PP12]")
    inferred = "inferred"  # computed by a tool, not checked by a person
    curated = "curated"  # a person read both texts and decided


class AmendmentKind(str, Enum):
    replace = "replace"  # the whole paragraph as the delegation would have it
    excerpt = "excerpt"  # a passage with ellipses, to be placed into the paragraph
    instruction = "instruction"  # "replace X with Y", "delete 'and compensation'", "add ..."
    insert = "insert"  # a new paragraph after the target
    delete = "delete"  # delete the whole paragraph
    move = "move"
    merge = "merge"
    comment = "comment"  # a comment or question, no text proposed


class RecordOrigin(str, Enum):
    """Which source of truth a file's records belong to."""

    record = "record"  # curated from the record: every text cites its source lines
    service = "service"  # written by users through the service and exported (`stemma export`)


class DocumentState(str, Enum):
    published = "published"
    unpublished = "unpublished"  # a draft being composed, a round's compilation not yet published


class RoundState(str, Enum):
    open = "open"
    closed = "closed"
    published = "published"


class InputStatus(str, Enum):
    active = "active"
    withdrawn = "withdrawn"


class Stance(str, Enum):
    support = "support"
    oppose = "oppose"
    reserve = "reserve"


class DelegationKind(str, Enum):
    state = "state"
    group = "group"
    observer = "observer"
    un_entity = "un-entity"
    organization = "organization"
    unidentified = "unidentified"  # the scan lost the name: the input is kept, the gap is marked


LineRange = Annotated[list[int], Field(min_length=2, max_length=2)]


def _check_range(value: list[int]) -> list[int]:
    start, end = value
    if start < 1 or end < start:
        raise ValueError(f"line range {value} must be [first, last] with 1 <= first <= last")
    return value


class SourceRef(Strict):
    file: str
    lines: LineRange

    _range = field_validator("lines")(classmethod(lambda cls, v: _check_range(v)))


class LineageIn(Strict):
    """A link from an earlier paragraph (`slug#label`) to the paragraph holding it."""

    from_: Optional[str] = Field(default=None, alias="from")
    relation: Relation
    origin: Origin
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    note: Optional[str] = None

    @field_validator("from_")
    @classmethod
    def _ref(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and not re.match(r"^[a-z0-9-]+#[A-Za-z0-9().-]+$", v):
            raise ValueError(f"'from' must look like 'document-slug#LABEL', got {v!r}")
        return v

    @model_validator(mode="after")
    def _from_needed(self) -> "LineageIn":
        if self.relation != Relation.new and self.from_ is None:
            raise ValueError(f"relation {self.relation.value} needs 'from'")
        return self


class SectionIn(Strict):
    key: str = Field(pattern=SLUG)
    title: str


class ParagraphIn(Strict):
    label: str = Field(pattern=LABEL)
    section: str = Field(pattern=SLUG)
    source: Optional[LineRange] = None  # required in a record document (checked with the document)
    text: str
    status: ParagraphStatus = ParagraphStatus.present
    merged_into: Optional[str] = None
    quality: TextQuality = TextQuality.ok
    curation: list[str] = []
    lineage: list[LineageIn] = []
    # Inputs this paragraph takes up, as `<compilation-slug>/<input-id>`: a facilitator's mark,
    # or a curator's reading where the record shows a paragraph came from a delegation's proposal.
    reflects: list[str] = []

    _range = field_validator("source")(classmethod(lambda cls, v: v if v is None else _check_range(v)))

    @model_validator(mode="after")
    def _merged(self) -> "ParagraphIn":
        if (self.status == ParagraphStatus.merged) != (self.merged_into is not None):
            raise ValueError("'merged_into' is given exactly when status is 'merged'")
        if self.quality != TextQuality.ok and not self.curation:
            raise ValueError(f"quality '{self.quality.value}' needs a curation note saying why")
        return self


class RoundIn(Strict):
    """A compilation's comment round: its deadline and state (the record's rounds are published)."""

    title: Optional[str] = None
    deadline: Optional[dt.datetime] = None
    state: RoundState = RoundState.published


class DocumentIn(Strict):
    slug: str = Field(pattern=SLUG)
    title: str
    kind: DocumentKind
    date: dt.date
    issued_by: str
    negotiation: Optional[str] = Field(default=None, pattern=SLUG)  # none for a precedent
    origin: RecordOrigin = RecordOrigin.record
    state: DocumentState = DocumentState.published
    created_by: Optional[str] = None  # the user who made a service document
    source: Optional[SourceRef] = None  # required when origin is record
    base: Optional[str] = None  # a compilation's base draft; the draft a later draft was made from
    round: Optional[RoundIn] = None  # a compilation's round
    notes: Optional[str] = None
    sections: list[SectionIn] = []
    paragraphs: list[ParagraphIn] = []

    @model_validator(mode="after")
    def _sections_known(self) -> "DocumentIn":
        keys = [s.key for s in self.sections]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate section key")
        for p in self.paragraphs:
            if p.section not in keys:
                raise ValueError(f"paragraph {p.label}: section '{p.section}' is not in 'sections'")
        if self.origin == RecordOrigin.record:
            if self.source is None:
                raise ValueError("a document curated from the record needs 'source' (file and lines)")
            for p in self.paragraphs:
                if p.source is None:
                    raise ValueError(f"paragraph {p.label}: a record paragraph needs 'source' lines")
        if self.round is not None and self.kind != DocumentKind.compilation:
            raise ValueError("only a compilation has a 'round'")
        return self


class RevisionIn(Strict):
    """An earlier revision of an input written through the service, kept by `stemma export` so
    that loading the files into an empty database gives the same history."""

    number: int = Field(ge=1)
    kind: AmendmentKind
    stance: Optional[Stance] = None
    new_label: Optional[str] = None
    text: str = ""
    rationale: Optional[str] = None
    author: Optional[str] = None
    created_at: Optional[dt.datetime] = None
    late_note: Optional[str] = None


class InputIn(Strict):
    """One entry of a compilation: a delegation's input on one paragraph of the base."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.()-]*$")
    target: str = Field(pattern=LABEL)
    new_label: Optional[str] = None  # e.g. "19bis" for a new paragraph after target 19
    kind: AmendmentKind
    stance: Optional[Stance] = None
    text: str = ""  # the proposed text exactly as submitted ("" for delete/comment)
    rationale: Optional[str] = None
    source: Optional[LineRange] = None  # required in a record compilation (checked with it)
    quality: TextQuality = TextQuality.ok
    curation: list[str] = []
    # When the scan lost the delegation's name (delegation: unidentified), the curator's
    # reading of who it probably was, from the table's alphabetical order and wording.
    probable_delegation: Optional[str] = Field(default=None, pattern=SLUG)
    # Inputs written through the service (exported): their state and every earlier revision.
    status: InputStatus = InputStatus.active
    author: Optional[str] = None
    created_at: Optional[dt.datetime] = None
    late_note: Optional[str] = None
    history: list[RevisionIn] = []

    _range = field_validator("source")(classmethod(lambda cls, v: v if v is None else _check_range(v)))

    @model_validator(mode="after")
    def _text_needed(self) -> "InputIn":
        if self.kind in (AmendmentKind.replace, AmendmentKind.excerpt,
                         AmendmentKind.instruction, AmendmentKind.insert) and not self.text.strip():
            raise ValueError(f"input {self.id}: kind '{self.kind.value}' needs the proposed text")
        if self.kind == AmendmentKind.comment and not (self.rationale or self.text):
            raise ValueError(f"input {self.id}: a comment needs its text or rationale")
        if self.quality != TextQuality.ok and not self.curation:
            raise ValueError(f"input {self.id}: quality '{self.quality.value}' needs a curation note")
        return self


class DelegationFileIn(Strict):
    delegation: str = Field(pattern=SLUG)
    inputs: list[InputIn]


class DelegationIn(Strict):
    slug: str = Field(pattern=SLUG)
    name: str
    kind: DelegationKind
    aliases: list[str] = []
    members: list[str] = []


class DelegationsFileIn(Strict):
    delegations: list[DelegationIn]


class EventKind(str, Enum):
    meeting = "meeting"
    deadline = "deadline"
    circulation = "circulation"


class EventIn(Strict):
    date: dt.date
    kind: EventKind
    title: str
    documents: list[str] = []
    source: SourceRef


class ProcessFileIn(Strict):
    negotiation: Optional[str] = Field(default=None, pattern=SLUG)  # the negotiation these events belong to
    events: list[EventIn]


class NegotiationIn(Strict):
    slug: str = Field(pattern=SLUG)
    title: str
    description: Optional[str] = None
    origin: RecordOrigin = RecordOrigin.record


class NegotiationsFileIn(Strict):
    negotiations: list[NegotiationIn]


class ChunkInputIn(InputIn):
    """An input as curated section by section, before it is filed under its delegation."""

    id: Optional[str] = None  # type: ignore[assignment]
    delegation: str = Field(pattern=SLUG)


class ChunkFileIn(Strict):
    inputs: list[ChunkInputIn]
