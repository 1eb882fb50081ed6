"""The drafts/ file a new document becomes, and its lineage to the document it follows.

The lineage is inferred by the compare page's aligner (`origin: inferred`, the similarity as
confidence) for a person to confirm; the file is written in the corpus's own look (long texts
folded, keys in the order drafts/README.md gives them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml

from app.formats.newdoc import NewDocument


@dataclass(frozen=True)
class Earlier:
    """A paragraph of the document the new one follows (for lineage)."""

    label: str
    text: str
    section: str = ""
    status: str = "present"


def infer_lineage(doc: NewDocument, follows: str, earlier: list[Earlier]) -> dict[str, list[dict[str, object]]]:
    """Each new paragraph's link to the document it follows, found by the compare page's aligner
    (placeholders first, then shared wording); `origin: inferred`, with the similarity as confidence,
    for a person to confirm. A paragraph nothing matches is `new`."""
    from app.text.align import Para, align

    out: dict[str, list[dict[str, object]]] = {}
    before = {e.label: e for e in earlier}
    kept = set()  # a placeholder the earlier document printed too ("[Merged with paragraph 42]") continues it
    for p in doc.paragraphs:
        if p.status != "present" and p.label in before and before[p.label].status == p.status:
            out[p.label] = [{"from": f"{follows}#{p.label}", "relation": "continues", "origin": "inferred",
                             "confidence": 1.0}]
            kept.add(p.label)
    # sections are left out: two documents key them differently, and a key is not a move
    old = [Para(e.label, e.text, "", e.status) for e in earlier if e.label not in kept]
    new = [Para(p.label, p.text, "", p.status, p.merged_into) for p in doc.paragraphs if p.label not in kept]
    for pair in align(old, new, []):
        if not pair.to_labels:
            continue
        for to in pair.to_labels:
            links = out.setdefault(to, [])
            for frm in pair.from_labels:
                relation = ("merged_into" if pair.relation == "merged" and frm != to else
                            "deleted" if pair.relation == "deleted" else
                            "moved" if pair.relation == "moved" else
                            "renumbered" if frm != to else "continues")
                links.append({"from": f"{follows}#{frm}", "relation": relation, "origin": "inferred",
                              "confidence": round(min(max(pair.similarity, 0.0), 1.0), 2)})
            if not pair.from_labels:
                links.append({"relation": "new", "origin": "inferred"})
    return out


def adopt_sections(doc: NewDocument, earlier: list[tuple[str, str]]) -> None:
    """A section titled as one of the earlier document's takes its key, so the compare page sees the
    same section in both, not every paragraph moved."""
    keys = {" ".join(title.casefold().split()): key for key, title in earlier}
    taken = {k for k, _ in doc.sections}
    renamed = {}
    for i, (key, title) in enumerate(doc.sections):
        known = keys.get(" ".join(title.casefold().split()))
        if known and known != key and known not in taken:
            renamed[key] = known
            taken.add(known)
            doc.sections[i] = (known, title)
    for p in doc.paragraphs:
        p.section = renamed.get(p.section, p.section)


class _Dumper(yaml.SafeDumper):
    """The corpus's look: long texts folded, mappings in the order written."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 80 and "\n" not in value and value == value.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def to_yaml(doc: NewDocument, *, slug: str, kind: str, title: str, date: dt.date, issued_by: str, source_file: str,
            notes: str | None = None, lineage: dict[str, list[dict[str, object]]] | None = None,
            negotiation: str | None = None) -> str:
    """The document as a drafts/ file (drafts/README.md), citing `source_file` line by line."""
    total = max(len(doc.source_text.splitlines()), 1)
    paragraphs = []
    for p in doc.paragraphs:
        entry: dict[str, object] = {"label": p.label, "section": p.section, "source": [p.first, p.last],
                                    "text": p.text}
        if p.status != "present":
            entry["status"] = p.status
        if p.merged_into:
            entry["merged_into"] = p.merged_into
        if p.quality != "ok":
            entry["quality"], entry["curation"] = p.quality, p.curation
        if lineage and lineage.get(p.label):
            entry["lineage"] = lineage[p.label]
        paragraphs.append(entry)
    data: dict[str, object] = {"slug": slug, "title": title}
    if negotiation:
        data["negotiation"] = negotiation
    data.update({"kind": kind, "date": date, "issued_by": issued_by, "source": {"file": source_file, "lines": [1, total]}})
    if notes:
        data["notes"] = notes
    data["sections"] = [{"key": k, "title": t} for k, t in doc.sections]
    data["paragraphs"] = paragraphs
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
