"""drafts/2015-asean-plan.yaml: the 2015 ASEAN Plan of Action, record file 001, lines
17-102 (a web copy of a Word file, one paragraph per line)."""

from __future__ import annotations

import re
from typing import Any

from curation.build import emit_doc, lines, main, notes

F = "001_426b4c9b8f687379.txt"

HEAD = dict(
    slug="2015-asean-plan",
    title="2015 ASEAN Plan of Action Against Trafficking in Persons, Especially Women and Children",
    kind="precedent",
    date="2015-09-29",
    issued_by="Association of Southeast Asian Nations (ASEAN) Member States; endorsed in Kuala Lumpur, Malaysia",
    file=F,
    lines=(17, 102),
)
SECTIONS = [
    ("introduction", "I. Introduction"),
    ("challenges", "II. Challenges"),
    ("objective", "III. Objective"),
    ("action-plans", "IV. Action Plans"),
    ("prevention-of-trafficking", "IV. A. Prevention of Trafficking in Persons"),
    ("protection-of-victims", "IV. B. Protection of Victims"),
    ("law-enforcement-and-prosecution", "IV. C. Law Enforcement and Prosecution of Crimes of Trafficking in Persons"),
    ("regional-and-international-cooperation", "IV. D. Regional and International Cooperation and Coordination"),
    ("implementation-mechanism", "V. Implementation Mechanism"),
]
# first line, last line, section, label prefix of its numbered or lettered items
RANGES = [
    (20, 31, "introduction", "I"),
    (33, 43, "challenges", "II"),
    (44, 44, "objective", "III"),
    (45, 48, "action-plans", "IV"),
    (50, 62, "prevention-of-trafficking", "IV-A"),
    (64, 71, "protection-of-victims", "IV-B"),
    (73, 84, "law-enforcement-and-prosecution", "IV-C"),
    (86, 99, "regional-and-international-cooperation", "IV-D"),
    (101, 102, "implementation-mechanism", "V"),
]


def paragraphs() -> list[dict[str, Any]]:
    """One paragraph per non-blank line: '3. ...' or 'a. ...' is <prefix>-3 / <prefix>-a,
    other lines are P1, P2, ... across the whole document."""
    src = lines(F)
    paras: list[dict[str, Any]] = []
    pn = 1
    for a, b, sec, prefix in RANGES:
        n = a
        while n <= b:
            s = src[n - 1].strip()
            if not s:
                n += 1
                continue
            m = re.match(r"^([0-9]+|[a-z])\.\s*(.*)$", s)
            if m:
                text = m.group(2)
                source = [n, n]
                if not text:  # 'l. ' with its text on the next line
                    n += 1
                    text = src[n - 1].strip()
                    source = [n - 1, n]
                paras.append(dict(label=f"{prefix}-{m.group(1)}", section=sec, source=source, text=text))
            else:
                paras.append(dict(label=f"P{pn}", section=sec, source=[n, n], text=s))
                pn += 1
            n += 1
    return paras


def build() -> str:
    return emit_doc(dict(HEAD, notes=notes("asean_2015")), SECTIONS, paragraphs())


if __name__ == "__main__":
    main(build)
