"""Response shapes the JSON API shares between resources (an input, a redline, a citation).

Each says in the OpenAPI document what an answer holds. `extra="allow"` on every one: a field a
service adds later still reaches the client (and should then be declared here), rather than being
silently dropped by the model.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Shape(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


Op = list[int | str]
"""One redline operation, a pair [op, text]: op -1 deleted, 0 kept, 1 inserted, 2 lost in the scan (text: the
words of the other text the gap stands against, or ""; neither kept nor changed).
(A list rather than a tuple: FastAPI renders a tuple as an `items` array, which OpenAPI 3.1 refuses.)"""


class SourceRef(Shape):
    """Where in the record (drafts/sources/) a text was read from."""

    file: str | None = None
    lines: list[int | None] | None = Field(None, description="first and last line; none for a text written "
                                                             "through the service rather than read from the record")


class UptakeEvidence(Shape):
    """One change a proposal makes, at its place in the base, and what the next version has there."""

    base: list[int] = Field(description="the change's character span [start, end) in the base paragraph")
    struck: str = Field(description="the base text the proposal strikes there (empty for an insertion)")
    inserted: str = Field(description="the text the proposal puts there (empty for a deletion)")
    verdict: str = Field(description="carried | partly | not_carried | unsettled (the next version's text is lost there)")
    share: float | None = Field(None, description="the part of the change's words the next version made there")
    minor: bool = Field(False, description="punctuation or small words only: counts only when the proposal makes no other change")
    next: list[int] | None = Field(None, description="the character span [start, end) of the next version's text at that place")
    next_text: str | None = Field(None, description="the next version's text at that place")


class Uptake(Shape):
    class_: str = Field(alias="class", description="adopted, partial, not_reflected, deleted_as_proposed, "
                                                   "nothing_to_judge, unsettled (see `meaning`)")
    score: float | None = Field(None, description="the share of the proposal's changes the next version made at "
                                                  "their place (a change made in part counts half)")
    reason: str | None = None
    meaning: str | None = Field(None, description="what the class means")
    score_meaning: str | None = Field(None, description="what the score is a share of (none when there is no score)")
    evidence: list[UptakeEvidence] = Field(default_factory=list, description="each proposed change, carried or not, and where")


class Placement(Shape):
    method: str | None = None
    confidence: float | None = None
    flagged: bool | None = None
    reason: str | None = None


class NextVersion(Shape):
    document: str
    label: str
    status: str | None = None


class SharedSpans(Shape):
    query: list[int]
    source: list[int]


class SharedPassage(Shape):
    document: str
    label: str
    kind: str | None = None
    date: str | None = None
    text: str
    words: int
    score: float | None = None
    spans: SharedSpans
    match_kind: str | None = Field(None, description="citation (an instrument's or body's name), stock (a common "
                                   "phrase) or borrowed (agreed language taken from the source)")
    weight: float | None = Field(None, description="mean IDF of the passage's content words: how rare its wording is")


class InputOut(Shape):
    """A delegation's input (an amendment's current revision), placed in its paragraph and judged."""

    id: int
    key: str
    status: str | None = None
    delegation: str
    document: str
    label: str
    kind: str
    stance: str | None = None
    text: str
    resolved_text: str | None = Field(None, description="the paragraph as the input would have it")
    rationale: str | None = None
    new_label: str | None = None
    revision: int | None = None
    probable_delegation: str | None = None
    text_quality: str | None = None
    late_note: str | None = None
    author: str | None = None
    reflected_in: list[str] = Field(default_factory=list)
    uptake: Uptake | None = None
    placement: Placement | None = None
    next_version: NextVersion | None = None
    source: SourceRef | None = None
    ops: list[Op] = Field(default_factory=list, description="the redline from the paragraph to resolved_text")
    outcome_ops: list[Op] | None = Field(None, description="proposal vs outcome: the redline from resolved_text "
                                         "to the next version's text (what the next draft kept of the proposal); "
                                         "null when no text was proposed or placed, or the paragraph has no "
                                         "next version or was deleted in it")
    provenance: list[SharedPassage] = Field(default_factory=list, description="language the proposal shares with "
                                            "precedents and earlier drafts (on a paragraph's page only)")
