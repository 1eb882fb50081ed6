"""A session-sized corpus: N copies of the whole 2010 negotiation, in the corpus file format.

A UN session runs many negotiations at once, each with its outline, drafts and compilations of
inputs from the same delegations, citing the same precedent instruments. This generator makes
such a corpus from the real one so that `stemma load` (the real reader, validator and loader)
loads it: copy 0 keeps the original slugs, so the pages measured at 1x are the same pages at
every scale, and copy k (k >= 1) gets every slug of the negotiation suffixed `-nKKKK`: its
documents, its negotiation, its compilation folder, its lineage and bases. Delegations and
precedents (documents of kind `precedent`, which belong to no negotiation) are shared, as in a
real session. The process events (one file, one negotiation) stay the original's. Every text is the record's text and cites the same source lines, so the
citation checks still hold.

    python -m benchmarks.session_corpus 100 /tmp/stemma-100x
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes shared values out in full (no `&id001` anchors), as a curator would."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


PROCESS_FILE, NEGOTIATIONS_FILE = "process.yaml", "negotiations.yaml"
DELEGATIONS_FILE, COMPILATION_FILE = "delegations.yaml", "compilation.yaml"


def suffix(k: int) -> str:
    return "" if k == 0 else f"-n{k:04d}"


def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")


class Copier:
    """Rewrites the negotiation's slugs for copy k; anything else (precedents, delegations) is kept."""

    def __init__(self, negotiation_slugs: set[str], k: int) -> None:
        self.own = negotiation_slugs
        self.sfx = suffix(k)

    def slug(self, slug: str) -> str:
        return slug + self.sfx if slug in self.own else slug

    def ref(self, ref: str) -> str:
        """`slug#label` as lineage writes it."""
        slug, _, label = ref.partition("#")
        return f"{self.slug(slug)}#{label}"

    def document(self, doc: dict[str, Any]) -> dict[str, Any]:
        out = dict(doc, slug=self.slug(doc["slug"]))
        if out.get("base"):
            out["base"] = self.slug(out["base"])
        if out.get("negotiation"):
            out["negotiation"] = out["negotiation"] + self.sfx
        if "paragraphs" in out:
            out["paragraphs"] = [self._paragraph(p) for p in out["paragraphs"]]
        return out

    def _paragraph(self, p: dict[str, Any]) -> dict[str, Any]:
        out = dict(p)
        if out.get("lineage"):
            out["lineage"] = [dict(ln, **({"from": self.ref(ln["from"])} if ln.get("from") else {}))
                              for ln in out["lineage"]]
        if out.get("reflects"):  # `<compilation-slug>/<input-id>` (the write side's field)
            out["reflects"] = [f"{self.slug(r.partition('/')[0])}/{r.partition('/')[2]}" for r in out["reflects"]]
        return out


def generate(copies: int, out: Path, drafts: Path = ROOT / "drafts", amendments: Path = ROOT / "amendments"
             ) -> dict[str, int]:
    """Write `copies` copies of the negotiation under out/drafts and out/amendments; return counts."""
    if copies < 1:
        raise ValueError("at least one copy")
    if out.exists():
        shutil.rmtree(out)
    (out / "drafts").mkdir(parents=True)
    os.symlink((drafts / "sources").resolve(), out / "drafts" / "sources")
    docs = {p: _read(p) for p in sorted(drafts.glob("*.yaml")) if p.name not in (PROCESS_FILE, NEGOTIATIONS_FILE)}
    comps = {c: _read(c / COMPILATION_FILE) for c in sorted(amendments.iterdir()) if (c / COMPILATION_FILE).exists()}
    own = {d["slug"] for d in docs.values() if d["kind"] != "precedent"} | {c["slug"] for c in comps.values()}
    counts = {"documents": 0, "paragraphs": 0, "inputs": 0, "copies": copies}
    for d in docs.values():
        if d["kind"] == "precedent":
            _write(out / "drafts" / f"{d['slug']}.yaml", d)
            counts["documents"] += 1
            counts["paragraphs"] += len(d.get("paragraphs", []))
    (out / "amendments").mkdir()
    shutil.copy(amendments / DELEGATIONS_FILE, out / "amendments" / DELEGATIONS_FILE)
    process = _read(drafts / PROCESS_FILE) if (drafts / PROCESS_FILE).exists() else None
    negotiations = _read(drafts / NEGOTIATIONS_FILE) if (drafts / NEGOTIATIONS_FILE).exists() else None
    negs: list[dict[str, Any]] = []
    for k in range(copies):
        c = Copier(own, k)
        for d in docs.values():
            if d["kind"] != "precedent":
                _write(out / "drafts" / f"{c.slug(d['slug'])}.yaml", c.document(d))
                counts["documents"] += 1
                counts["paragraphs"] += len(d.get("paragraphs", []))
        for cdir, cdoc in comps.items():
            target = out / "amendments" / c.slug(cdoc["slug"])
            _write(target / COMPILATION_FILE, c.document(cdoc))
            counts["documents"] += 1
            for f in sorted(cdir.glob("*.yaml")):
                if f.name != COMPILATION_FILE:
                    shutil.copy(f, target / f.name)  # ids are unique per compilation: kept as they are
                    counts["inputs"] += len(_read(f).get("inputs") or [])
        if negotiations:
            negs += [dict(n, slug=n["slug"] + c.sfx, title=f"{n['title']}{' ' + c.sfx if c.sfx else ''}")
                     for n in negotiations.get("negotiations", [])]
    if process:  # one process file names one negotiation: the copies' letters are left out
        _write(out / "drafts" / PROCESS_FILE, process)
    if negotiations:
        _write(out / "drafts" / NEGOTIATIONS_FILE, dict(negotiations, negotiations=negs))
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("copies", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    counts = generate(args.copies, args.out)
    print(f"{args.out}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    print(f"load it: stemma load --drafts {args.out}/drafts --amendments {args.out}/amendments")


if __name__ == "__main__":
    main()
