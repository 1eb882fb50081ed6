"""What each kind of person may do: decided here once, called by the services.

- A facilitator may do everything in the negotiations they facilitate (all of them when their
  account names none).
- A delegation member is bound to one delegation: submits, revises and withdraws its inputs,
  and sees other delegations' inputs only once the round is published.
- A reader, and anyone not signed in, sees what is published (the 2010 record is public).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, true

from app.errors import Forbidden, Unauthorized


@dataclass(frozen=True)
class Viewer:
    """The person behind a request, as the policy needs them (no ORM object, so it can be cached)."""

    user_id: int | None = None
    name: str | None = None
    role: str = "anonymous"  # anonymous | reader | delegation | facilitator
    delegation_id: int | None = None
    delegation: str | None = None  # the delegation's slug
    delegation_name: str | None = None  # its name, as a person reads it
    negotiation_id: int | None = None  # a facilitator's one negotiation; None: all of them
    csrf: str | None = None  # the browser session's CSRF token (None for API tokens)

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None

    def facilitates(self, negotiation_id: int | None) -> bool:
        return self.role == "facilitator" and (self.negotiation_id is None or self.negotiation_id == negotiation_id)

    def speaks_for(self, delegation_id: int | None) -> bool:
        return self.role == "delegation" and delegation_id is not None and self.delegation_id == delegation_id


ANONYMOUS = Viewer()


def require_signed_in(viewer: Viewer) -> None:
    if not viewer.signed_in:
        raise Unauthorized("sign in, or send an API token as 'Authorization: Bearer TOKEN'")


def require_facilitator(viewer: Viewer, negotiation_id: int | None, what: str) -> None:
    require_signed_in(viewer)
    if not viewer.facilitates(negotiation_id):
        raise Forbidden(f"only a facilitator of this negotiation may {what}")


def require_role(viewer: Viewer, roles: tuple[str, ...], what: str) -> None:
    """Checked before anything is looked up, so a write answers 401/403 before 404 or 422."""
    require_signed_in(viewer)
    if viewer.role not in roles:
        raise Forbidden(f"only {' or '.join(r + 's' for r in roles)} may {what}")


def require_input_writer(viewer: Viewer, delegation_id: int | None, negotiation_id: int | None) -> None:
    """A delegation member writes for their own delegation; a facilitator for any in their negotiation."""
    require_signed_in(viewer)
    if viewer.facilitates(negotiation_id) or viewer.speaks_for(delegation_id):
        return
    if viewer.role == "delegation":
        raise Forbidden(f"your account speaks for {viewer.delegation}; it cannot write another delegation's inputs")
    raise Forbidden("only a delegation member or a facilitator may write inputs")


def may_see_unpublished(viewer: Viewer, negotiation_id: int | None, delegation_id: int | None) -> bool:
    return viewer.facilitates(negotiation_id) or viewer.speaks_for(delegation_id)


def may_see_document(viewer: Viewer, state: str, negotiation_id: int | None) -> bool:
    return state == "published" or viewer.facilitates(negotiation_id)


def input_visibility(viewer: Viewer, amendment: Any, compilation: Any) -> Any:
    """A SQL condition on an amendment and its compilation document: the inputs `viewer` may read.

    Published rounds are public; a facilitator reads every input of their negotiations, a delegation
    member their own delegation's at any stage."""
    clauses = [compilation.state == "published"]
    if viewer.role == "facilitator":
        clauses.append(true() if viewer.negotiation_id is None else compilation.negotiation_id == viewer.negotiation_id)
    if viewer.role == "delegation" and viewer.delegation_id is not None:
        clauses.append(amendment.delegation_id == viewer.delegation_id)
    return and_(amendment.retired_at.is_(None), compilation.retired_at.is_(None), or_(*clauses))


def document_visibility(viewer: Viewer, document: Any) -> Any:
    """A SQL condition: the documents `viewer` may read (published ones, and a facilitator's drafts)."""
    clauses = [document.state == "published"]
    if viewer.role == "facilitator":
        clauses.append(true() if viewer.negotiation_id is None else document.negotiation_id == viewer.negotiation_id)
    return and_(document.retired_at.is_(None), or_(*clauses))
