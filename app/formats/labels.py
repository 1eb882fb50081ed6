"""Paragraph numbers as documents print them, read into the labels Stemma stores.

A draft prints "PP.4", "OP 2 (a)", "19 bis." or "36."; the corpus labels them PP4, OP2(a), 19bis
and 36 (drafts/README.md). A retyped draft or a delegation's file writes them any of those ways,
or leaves them to Word's automatic numbering (`auto_number` renders what Word would show).
"""

from __future__ import annotations

import re

from app.formats.ooxml import ListDef

SUFFIX = r"(?:bis|ter|quater|quinquies|sexies)"
LABEL = re.compile(rf"""^\s*(?P<label>
      (?:PP|OP)\s*\.?\s*\d{{1,3}}(?:\s*{SUFFIX})?(?:\s*\(\s*[a-z]{{1,4}}\s*\)(?:\s*{SUFFIX})?)?
    | \d{{1,3}}(?:\s*{SUFFIX})?(?:\s*\(\s*[a-z]{{1,4}}\s*\)(?:\s*{SUFFIX})?)?
    | \(\s*[a-z]{{1,4}}\s*\)
    )\s*[.):]?(?=\s|$)\s*""", re.IGNORECASE | re.VERBOSE)


def normalize(raw: str) -> str:
    """"PP. 4" -> "PP4", "op 2 ( a )" -> "OP2(a)", "19 Bis" -> "19bis"."""
    label = re.sub(r"[\s.]+", "", raw)
    head = re.match(r"(?i)(pp|op)", label)
    if head:
        label = head.group(1).upper() + label[2:]
    return re.sub(r"(?i)" + SUFFIX + r"|\([a-z]+\)", lambda m: m.group(0).lower(), label)


TABBED = re.compile(r"^\s*(?P<label>[A-Za-z0-9().-]{1,40})\.?\t\s*")  # "OP2-note<tab>...", as Stemma writes


def split_label(text: str) -> tuple[str | None, str]:
    """(label, the text after it); (None, text) when the paragraph does not start with a number.
    A number as drafts print it ("PP.4 ", "19 bis."), or any one token before a tab: Stemma's files
    write every label so, the corpus's own ("chapeau", "OP2-note") included."""
    m = LABEL.match(text) or TABBED.match(text)
    if not m:
        return None, text.strip()
    return normalize(m.group("label")), text[m.end():].strip()


def in_context(label: str, previous: str | None) -> str:
    """A bare "(a)" under OP2 is OP2(a): sub-items take the number of the paragraph they follow."""
    if not label.startswith("(") or not previous:
        return label
    return previous.split("(", 1)[0] + label


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(fmt: str, n: int) -> str | None:
    return {"decimal": str(n), "lowerLetter": _letters(n), "upperLetter": _letters(n).upper(),
            "lowerRoman": _roman(n), "upperRoman": _roman(n).upper()}.get(fmt)


class Numbering:
    """Word's automatic numbers, counted paragraph by paragraph as Word counts them: per abstract
    list (lists that share one continue its count), restarted where a list says "start at"."""

    def __init__(self, definitions: dict[str, ListDef]) -> None:
        self.definitions = definitions
        self.counters: dict[str, list[int]] = {}
        self.restarted: set[str] = set()

    def next(self, num_id: str, level: int) -> str | None:
        """The number Word prints before the next paragraph of list `num_id` at `level` ("3.", "(b)")."""
        spec = self.definitions.get(num_id)
        if spec is None or not 0 <= level < 9:
            return None
        levels = spec.levels
        counters = self.counters.setdefault(spec.abstract, [lv.start - 1 if (lv := levels.get(k)) else 0 for k in range(9)])
        if num_id not in self.restarted:
            self.restarted.add(num_id)
            for k, start in spec.restarts.items():
                if 0 <= k < 9:
                    counters[k] = start - 1
        counters[level] += 1
        for deeper in range(level + 1, 9):
            counters[deeper] = levels[deeper].start - 1 if deeper in levels else 0
        shown = levels.get(level)
        if shown is None or not shown.text:
            return None
        out = shown.text
        for k in range(level + 1):
            number = _format(levels[k].fmt if k in levels else "decimal", max(counters[k], 1))
            if number is None:
                return None  # a bullet, or a style nobody writes paragraph numbers in
            out = out.replace(f"%{k + 1}", number)
        return out
