"""The record's own lines, so every curated text can be checked against what it came from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from app import generation
from app.corpus.citations import source_lines
from app.errors import BadInput, NotFound

CONTEXT = 6  # lines shown before and after the cited range
PAGE_LINES = 400  # lines of a cited range shown at once: the Table of Inputs cites 4,691 lines (1033-5723)


@dataclass
class SourceExcerpt:
    """One page of a cited range: the whole range when it is short, else PAGE_LINES of it at a time,
    with the range's context lines on its first and last pages."""

    file: str
    first: int
    last: int
    total: int
    lines: list[tuple[int, str, bool]]  # number, text, inside the cited range
    start: int = 0  # the first and last cited lines on this page
    end: int = 0
    previous_start: int | None = None  # where the previous and next pages of the range begin
    next_start: int | None = None

    @property
    def paged(self) -> bool:
        return self.previous_start is not None or self.next_start is not None

    @property
    def context(self) -> int:
        return sum(1 for _n, _t, cited in self.lines if not cited)

    def public(self) -> dict[str, object]:
        return {"file": self.file, "lines": [self.first, self.last], "total_lines": self.total,
                "page": {"lines": [self.start, self.end], "previous_start": self.previous_start,
                         "next_start": self.next_start},
                "text": [{"n": n, "text": t, "cited": c} for n, t, c in self.lines]}


def excerpt(sources_dir: Path, file: str, first: int, last: int, start: int | None = None, *,
            session: Session | None = None) -> SourceExcerpt:
    """Lines first..last of a source file, with some context; only files of the folder are served.
    A range longer than PAGE_LINES comes a page at a time from `start` (default: its first line), so
    that the compilation's "record, lines 1033-5723" opens instead of being refused.
    The lines come from the citation checker's cache, so the 441 KB record is not re-read per request;
    the database's generation (when a `session` is given) keys that cache, so a file rewritten by an
    import seen by any process is never served stale."""
    known = {p.name: p for p in sources_dir.glob("*.txt")}
    if file not in known:
        raise NotFound("source file", file)
    if first < 1 or last < first:
        raise BadInput("a line range is FIRST-LAST with 1 <= FIRST <= LAST")
    version = generation.validator(session.connection()) if session is not None else None
    lines = source_lines(str(known[file]), version)
    if first > len(lines):
        raise NotFound("line range", f"{file}:{first}-{last}")
    last = min(last, len(lines))
    start = first if start is None else start
    if not first <= start <= last:
        raise BadInput(f"start {start} is outside the range {first}-{last}")
    end = min(last, start + PAGE_LINES - 1)
    lo = max(1, first - CONTEXT) if start == first else start
    hi = min(len(lines), last + CONTEXT) if end == last else end
    return SourceExcerpt(file, first, last, len(lines),
                         [(n, lines[n - 1], first <= n <= last) for n in range(lo, hi + 1)],
                         start=start, end=end,
                         previous_start=max(first, start - PAGE_LINES) if start > first else None,
                         next_start=end + 1 if end < last else None)
