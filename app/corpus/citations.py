"""Checking that a curated record is traceable to the lines of the source it cites.

The record is OCR'd: a curated text repairs a few words and drops struck-through
ones, so a citation is judged by the share of the record's content words found in the
cited lines, not by exact equality.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)


def content_words(text: str) -> set[str]:
    """Lower-cased words of four letters or more: the record's key words."""
    return {w.lower() for w in WORD.findall(text)}


def source_lines(path: str, version: object = None) -> tuple[str, ...]:
    """The lines of a source file, cached: the big record is cited thousands of times.

    The cache is keyed on `version` (a server passes the database's generation, which every write,
    `stemma import` of a new source included, bumps, so all processes see a rewritten file at their
    next request) and on the file's modification time and size (a file edited by hand between two
    loads). A same-length edit therefore shows as soon as either changes; nothing is ever served
    from a stale key."""
    st = os.stat(path)
    return _read_lines(path, version, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=16)
def _read_lines(path: str, version: object, mtime_ns: int, size: int) -> tuple[str, ...]:
    return tuple(Path(path).read_text(encoding="utf-8").splitlines())


def cited_text(path: Path, first: int, last: int) -> str:
    """Lines first..last (1-based, inclusive), with words hyphenated across lines rejoined."""
    lines = source_lines(str(path))
    if last > len(lines):
        raise ValueError(f"lines {first}-{last} go past the end of {path.name} ({len(lines)} lines)")
    block = "\n".join(lines[first - 1:last])
    return re.sub(r"(\w)-\n(\w)", r"\1\2", block)


def coverage(text: str, path: Path, first: int, last: int) -> float:
    """Share of `text`'s key words that occur in the cited lines (1.0 when it has none)."""
    words = content_words(text)
    if not words:
        return 1.0
    found = content_words(cited_text(path, first, last))
    return len(words & found) / len(words)
