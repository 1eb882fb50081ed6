"""Mutation score: how many deliberate bugs the tests catch.

Without --module: mutmut as configured in pyproject.toml, [tool.mutmut] (every module of app/text/,
against the engine's own tests, no database), from a clean `mutants/` folder. About ten minutes.

With --module (the services that judge: positions, lineage, provenance, contention): each module is
mutated alone in a scratch copy of the repository (`mutants-services/<module>/`), whose pyproject
names that module and a fixed selection of the tests that exercise it (SERVICE_TESTS below); each
mutant runs only the selected tests that reach the mutated function (mutmut's own coverage map),
on a copy of one loaded SQLite template (tests/conftest.py), so a mutant costs seconds, not a
database load. --sample N --seed S tests N mutants drawn at random per module and reports the score
with a 95% (Wilson) interval.

    python -m benchmarks.mutation              # app/text/: run, then report
    python -m benchmarks.mutation --no-run -v  # report the last run, listing every survivor
    python -m benchmarks.mutation --module positions lineage provenance contention --sample 60 --seed 12
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from app.config import REPO_ROOT

MUTANTS = REPO_ROOT / "mutants"
SCRATCH = REPO_ROOT / "mutants-services"
# The tests that exercise each service (through the service or the pages and API that call it); the
# kills file first. A fixed list, so a score is comparable from one run to the next.
SERVICE_TESTS: dict[str, list[str]] = {
    "positions": ["tests/test_services_judged.py", "tests/test_gold.py", "tests/test_lost_and_merged.py",
                  "tests/test_api.py", "tests/test_web.py", "tests/test_web_delegations.py"],
    "lineage": ["tests/test_services_judged.py", "tests/test_lineage_redlines.py", "tests/test_lost_and_merged.py",
                "tests/test_curation_slips.py", "tests/test_api.py", "tests/test_web.py"],
    "provenance": ["tests/test_services_judged.py", "tests/test_cache_freshness.py", "tests/test_gold.py",
                   "tests/test_api.py", "tests/test_web.py"],
    "contention": ["tests/test_services_judged.py", "tests/test_api.py", "tests/test_web.py"],
}
COPIED = ["app", "tests", "benchmarks", "drafts", "amendments", "templates", "migrations", "alembic.ini"]
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


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% interval of a proportion k/n (Wilson's: sound at small n and near 0 or 1)."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre, half = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def _scratch(module: str) -> Path:
    """A fresh copy of the repository whose [tool.mutmut] mutates `module` alone against its tests."""
    root = SCRATCH / module
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name in COPIED:
        src = REPO_ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, root / name)
    tests = SERVICE_TESTS[module]
    section = "\n".join([
        "[tool.mutmut]", 'source_paths = ["app/"]', f'only_mutate = ["app/services/{module}.py"]',
        f"also_copy = {json.dumps(COPIED[1:])}",
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}",
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x", "-k", "not four_precedents"]', ""])
    text = (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = re.sub(r"\[tool\.mutmut\].*?(?=^\[|\Z)", section + "\n", text, flags=re.S | re.M)
    (root / "pyproject.toml").write_text(text, encoding="utf-8")
    return root


def mutant_names(root: Path, module: str) -> list[str]:
    """Every mutant mutmut makes of the module, named as mutmut names them."""
    from mutmut.mutation.file_mutation import mutate_file_contents
    from mutmut.utils.format_utils import get_mutant_name

    rel = Path("app/services") / f"{module}.py"
    made = mutate_file_contents(str(rel), (root / rel).read_text(encoding="utf-8"))
    return sorted(get_mutant_name(rel, name) for name in made.mutant_names)


def run_services(modules: list[str], sample: int | None, seed: int, children: int, verbose: bool) -> None:
    """Mutate each service in its scratch copy, run the (sampled) mutants, report score and interval."""
    for module in modules:
        root = _scratch(module)
        names = mutant_names(root, module)
        chosen = sorted(random.Random(f"{seed}:{module}").sample(names, sample)) if sample and sample < len(names) \
            else names
        started = time.monotonic()
        subprocess.run([sys.executable, str(REPO_ROOT / "benchmarks" / "mutmut_names.py"),
                        "--max-children", str(children), *chosen],
                       cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.monotonic() - started
        by_module = {k: {n: st for n, st in v.items() if n in set(chosen)} for k, v in results(root / "mutants").items()}
        s, counts = score(by_module)
        n = sum(counts.values()) - counts["skipped"]
        low, high = wilson(counts["killed"] + counts["timeout"], n)
        print(f"app/services/{module}.py: {s:.1%} of {n} mutants (sampled from {len(names)}, seed {seed}), "
              f"95% CI {low:.1%}-{high:.1%}; {', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}; "
              f"{elapsed:.0f} s, {elapsed / max(len(chosen), 1):.1f} s per mutant")
        if verbose:
            for mutants in by_module.values():
                for name, st in sorted(mutants.items()):
                    if st != "killed":
                        print(f"      {st:<9} {name}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-run", action="store_true", help="report the last run only")
    ap.add_argument("--children", type=int, default=2, help="mutants tested at once (default 2)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every survivor")
    ap.add_argument("--module", nargs="+", choices=sorted(SERVICE_TESTS), help="services to mutate, each alone")
    ap.add_argument("--sample", type=int, help="mutants drawn at random per module (default: all)")
    ap.add_argument("--seed", type=int, default=12, help="seed of the draw (default 12)")
    args = ap.parse_args()
    if args.module:
        run_services(args.module, args.sample, args.seed, args.children, args.verbose)
        return
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
