"""Mutation score of the pure engine (app/text/): how many deliberate bugs the tests catch.

Runs mutmut (configured in pyproject.toml, [tool.mutmut]: every module of app/text/,
against the engine's own tests, no database) from a clean `mutants/` folder, then prints
the score and the survivors per module. About ten minutes on two cores.

    python -m benchmarks.mutation              # run, then report
    python -m benchmarks.mutation --no-run -v  # report the last run, listing every survivor
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from app.config import REPO_ROOT

MUTANTS = REPO_ROOT / "mutants"
# mutmut's exit codes (mutmut/stats.py): what each mutant's test run ended in
KILLED, TIMEOUT, SURVIVED, NO_TESTS, SKIPPED = {1, 3}, {36, 24, -24, 152, 255}, {0}, {5, 33}, {34}


def status(code: int | None) -> str:
    for name, codes in (("killed", KILLED), ("timeout", TIMEOUT), ("survived", SURVIVED),
                        ("no tests", NO_TESTS), ("skipped", SKIPPED)):
        if code in codes:
            return name
    return "not checked" if code is None else "suspicious"


def results(root: Path = MUTANTS) -> dict[str, dict[str, str]]:
    """module file -> mutant name -> status, from mutmut's .meta files."""
    out: dict[str, dict[str, str]] = {}
    for meta in sorted(root.rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
        if codes:
            out[str(meta.relative_to(root))[:-len(".meta")]] = {k: status(v) for k, v in codes.items()}
    return out


def score(by_module: dict[str, dict[str, str]]) -> tuple[float, Counter[str]]:
    """(killed + timeout) / (all - skipped), mutmut's own definition; and the counts."""
    counts: Counter[str] = Counter(s for m in by_module.values() for s in m.values())
    tested = sum(counts.values()) - counts["skipped"]
    return ((counts["killed"] + counts["timeout"]) / tested if tested else 0.0), counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-run", action="store_true", help="report the last run only")
    ap.add_argument("--children", type=int, default=2, help="mutants tested at once (default 2)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every survivor")
    args = ap.parse_args()
    if not args.no_run:
        shutil.rmtree(MUTANTS, ignore_errors=True)
        mutmut = Path(sys.executable).with_name("mutmut")
        subprocess.run([str(mutmut), "run", "--max-children", str(args.children)], cwd=REPO_ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    by_module = results()
    total, counts = score(by_module)
    print(f"mutation score {total:.1%}  ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    for module, mutants in by_module.items():
        s, c = score({module: mutants})
        print(f"  {module:<28} {s:6.1%}  of {sum(c.values())}")
        if args.verbose:
            survivors: dict[str, int] = defaultdict(int)
            for name, st in mutants.items():
                if st == "survived":
                    survivors[name.rsplit("__mutmut_", 1)[0]] += 1
            for fn, n in sorted(survivors.items(), key=lambda kv: -kv[1]):
                print(f"      {n:3} survive in {fn}")


if __name__ == "__main__":
    main()
