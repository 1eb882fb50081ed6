"""Runs `mutmut run` on a chosen list of mutants, for benchmarks/mutation.py's sampling.

A separate script because it must not import `app` before mutmut puts its mutated copy first on
sys.path (an `app` imported from the source tree would be tested instead, killing nothing).
mutmut 3.8 looks up the tests of a named mutant with `[...]`, which fails on a function no test
reaches; here such a mutant gets no tests and is reported "no tests", as in a full run.

    python benchmarks/mutmut_names.py --max-children 2 NAME...   (run from the mutation scratch folder)
"""

from __future__ import annotations

import sys

import mutmut.__main__ as mm


def _tests_for_mutant_names(mutant_names: tuple[str, ...] | list[str]) -> set[str]:
    by_function = mm.state().tests_by_mangled_function_name
    tests: set[str] = set()
    for name in mutant_names:
        tests |= set(by_function.get(mm.mangled_name_from_mutant_name(name), ()))
    return tests


if __name__ == "__main__":
    mm.tests_for_mutant_names = _tests_for_mutant_names
    mm.cli(["run", *sys.argv[1:]])
