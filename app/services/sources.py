"""The record's own lines, so every curated text can be checked against what it came from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from app import generation
from app.corpus.citations import source_lines
from app.errors import BadInput, NotFound

CONTEXT = 6  # lines shown before and after the cited range


@dataclass
class SourceExcerpt:
    file: str
    first: int
    last: int
    total: int
    lines: list[tuple[int, str, bool]]  # number, text, inside the cited range

    def public(self) -> dict[str, object]:
        return {"file": self.file, "lines": [self.first, self.last], "total_lines": self.total,
                "text": [{"n": n, "text": t, "cited": c} for n, t, c in self.lines]}


def excerpt(sources_dir: Path, file: str, first: int, last: int, *, session: Session | None = None) -> SourceExcerpt:
    """Lines first..last of a source file, with some context; only files of the folder are served.
    The lines come from the citation checker's cache, so the 441 KB record is not re-read per request;
    the database's generation (when a `session` is given) keys that cache, so a file rewritten by an
    import seen by any process is never served stale."""
    known = {p.name: p for p in sources_dir.glob("*.txt")}
    if file not in known:
        raise NotFound("source file", file)
    if first < 1 or last < first or last - first > 2000:
        raise BadInput("a line range is FIRST-LAST with 1 <= FIRST <= LAST, at most 2000 lines")
    version = generation.validator(session.connection()) if session is not None else None
    lines = source_lines(str(known[file]), version)
    if first > len(lines):
        raise NotFound("line range", f"{file}:{first}-{last}")
    last = min(last, len(lines))
    lo, hi = max(1, first - CONTEXT), min(len(lines), last + CONTEXT)
    return SourceExcerpt(file, first, last, len(lines),
                         [(n, lines[n - 1], first <= n <= last) for n in range(lo, hi + 1)])
