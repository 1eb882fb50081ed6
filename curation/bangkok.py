"""drafts/1998-bangkok-accord.yaml: the Bangkok Accord and Plan of Action (1998), record
file 000, lines 1-259 (a clean web copy: paragraphs are found by their numbers)."""

from __future__ import annotations

import re
from typing import Any

from curation.build import emit_doc, extract, lines, main, notes

F = "000_d0c0a4a9f07ee075.txt"

HEAD = dict(
    slug="1998-bangkok-accord",
    title="Bangkok Accord and Plan of Action to Combat Trafficking in Women",
    kind="precedent",
    date="1998-11-04",
    issued_by="ESCAP/ILO/IOM/NCWA/AWF Regional Conference on Trafficking in Women (Bangkok, 3-4 November 1998)",
    file=F,
    lines=(1, 259),
)
SECTIONS = [
    ("preamble", "Preamble"),
    ("national-level-general", "I. National Level: A. General"),
    ("national-level-prevention", "I. National Level: B. Prevention"),
    ("national-level-protection", "I. National Level: C. Protection and humanitarian treatment of victims"),
    ("national-level-sanctions", "I. National Level: D. Sanctions against traffickers"),
    ("national-level-medical", "I. National Level: E. Medical and psychological intervention"),
    ("national-level-repatriation", "I. National Level: F. Repatriation and reintegration"),
    ("national-level-information", "I. National Level: G. Information/Monitoring Mechanisms"),
    ("national-level-participation", "I. National Level: H. Participation"),
    ("regional-level", "II. Sub-regional/Regional/Multi-lateral Levels"),
]
# line of each sub-heading -> the section its numbered items go to
HEADINGS = {
    50: "national-level-general",
    71: "national-level-prevention",
    113: "national-level-protection",
    147: "national-level-sanctions",
    161: "national-level-medical",
    165: "national-level-repatriation",
    193: "national-level-information",
    216: "national-level-participation",
    220: "regional-level",
}
PART_II = 220  # Part II restarts the numbering at 1
# heading lines that begin like a numbered item
NOT_ITEMS = (49, 50, 71, 113, 147, 161, 165, 193, 216, 220)
# preamble clauses after P1-P3: one clause per range
PREAMBLE = [(12, 12), (14, 16)] + [(n, n) for n in range(18, 49, 2)]


def preamble() -> list[dict[str, Any]]:
    """P1..P21; line 10 holds two clauses, P2 and P3."""
    line10 = lines(F)[9]
    i = line10.index("; Reaffirming also")
    paras = [
        dict(label="P1", section="preamble", source=[6, 8], text=extract(F, 6, 8)),
        dict(label="P2", section="preamble", source=[10, 10], text=line10[: i + 1]),
        dict(label="P3", section="preamble", source=[10, 10], text=line10[i + 2 :]),
    ]
    for k, (a, b) in enumerate(PREAMBLE, start=4):
        paras.append(dict(label=f"P{k}", section="preamble", source=[a, b], text=extract(F, a, b)))
    return paras


def numbered() -> list[dict[str, Any]]:
    """I-1..I-76 and II-1..II-20: a line starting with a number opens an item, the
    following lines (not headings) continue it."""
    src = lines(F)
    paras: list[dict[str, Any]] = []
    sec = None
    part = "I"
    cur: dict[str, Any] | None = None
    for n in range(49, 260):
        s = src[n - 1].strip()
        if n in HEADINGS:
            sec = HEADINGS[n]
        if n == PART_II:
            part = "II"
        m = re.match(r"^(\d+)\.?\s+(.*)$", s)
        if m and sec and n not in NOT_ITEMS:
            cur = dict(label=f"{part}-{m.group(1)}", section=sec, source=[n, n], text=m.group(2).strip())
            paras.append(cur)
        elif s and cur and n not in HEADINGS and not re.match(r"^(I\.|II\.|[A-H]\.)\s", s):
            cur["source"][1] = n
            cur["text"] = (cur["text"] + s) if cur["text"].endswith("-") else cur["text"] + " " + s
    for part, count in (("I", 76), ("II", 20)):
        found = [p["label"] for p in paras if p["label"].startswith(f"{part}-")]
        if found != [f"{part}-{i}" for i in range(1, count + 1)]:
            raise ValueError(f"part {part} items are not numbered 1-{count}: {found}")
    return paras


def build() -> str:
    return emit_doc(dict(HEAD, notes=notes("bangkok")), SECTIONS, preamble() + numbered())


if __name__ == "__main__":
    main(build)
