"""JSON: comment rounds, delegations' inputs in them, and their revisions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from app.deps import SessionDep, ViewerDep
from app.services import delegations, rounds, submissions
from app.services.positions import list_inputs
from app.web.render import redline_html

router = APIRouter(tags=["rounds"])


class RoundIn(BaseModel):
    slug: str = Field(max_length=120, description="lower-case letters, digits, hyphens; the compilation's slug too")
    title: str = Field(max_length=500)
    base: str = Field(max_length=120, description="slug of the published draft the round comments on")
    deadline: str = Field(max_length=64, description="ISO 8601 with a zone, e.g. 2026-12-15T18:00:00-05:00")


class RoundPatch(BaseModel):
    title: str | None = Field(default=None, max_length=500)
    deadline: str | None = Field(default=None, max_length=64)


class InputIn(BaseModel):
    label: str = Field(max_length=40, description="the base paragraph (case-insensitive: pp4 is PP4)")
    kind: str = Field(max_length=20, description="replace | excerpt | instruction | insert | delete | move | "
                                                 "merge | comment")
    text: str = Field(default="", max_length=20_000)
    rationale: str | None = Field(default=None, max_length=20_000)
    stance: str | None = Field(default=None, max_length=20)
    new_label: str | None = Field(default=None, max_length=40, description="for an insert: the new paragraph's label")
    delegation: str | None = Field(default=None, max_length=60, description="a facilitator writing for a delegation")
    late_note: str | None = Field(default=None, max_length=2_000, description="a facilitator accepting a late input")


class InputRevision(BaseModel):
    revision: int | None = Field(default=None, description="the revision being revised (the current one)")
    label: str | None = Field(default=None, max_length=40)
    kind: str | None = Field(default=None, max_length=20)
    text: str | None = Field(default=None, max_length=20_000)
    rationale: str | None = Field(default=None, max_length=20_000)
    stance: str | None = Field(default=None, max_length=20)
    new_label: str | None = Field(default=None, max_length=40)
    late_note: str | None = Field(default=None, max_length=2_000)


class WithdrawIn(BaseModel):
    late_note: str | None = Field(default=None, max_length=2_000)


def _draft(body: InputIn | InputRevision) -> submissions.InputDraft:
    return submissions.InputDraft(label=body.label, kind=body.kind, text=body.text, rationale=body.rationale,
                                  stance=body.stance, new_label=body.new_label)


@router.post("/api/rounds", status_code=201)
def create_round(body: RoundIn, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    """Open a comment round on a published draft (facilitators)."""
    return rounds.create(session, viewer=viewer, slug=body.slug, title=body.title, base=body.base,
                         deadline=body.deadline).public()


@router.get("/api/rounds")
def list_rounds(session: SessionDep) -> list[dict[str, Any]]:
    return [v.public() for v in rounds.list_rounds(session)]


@router.get("/api/rounds/{slug}")
def get_round(slug: str, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    """The round, its state and deadline, and the inputs the caller may see (all of them once published)."""
    v = rounds.get(session, viewer=viewer, slug=slug)
    inputs = list_inputs(session, compilation=slug, viewer=viewer, include_withdrawn=True)
    return {**v.public(), "inputs": [i.public() for i in inputs]}


@router.patch("/api/rounds/{slug}")
def update_round(slug: str, body: RoundPatch, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    """Move the deadline or rename the round (facilitators, until it is published)."""
    return rounds.update(session, viewer=viewer, slug=slug, title=body.title, deadline=body.deadline).public()


@router.post("/api/rounds/{slug}/close")
def close_round(slug: str, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    return rounds.close(session, viewer=viewer, slug=slug).public()


@router.post("/api/rounds/{slug}/publish")
def publish_round(slug: str, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    """Publish the compilation: its inputs appear to everyone, on the pages and in the API."""
    return rounds.publish(session, viewer=viewer, slug=slug).public()


@router.post("/api/rounds/{slug}/inputs", status_code=201)
def submit_input(slug: str, body: InputIn, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    """A delegation's input on one paragraph of the round's base draft (revision 1)."""
    return submissions.submit(session, viewer=viewer, round_slug=slug, draft=_draft(body),
                              delegation=body.delegation, late_note=body.late_note).public()


@router.get("/api/inputs/{input_id}")
def get_input(input_id: int, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    """The input's current revision, with its uptake, next version and outcome redline (`outcome_ops`)."""
    return delegations.input_public(session, viewer=viewer, input_id=input_id)


@router.put("/api/inputs/{input_id}")
def revise_input(input_id: int, body: InputRevision, session: SessionDep, viewer: ViewerDep) -> dict[str, Any]:
    """The next revision; `revision` must be the current one, else 409 with the current revision."""
    return submissions.revise(session, viewer=viewer, input_id=input_id, revision=body.revision, draft=_draft(body),
                              late_note=body.late_note).public()


@router.delete("/api/inputs/{input_id}")
def withdraw_input(input_id: int, session: SessionDep, viewer: ViewerDep, response: Response,
                   body: WithdrawIn | None = None) -> dict[str, Any]:
    """Withdraw the input; every revision stays in its history."""
    return submissions.withdraw(session, viewer=viewer, input_id=input_id,
                                late_note=body.late_note if body else None).public()


@router.get("/api/inputs/{input_id}/revisions")
def input_revisions(input_id: int, session: SessionDep, viewer: ViewerDep) -> list[dict[str, Any]]:
    """Every revision of the input, oldest first."""
    return submissions.history(session, viewer=viewer, input_id=input_id)


class PreviewIn(BaseModel):
    label: str = Field(max_length=40)
    kind: str = Field(max_length=20)
    text: str = Field(default="", max_length=20_000)


@router.post("/api/rounds/{slug}/preview")
def preview_input(slug: str, body: PreviewIn, session: SessionDep, request: Request) -> dict[str, Any]:
    """Where an input would land in its paragraph and its redline, before anything is saved."""
    p = submissions.preview_in_round(session, round_slug=slug, label=body.label, kind=body.kind, text=body.text)
    inline, _ = redline_html(request.app.state.templates, p.edits)
    return {"label": p.label, "placement": submissions.placement_public(p.placement), "feedback": p.feedback,
            "ops": [e.as_pair() for e in p.edits], "html_inline": inline}
