"""The loader's bookkeeping: matching records on natural keys, counting what changed, retiring.

Shared by the loading of documents and of compilations, so every kind of record is created,
updated, left alone, removed or retired the same way and reported in the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from app.models import utcnow

OUTCOMES = ("created", "updated", "unchanged", "removed", "retired", "restored")


@dataclass
class LoadReport:
    """What a load did, per kind of record: created, updated, unchanged, removed, retired, restored."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts.setdefault(kind, dict.fromkeys(OUTCOMES, 0))[outcome] += n

    @property
    def changed(self) -> bool:
        return any(n for c in self.counts.values() for outcome, n in c.items() if outcome != "unchanged")


def apply(obj: object, values: dict[str, object]) -> bool:
    """Set attributes that differ; True if anything changed."""
    changed = False
    for k, v in values.items():
        if getattr(obj, k) != v:
            setattr(obj, k, v)
            changed = True
    return changed


def upsert(session: Session, report: LoadReport, kind: str, obj: Any, new: Callable[[], Any],
           values: dict[str, object]) -> Any:
    """Create the record, or bring it in line with the files; a retired record comes back."""
    if obj is None:
        obj = new()
        apply(obj, values)
        session.add(obj)
        report.add(kind, "created")
        return obj
    restored = getattr(obj, "retired_at", None) is not None
    if restored:
        obj.retired_at = None
        report.add(kind, "restored")
    if apply(obj, values) or restored:
        session.add(obj)
        if not restored:
            report.add(kind, "updated")
    else:
        report.add(kind, "unchanged")
    return obj


def retire(session: Session, report: LoadReport, kind: str, rows: Iterable[Any]) -> None:
    """Records taken out of the files leave every page but stay in the database (history kept):
    an input a delegation once made, a document once circulated, is part of the record's story."""
    n = 0
    for row in rows:
        if row.retired_at is None:
            row.retired_at = utcnow()
            session.add(row)
            n += 1
    if n:
        report.add(kind, "retired", n)


def sync_links(session: Session, report: LoadReport, kind: str, existing: dict[Hashable, Any],
               wanted: dict[Hashable, dict[str, object]], new: Callable[[], Any]) -> None:
    """Make one record's link rows (aliases, members, lineage, event documents) match the files.

    These rows only say how records relate, so one no longer in the files is deleted and
    reported as removed. Inputs and their revisions are never synced this way: they are kept."""
    stale = [row for key, row in existing.items() if key not in wanted]
    for row in stale:
        session.delete(row)
    if stale:
        session.flush()  # before adding: a unique value may pass from a removed row to a new one
        report.add(kind, "removed", len(stale))
    for key, values in wanted.items():
        upsert(session, report, kind, existing.get(key), new, values)
