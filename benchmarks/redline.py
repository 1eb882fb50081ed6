"""How fast is our redline engine on the real record, against difflib and `redlines`?

Every first-draft paragraph (16 April 2010) is redlined against its July successor (19 July
2010), found through the curated lineage and falling back to the same label. Each engine is
timed raw (edits only) and rendered (inline + side-by-side HTML). difflib runs over our own
tokens and renders through the same Jinja macros, so only the diff differs (difflib does no
semantic cleanup and no sliding to word boundaries; ours does both); the
`redlines` package renders its own inline markup (`output_markdown`, which is HTML spans; it
has no side-by-side view and no other HTML output).

    python benchmarks/redline.py [--repeat 20] [--no-write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import platform
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.templating import Jinja2Templates  # noqa: E402
from redlines import Redlines  # noqa: E402
from redlines.processor import concatenate_paragraphs_and_add_chr_182, tokenize_text  # noqa: E402

from app.corpus.catalog import read_corpus  # noqa: E402
from app.text.redline import Edit, Op, diff_words, new_part, old_part  # noqa: E402
from app.text.tokens import tokenize  # noqa: E402
from app.web.render import redline_html  # noqa: E402

FIRST, JULY = "2010-04-16-first-draft", "2010-07-19-draft"
PREFERRED = ("continues", "renumbered", "moved", "merged_into", "split_into", "deleted")

Pair = tuple[str, str, str, str]  # first label, July label, old text, new text


def lineage_pairs() -> tuple[list[Pair], list[str]]:
    """(first-draft paragraph, its July successor) pairs, and the labels with no successor."""
    corpus = read_corpus(ROOT / "drafts", ROOT / "amendments")
    docs = {d.doc.slug: d.doc for d in corpus.documents}
    july = docs[JULY].paragraphs
    by_label = {p.label: p for p in july}
    pairs, orphans = [], []
    for p in docs[FIRST].paragraphs:
        links = [(PREFERRED.index(link.relation.value) if link.relation.value in PREFERRED else len(PREFERRED), q)
                 for q in july for link in q.lineage if link.from_ == f"{FIRST}#{p.label}"]
        succ = min(links, key=lambda t: t[0])[1] if links else by_label.get(p.label)
        if succ is None:
            orphans.append(p.label)
        else:
            pairs.append((p.label, succ.label, p.text, succ.text))
    return pairs, orphans


def difflib_words(old: str, new: str) -> list[Edit]:
    """SequenceMatcher over our tokens, in our Edit shape (a replace is a deletion then an insertion)."""
    a, b = tokenize(old), tokenize(new)
    out: list[Edit] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(Edit(Op.EQUAL, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Edit(Op.DELETE, "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Edit(Op.INSERT, "".join(b[j1:j2])))
    return out


def redlines_edits(old: str, new: str) -> tuple[list[str], list[str], list[tuple[str, int, int, int, int]]]:
    """The package's own tokens and opcodes, for the word-level check."""
    a = tokenize_text(concatenate_paragraphs_and_add_chr_182(old))
    b = tokenize_text(concatenate_paragraphs_and_add_chr_182(new))
    return a, b, Redlines(old, new).opcodes


def _word_char(ch: str) -> bool:
    if "\u3040" <= ch <= "\u9fff":
        return False
    return ch.isalnum() or unicodedata.category(ch).startswith("M")


def _cut(left: str, right: str) -> bool:
    return bool(left) and bool(right) and _word_char(left[-1]) and _word_char(right[0])


def cuts_in_edits(edits: list[Edit]) -> int:
    """Changes that start or end inside a word, counted on the old side and the new side."""
    n = 0
    for dropped, part in ((Op.INSERT, old_part), (Op.DELETE, new_part)):  # a lost passage differs on each side
        side = [e for e in edits if e.op != dropped]
        n += sum(_cut(part(x), part(y)) for x, y in zip(side, side[1:]) if Op.EQUAL not in (x.op, y.op) or x.op != y.op)
    return n


def cuts_in_opcodes(a: list[str], b: list[str], ops: list[tuple[str, int, int, int, int]]) -> int:
    n = 0
    for _tag, i1, _i2, j1, _j2 in ops[1:]:
        n += _cut("".join(a[:i1])[-1:], "".join(a[i1:])[:1]) + _cut("".join(b[:j1])[-1:], "".join(b[j1:])[:1])
    return n


def timed(fns: list[Callable[[], object]], repeat: int) -> list[float]:
    """Median wall time of each of `fns` in seconds over `repeat` rounds (after one warm-up round).

    The engines take turns within each round, so a change in the machine's load during the run
    (this is a shared 2-core VM) falls on all of them alike and the ratios stay fair.
    """
    for fn in fns:
        fn()
    runs: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, times in zip(fns, runs):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return [statistics.median(times) for times in runs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-write", action="store_true", help="do not rewrite docs/benchmarks.md")
    args = parser.parse_args()

    pairs, orphans = lineage_pairs()
    templates = Jinja2Templates(directory=str(ROOT / "templates"))
    templates.env.autoescape = True

    def ours_raw() -> None:
        for *_, old, new in pairs:
            diff_words(old, new)

    def ours_html() -> None:
        for *_, old, new in pairs:
            redline_html(templates, diff_words(old, new))

    def difflib_raw() -> None:
        for *_, old, new in pairs:
            difflib_words(old, new)

    def difflib_html() -> None:
        for *_, old, new in pairs:
            redline_html(templates, difflib_words(old, new))

    def redlines_raw() -> None:
        for *_, old, new in pairs:
            _ = Redlines(old, new).opcodes  # a property: computing it is the diff

    def redlines_html() -> None:
        for *_, old, new in pairs:
            _ = Redlines(old, new).output_markdown

    ours = "ours (word tokens, RapidFuzz LCS, diff-match-patch cleanup)"
    rows = [(ours, "raw", ours_raw), (ours, "html", ours_html),
            ("difflib SequenceMatcher on our tokens", "raw", difflib_raw),
            ("difflib SequenceMatcher on our tokens", "html", difflib_html),
            ("redlines 0.6 (opcodes / output_markdown)", "raw", redlines_raw),
            ("redlines 0.6 (opcodes / output_markdown)", "html", redlines_html)]
    seconds = dict(zip(((name, mode) for name, mode, _ in rows), timed([fn for *_, fn in rows], args.repeat)))
    base = {mode: seconds[(rows[0][0], mode)] for mode in ("raw", "html")}

    checks = {
        rows[0][0]: sum(cuts_in_edits(diff_words(o, n)) for *_, o, n in pairs),
        rows[2][0]: sum(cuts_in_edits(difflib_words(o, n)) for *_, o, n in pairs),
        rows[4][0]: sum(cuts_in_opcodes(*redlines_edits(o, n)) for *_, o, n in pairs),
    }

    header = "| engine | mode | total ms | per pair µs | ratio vs ours |\n|---|---|---:|---:|---:|"
    lines = [f"| {name} | {mode} | {seconds[(name, mode)] * 1e3:.1f} | {seconds[(name, mode)] / len(pairs) * 1e6:.0f} "
             f"| {seconds[(name, mode)] / base[mode]:.2f} |" for name, mode, _ in rows]
    check_lines = [f"- {name}: {n} change boundaries inside a word" + (" (word-level)" if n == 0 else " (NOT word-level)")
                   for name, n in checks.items()]
    table = "\n".join([header, *lines])
    command = f"python benchmarks/redline.py --repeat {args.repeat}"
    meta = (f"{len(pairs)} pairs (first draft → July draft through lineage, else same label; "
            f"{len(orphans)} first-draft paragraphs without successor: {', '.join(orphans) or 'none'}); "
            f"median of {args.repeat} rounds, the engines taking turns in each; html = inline + side-by-side through templates/_macros/redline.html "
            f"(redlines: its own output_markdown only).")
    print(meta, "\n", table, "\n\nWord-level check:", *check_lines, sep="\n")

    if not args.no_write:
        machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, {platform.system()}"
        doc = (f"# Benchmarks\n\n## Redline engine\n\n"
               f"Date: {dt.date.today().isoformat()}. Machine: {machine}. Command: `{command}`.\n\n"
               f"{meta}\n\n{table}\n\nWord-level check (a change starting or ending between two letters):\n\n"
               + "\n".join(check_lines) + "\n")
        (ROOT / "docs" / "benchmarks.md").write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()
