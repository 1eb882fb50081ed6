"""Shared helpers: read record lines, join them into paragraph text, repair OCR, emit YAML.

Line numbers are 1-based, as in the record files under drafts/sources/ and in the
`source` fields of the curated YAML.
"""

from __future__ import annotations

import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
SOURCES = Path(__file__).resolve().parents[1] / "drafts" / "sources"

# A line holding only a paragraph number ("12.", "7,") or an OCR remnant of one ("L.", "I11.").
NUMLINE = re.compile(r"^\s*([0-9]{1,2}[.,]?|L\.|I11\.)\s*$")

Repair = tuple[str, str] | tuple[str, str, str]


class RepairError(ValueError):
    """An OCR repair whose wrong reading does not occur exactly once in the paragraph."""


@cache
def lines(fname: str) -> list[str]:
    """The lines of a record file in drafts/sources/ (index n-1 holds line n)."""
    return (SOURCES / fname).read_text(encoding="utf-8").split("\n")


def notes(name: str) -> str:
    """A document's `notes`, kept in <name>_notes.txt next to the builders."""
    return (PACKAGE / f"{name}_notes.txt").read_text(encoding="utf-8").strip()


def join_lines(parts: Iterable[str]) -> str:
    """Join stripped lines with a space; a word hyphenated at a line end is rejoined."""
    text = ""
    for s in parts:
        if not text:
            text = s
        elif text.endswith("-") and not text.endswith(" -"):
            text = text + s
        else:
            text = text + " " + s
    return text


def extract_lines(
    fname: str,
    a: int,
    b: int,
    skip: Iterable[int] = (),
    strip_label: str | None = None,
) -> list[str]:
    """Lines a..b stripped, without blank, number-only or `skip` lines; `strip_label`
    (a regex) is removed once from the start of the first line kept."""
    src = lines(fname)
    skip = set(skip)
    out = []
    for n in range(a, b + 1):
        if n in skip:
            continue
        s = src[n - 1].strip()
        if not s or NUMLINE.match(s):
            continue
        out.append(s)
    if strip_label and out:
        out[0] = re.sub(strip_label, "", out[0], count=1)
    return out


def extract(
    fname: str,
    a: int,
    b: int,
    skip: Iterable[int] = (),
    strip_label: str | None = None,
) -> str:
    """The text of lines a..b (see extract_lines) joined into one paragraph."""
    return join_lines(extract_lines(fname, a, b, skip=skip, strip_label=strip_label))


def apply_repairs(p: dict[str, Any]) -> None:
    """Apply p['repairs'] (old, new[, curation note]) to p['text'], recording each in
    p['curation']. Each old reading must occur exactly once."""
    for r in p.get("repairs", []):
        old, new = r[0], r[1]
        found = p["text"].count(old)
        if found != 1:
            raise RepairError(f"{p['label']}: {old!r} occurs {found} times in {p['text']!r}")
        p["text"] = p["text"].replace(old, new)
        p.setdefault("curation", []).append(r[2] if len(r) > 2 else f"OCR '{old}' read as '{new}'")


def q(s: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def block(key: str, text: str, indent: int) -> str:
    """A block scalar: literal (|-) if the text has line breaks, else folded (>-) at 90 columns."""
    pad = " " * indent
    if "\n" in text:
        body = "\n".join(pad + "  " + line for line in text.split("\n"))
        return f"{pad}{key}: |-\n{body}\n"
    wrapped = textwrap.wrap(text, 90, break_long_words=False, break_on_hyphens=False)
    body = "\n".join(pad + "  " + line for line in wrapped)
    return f"{pad}{key}: >-\n{body}\n"


def emit_doc(
    head: dict[str, Any],
    sections: Sequence[tuple[str, str]],
    paras: Sequence[dict[str, Any]],
) -> str:
    """The YAML text of one corpus document."""
    o = [
        f"slug: {head['slug']}\n",
        f"title: {q(head['title'])}\n",
        *([f"negotiation: {head['negotiation']}\n"] if head.get("negotiation") else []),
        f"kind: {head['kind']}\n",
        f"date: {head['date']}\n",
        f"issued_by: {q(head['issued_by'])}\n",
        f"source:\n  file: {head['file']}\n  lines: [{head['lines'][0]}, {head['lines'][1]}]\n",
        block("notes", head["notes"], 0),
        "sections:\n",
    ]
    for k, t in sections:
        o.append(f"  - {{key: {k}, title: {q(t)}}}\n")
    o.append("paragraphs:\n")
    for p in paras:
        o.append(f"  - label: {q(p['label'])}\n")
        o.append(f"    section: {p['section']}\n")
        o.append(f"    source: [{p['source'][0]}, {p['source'][1]}]\n")
        o.append(block("text", p["text"], 4))
        if p.get("status"):
            o.append(f"    status: {p['status']}\n")
        if p.get("curation"):
            o.append(f"    quality: {p.get('quality', 'repaired')}\n")
            o.append("    curation:\n")
            for c in p["curation"]:
                o.append(f"      - {q(c)}\n")
        if p.get("lineage"):
            o.append("    lineage:\n")
            for link in p["lineage"]:
                o.append(f"      - from: {q(link['from'])}\n")
                o.append(f"        relation: {link['relation']}\n")
                o.append(f"        origin: {link['origin']}\n")
                o.append(f"        confidence: {link['confidence']}\n")
                o.append(f"        note: {q(link['note'])}\n")
    return "".join(o)


def paragraphs_from_spec(
    fname: str,
    spec: Iterable[tuple[str, str, int, int, dict[str, Any]]],
    extra_repairs: dict[str, list[Repair]] | None = None,
) -> list[dict[str, Any]]:
    """Paragraphs from (label, section, first, last, options) rows. Options: `strip` (label
    regex), `skip` (lines), `items` ((first, last) ranges, each kept on a line of its own),
    `repairs`, `extra_note` (a curation note after the repairs)."""
    extra_repairs = extra_repairs or {}
    paras = []
    for label, sec, a, b, kw in spec:
        if "items" in kw:
            parts = [extract(fname, x, y) for x, y in kw["items"]]
            if kw.get("strip"):
                parts[0] = re.sub(kw["strip"], "", parts[0], count=1)
            text = "\n".join(parts)
        else:
            text = extract(fname, a, b, skip=kw.get("skip", ()), strip_label=kw.get("strip"))
        p = dict(label=label, section=sec, source=[a, b], text=text,
                 repairs=kw.get("repairs", []) + extra_repairs.get(label, []))
        apply_repairs(p)
        if kw.get("extra_note"):
            p.setdefault("curation", []).append(kw["extra_note"])
        paras.append(p)
    return paras


def main(build: Callable[[], str], argv: Sequence[str] | None = None) -> None:
    """`python -m curation.<module> [OUTPUT]`: write the YAML to OUTPUT, or print it."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1:
        raise SystemExit("usage: python -m curation.<module> [OUTPUT]")
    text = build()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
