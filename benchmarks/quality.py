"""How far Stemma's answers agree with a careful reader: the evaluation set in tests/gold/.

Three figures, each on one half of the set (`check` unless told): uptake accuracy with its
confusion matrix, the placement exact-match rate, and provenance precision and recall. The
answers come from the same service calls the pages make, on a fresh database loaded with the
seed corpus, so the figures are what a reader of the site sees.

    python -m benchmarks.quality                  # the check half, on a temporary SQLite file
    python -m benchmarks.quality --half tune      # the half rules may be tuned on
    python -m benchmarks.quality --url postgresql+psycopg://postgres@127.0.0.1:5432/stemma_q
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, select

from app.config import REPO_ROOT

GOLD = REPO_ROOT / "tests" / "gold"
COVER = 0.8  # share of a gold passage an engine match must cover to count as finding it

# The engine's class names, old and new, onto the gold set's. `not_applicable` (today's one class
# for both "nothing to judge" and "cannot be settled") is judged against the item's `old_name`.
ENGINE_TO_GOLD = {"adopted": "adopted", "deleted_as_proposed": "adopted", "partial": "partial",
                  "not_reflected": "not_reflected", "no_text": "no_text", "comment": "no_text",
                  "nothing_to_judge": "no_text", "unsettled": "unsettled", "lost": "unsettled",
                  "text_lost": "unsettled", "cannot_settle": "unsettled"}


def half_of(key: str) -> str:
    """The half an item belongs to: `tune` when the SHA-1 of its key is even, else `check`."""
    return "tune" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "check"


def gold_items(name: str, half: str = "check") -> list[dict[str, Any]]:
    """The items of tests/gold/<name>.yaml in `half` ("all" for both); a stale `half:` is refused."""
    items = yaml.safe_load((GOLD / f"{name}.yaml").read_text(encoding="utf-8"))["items"]
    for it in items:
        if it["half"] != half_of(it["key"]):
            raise ValueError(f"{name}.yaml: {it['key']} says half {it['half']}, its hash says {half_of(it['key'])}")
    return [it for it in items if half in ("all", it["half"])]


@dataclass
class Figures:
    half: str
    uptake_n: int = 0
    uptake_correct: int = 0
    confusion: dict[str, Counter[str]] = field(default_factory=dict)  # gold class -> engine class -> n
    uptake_misses: list[str] = field(default_factory=list)
    placement_n: int = 0
    placement_exact: int = 0
    placement_misses: list[str] = field(default_factory=list)
    provenance_found: int = 0
    provenance_found_true: int = 0
    provenance_true: int = 0
    provenance_misses: list[str] = field(default_factory=list)

    @property
    def uptake_accuracy(self) -> float:
        return self.uptake_correct / self.uptake_n if self.uptake_n else 0.0

    @property
    def placement_rate(self) -> float:
        return self.placement_exact / self.placement_n if self.placement_n else 0.0

    @property
    def provenance_precision(self) -> float:
        return self.provenance_found_true / self.provenance_found if self.provenance_found else 0.0

    @property
    def provenance_recall(self) -> float:
        return self.provenance_found_true / self.provenance_true if self.provenance_true else 0.0

    def summary(self) -> dict[str, object]:
        return {"half": self.half,
                "uptake": {"n": self.uptake_n, "accuracy": round(self.uptake_accuracy, 3),
                           "confusion": {g: dict(c) for g, c in sorted(self.confusion.items())}},
                "placement": {"n": self.placement_n, "exact": round(self.placement_rate, 3)},
                "provenance": {"true": self.provenance_true, "found": self.provenance_found,
                               "precision": round(self.provenance_precision, 3),
                               "recall": round(self.provenance_recall, 3)}}


def uptake_agrees(engine_class: str, item: dict[str, Any]) -> bool:
    """Whether the engine's class is the judged one (today's `not_applicable` against `old_name`)."""
    if engine_class == "not_applicable":
        return item["old_name"] == "not_applicable"
    return ENGINE_TO_GOLD.get(engine_class, engine_class) == item["judged"]


def _inputs_by_key(session: Session) -> dict[str, Any]:
    from app.services.positions import list_inputs
    return {v.id.split("/", 1)[1]: v for v in list_inputs(session)}


def measure_uptake(session: Session, fig: Figures, views: dict[str, Any]) -> None:
    for it in gold_items("uptake", fig.half):
        got = views[it["key"]].uptake.klass
        fig.uptake_n += 1
        fig.confusion.setdefault(it["judged"], Counter())[got] += 1
        if uptake_agrees(got, it):
            fig.uptake_correct += 1
        else:
            fig.uptake_misses.append(f"{it['key']}: judged {it['judged']}, engine {got}")


def _norm(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def measure_placement(session: Session, fig: Figures, views: dict[str, Any]) -> None:
    for it in gold_items("placement", fig.half):
        got = _norm(views[it["key"]].resolved_text)
        fig.placement_n += 1
        if got == _norm(it["expected"]):
            fig.placement_exact += 1
        else:
            fig.placement_misses.append(f"{it['key']}: expected {(_norm(it['expected']) or 'None')[-70:]!r}, "
                                        f"engine {(got or 'None')[-70:]!r}")


def _coverage(text: str, passage: str, span: tuple[int, int]) -> float:
    """Share of the passage's characters (in `text`, whitespace collapsed) inside the match's span."""
    flat, offsets = [], []
    for i, ch in enumerate(text):
        if ch.isspace():
            if flat and flat[-1] == " ":
                continue
            ch = " "
        flat.append(ch)
        offsets.append(i)
    start = "".join(flat).find(" ".join(passage.split()))
    if start < 0:
        return 0.0
    end = start + len(" ".join(passage.split()))
    a, b = offsets[start], offsets[end - 1] + 1
    inside = max(0, min(b, span[1]) - max(a, span[0]))
    return inside / (b - a)


def reported_as_agreed(passage: Any) -> bool:
    """A match the engine puts forward as agreed language: all of them until it tells kinds apart."""
    return getattr(passage, "match_kind", "borrowed") == "borrowed"


def measure_provenance(session: Session, fig: Figures) -> None:
    from app.models import Document, Paragraph
    from app.services.provenance import shared_language
    for it in gold_items("provenance", fig.half):
        q_doc, q_label = it["query"].split("#", 1)
        s_doc, s_label = it["source"].split("#", 1)
        doc = session.exec(select(Document).where(Document.slug == q_doc)).one()
        para = session.exec(select(Paragraph).where(Paragraph.document_id == doc.id,
                                                    Paragraph.label == q_label)).one()
        matches = [m for m in shared_language(session, [para.text], document=doc)[0]
                   if m.document == s_doc and m.label == s_label and reported_as_agreed(m)]
        found = any(_coverage(para.text, it["passage"], m.query_span) >= COVER for m in matches)
        fig.provenance_true += bool(it["agreed_language"])
        if found:
            fig.provenance_found += 1
            fig.provenance_found_true += bool(it["agreed_language"])
        if found != bool(it["agreed_language"]):
            fig.provenance_misses.append(f"{it['key']}: judged {it['agreed_language']} ({it['kind']}), "
                                         f"{'reported' if found else 'not reported'}")


def measure(session: Session, half: str = "check") -> Figures:
    """All three figures on `half` of the gold set, from a database holding the seed corpus."""
    fig = Figures(half)
    views = _inputs_by_key(session)
    measure_uptake(session, fig, views)
    measure_placement(session, fig, views)
    measure_provenance(session, fig)
    return fig


def _loaded(url: str | None, tmp: Path) -> str:
    """A database with the seed corpus: `url` as it is, or a new SQLite file loaded now."""
    if url:
        return url
    from app import migrate
    from app.corpus.catalog import read_corpus
    from app.corpus.loader import load_corpus
    from app.db import make_engine
    url = f"sqlite:///{tmp / 'quality.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with Session(engine) as s:
        load_corpus(s, read_corpus(REPO_ROOT / "drafts", REPO_ROOT / "amendments"))
    engine.dispose()
    return url


def report(fig: Figures, verbose: bool) -> str:
    lines = [f"gold set, {fig.half} half",
             f"uptake     {fig.uptake_correct}/{fig.uptake_n} = {fig.uptake_accuracy:.1%} accuracy",
             "  confusion (rows: judged by hand; columns: engine)"]
    cols = sorted({c for row in fig.confusion.values() for c in row})
    lines.append("  " + " " * 14 + "".join(f"{c[:13]:>14}" for c in cols))
    for g, row in sorted(fig.confusion.items()):
        lines.append(f"  {g:<14}" + "".join(f"{row.get(c, 0):>14}" for c in cols))
    lines.append(f"placement  {fig.placement_exact}/{fig.placement_n} = {fig.placement_rate:.1%} exact")
    lines.append(f"provenance precision {fig.provenance_found_true}/{fig.provenance_found} = "
                 f"{fig.provenance_precision:.1%}, recall {fig.provenance_found_true}/{fig.provenance_true} = "
                 f"{fig.provenance_recall:.1%}")
    if verbose:
        lines += ["", "uptake disagreements:", *("  " + m for m in fig.uptake_misses),
                  "placement misses:", *("  " + m for m in fig.placement_misses),
                  "provenance errors:", *("  " + m for m in fig.provenance_misses)]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=["check", "tune", "all"], default="check")
    ap.add_argument("--url", help="a database already holding the seed corpus (default: a new SQLite file)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = ap.parse_args()
    from app.db import make_engine
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(_loaded(args.url, Path(tmp)))
        with Session(engine) as session:
            fig = measure(session, args.half)
        engine.dispose()
    print(json.dumps(fig.summary(), indent=1) if args.json else report(fig, args.verbose))


if __name__ == "__main__":
    main()
