"""`python -m app.corpus.file_chunks CHUNK... --out DIR`: file section chunks per delegation.

The Table of Inputs was curated section by section (one chunk file per range of the
record, so several curators could work at once); the corpus keeps one file per
delegation. This tool groups the entries by delegation, orders them as the base draft
runs (then by record line), and gives each an id: `<delegation>-<target>-<n>`. It was
run once; since then the per-delegation files are the source of truth, edited by hand.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import yaml

from app.corpus.check_chunk import FIRST_DRAFT_LABELS
from app.corpus.reader import read_model
from app.corpus.schema import ChunkFileIn, ChunkInputIn

FIRST_DRAFT_ORDER = (
    [f"PP{i}" for i in range(1, 15)] + ["OP1", "OP2"] + [f"OP2({c})" for c in "abcd"]
    + ["chapeau"] + [str(i) for i in range(1, 71)]
)
assert set(FIRST_DRAFT_ORDER) == FIRST_DRAFT_LABELS


def _dump(data: object) -> str:
    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        style = "|" if "\n" in value else ('>' if len(value) > 60 else None)
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Dumper.add_representer(str, text)
    return yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=88)


def entry_dict(inp: ChunkInputIn, ident: str) -> dict[str, object]:
    out: dict[str, object] = {"id": ident}
    data = inp.model_dump(mode="json", exclude={"id", "delegation"})
    for key in ("target", "new_label", "kind", "stance", "text", "rationale", "source", "quality",
                "curation", "probable_delegation"):
        value = data.get(key)
        if value in (None, [], "") and key not in ("text", "target", "kind", "source"):
            continue
        out[key] = value
    return out


def file_chunks(chunks: list[Path], out: Path) -> dict[str, int]:
    entries: dict[str, list[ChunkInputIn]] = defaultdict(list)
    for path in chunks:
        for inp in read_model(path, ChunkFileIn)[0].inputs:
            entries[inp.delegation].append(inp)
    counts = {}
    for delegation, items in sorted(entries.items()):
        items.sort(key=lambda i: (FIRST_DRAFT_ORDER.index(i.target), i.source[0]))
        seen: dict[str, int] = defaultdict(int)
        inputs = []
        for inp in items:
            stem = inp.target.lower().replace("(", "").replace(")", "")
            seen[stem] += 1
            inputs.append(entry_dict(inp, f"{delegation}-{stem}-{seen[stem]}"))
        (out / f"{delegation}.yaml").write_text(_dump({"delegation": delegation, "inputs": inputs}),
                                               encoding="utf-8")
        counts[delegation] = len(inputs)
    return counts


def main(argv: list[str]) -> int:
    if "--out" not in argv:
        print("usage: python -m app.corpus.file_chunks CHUNK... --out DIR", file=sys.stderr)
        return 2
    i = argv.index("--out")
    counts = file_chunks([Path(p) for p in argv[:i]], Path(argv[i + 1]))
    print(counts, sum(counts.values()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
