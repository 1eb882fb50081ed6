"""`python -m app.corpus.check_chunk FILE...`: validate section-by-section input chunks.

Used while the Table of Inputs is curated in parallel, before the inputs are filed per
delegation by `app.corpus.file_chunks`: schema, delegation, target label of the first
draft, and citation coverage against the record.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from app.corpus.catalog import MIN_COVERAGE
from app.corpus.citations import coverage
from app.corpus.reader import CorpusError, line_of, read_model
from app.corpus.schema import ChunkFileIn, DelegationsFileIn

RECORD = Path("drafts/sources/003_4916da8653de9fbc.txt")
FIRST_DRAFT_LABELS = (
    {f"PP{i}" for i in range(1, 15)} | {"OP1", "OP2"} | {f"OP2({c})" for c in "abcd"}
    | {"chapeau"} | {str(i) for i in range(1, 71)}
)


def check(path: Path, slugs: set[str]) -> list[str]:
    problems = []
    try:
        chunk, node = read_model(path, ChunkFileIn)
    except CorpusError as exc:
        return [str(exc)]
    for i, inp in enumerate(chunk.inputs):
        where = f"{path}:{line_of(node, 'inputs', i)}"
        if inp.delegation not in slugs:
            problems.append(f"{where}: unknown delegation '{inp.delegation}'")
        if inp.target not in FIRST_DRAFT_LABELS:
            problems.append(f"{where}: target '{inp.target}' is not a first-draft label")
        try:
            share = coverage(f"{inp.text}\n{inp.rationale or ''}", RECORD, *inp.source)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue
        if share < MIN_COVERAGE:
            problems.append(f"{where}: only {share:.0%} of the words are in lines {inp.source}")
    return problems


def main(argv: list[str]) -> int:
    slugs = {d.slug for d in read_model(Path("amendments/delegations.yaml"), DelegationsFileIn)[0].delegations}
    problems = [p for arg in argv for p in check(Path(arg), slugs)]
    for p in problems:
        print(p)
    counts = {}
    for arg in argv:
        try:
            data = yaml.safe_load(Path(arg).read_text()) or {}
        except yaml.YAMLError:
            continue
        counts[arg] = len(data.get("inputs", []) or [])
    print(f"{'ok' if not problems else 'problems'}: {counts}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
