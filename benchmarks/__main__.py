"""Every benchmark, one command: `python -m benchmarks [NAME ...] [--quick]`.

    redline  the redline engine against difflib and `redlines` (needs `pip install -e ".[bench]"`)
    scale    the same pages at 1x, 10x, 100x copies of the negotiation (PostgreSQL), load time, size
    load     HTTP load under wrk: SQLite and PostgreSQL, 1 and 2 workers, 10/50/200 clients, cache off/on

`--quick` runs small versions (scale 1x and 10x, 2-second load cells on PostgreSQL with 1 worker)
to check the tooling; the figures in docs/benchmarks.md come from the full runs, each benchmark's
own module documents its options. Heavy runs are best started with `nice` on a shared machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from benchmarks.session_corpus import ROOT

FULL = {
    "redline": ["benchmarks/redline.py", "--no-write"],
    "scale": ["-m", "benchmarks.scale", "--scales", "1,10,100", "--reuse"],
    "load": ["-m", "benchmarks.load"],
}
QUICK = {
    "redline": ["benchmarks/redline.py", "--no-write", "--repeat", "5"],
    "scale": ["-m", "benchmarks.scale", "--scales", "1,10", "--reuse", "--repeat", "3"],
    "load": ["-m", "benchmarks.load", "--dbs", "postgresql", "--workers", "1", "--concurrency", "10,50",
             "--duration", "2"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(FULL)} (default: all)")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    unknown = set(args.names) - set(FULL)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    failed = []
    for name in args.names or list(FULL):
        print(f"\n# {name}\n", flush=True)
        if subprocess.run([sys.executable, *plan[name]], cwd=ROOT).returncode != 0:
            failed.append(name)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
