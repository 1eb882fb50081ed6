"""What a paragraph's "Reused in" costs, the old way (every paragraph of the database searched, the
younger ones kept) against the new (only the documents younger than the paragraph's, in the scopes it
is compared with), in the same run, on the session-sized corpus of benchmarks/scale.py.

For each scale: every paragraph of the first draft (2010-04-16) of the original negotiation and of
the 1998 precedent is looked up both ways. Cold = the first pages after a write: the indexes the
page's shared language needs anyway are built first, untimed, so cold is what "Reused in" adds (the
old way: the index of the whole database; the new: indexes of what is younger than each document);
warm = the lookups alone, indexes cached (the usual page). Ratios old / new of the same run, so a
busy shared machine moves both alike. Matches: how many borrowed passages each way lists (at 1x they
must be equal; at Nx the old way also lists every copy of the negotiation, which is not where the
paragraph's language went: see `app.services.provenance.reused_in`).

    python -m benchmarks.reused_in --scales 1,10 [--work /tmp/stemma-bench] [--reuse]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sqlmodel import Session, select

from app.db import make_engine
from app.models import Document, Paragraph
from app.services import provenance
from app.services.provenance import ALL, SharedPassage, reused_in, shared_language, stamp
from benchmarks.scale import load

PAGES = ("2010-04-16-first-draft", "1998-bangkok-accord")


def whole_corpus_reused_in(session: Session, text: str, document: Document,
                           fresh: tuple[int, int] | None = None) -> list[SharedPassage]:
    """The search as it was before: the index of every published paragraph of the database, the
    documents younger than `document` kept, words weighed over the whole database."""
    index, meta = provenance._index(session, ALL, fresh)

    def exclude(key: str) -> bool:
        _title, kind, date, slug = meta[key]
        return slug == document.slug or kind == "compilation" or date <= document.date

    return [s for s in provenance._passages(index, meta, text, exclude, index.idf) if s.agreed]


def _paragraphs(session: Session) -> list[tuple[str, Document]]:
    rows = session.exec(select(Paragraph, Document).join(Document).where(Document.slug.in_(PAGES))).all()
    return [(p.text, d) for p, d in rows if p.text.strip()]


def measure(url: str) -> dict[str, tuple[float, float, int]]:
    """way -> (cold seconds, warm seconds, passages found) over the pages' paragraphs."""
    engine = make_engine(url)
    out: dict[str, tuple[float, float, int]] = {}
    ways = {"old": lambda s, t, d, f: whole_corpus_reused_in(s, t, d, f),
            "new": lambda s, t, d, f: reused_in(s, t, document=d, fresh=f)}
    with Session(engine) as session:
        paragraphs, fresh = _paragraphs(session), stamp(session)
        for name, way in ways.items():
            provenance._CACHE.clear()
            for doc in {d.slug: d for _t, d in paragraphs}.values():
                shared_language(session, [""], document=doc, fresh=fresh)
            t0 = time.perf_counter()
            found = sum(len(way(session, text, doc, fresh)) for text, doc in paragraphs)
            cold = time.perf_counter() - t0
            t0 = time.perf_counter()
            for text, doc in paragraphs:
                way(session, text, doc, fresh)
            out[name] = (cold, time.perf_counter() - t0, found)
    engine.dispose()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scales", default="1,10")
    ap.add_argument("--work", type=Path, default=Path("/tmp/stemma-bench"))
    ap.add_argument("--reuse", action="store_true", help="keep a database already loaded at that scale")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"{'scale':>5} {'db paras':>10} {'way':>4} {'cold s':>8} {'warm ms':>9} {'found':>6}   old/new cold, warm")
    for scale in (int(s) for s in args.scales.split(",")):
        loaded = load("sqlite", scale, args.work, args.reuse)
        figs = measure(loaded.url)
        for name, (cold, warm, found) in figs.items():
            print(f"{scale:>5} {loaded.paragraphs:>10} {name:>4} {cold:8.2f} {warm * 1000:9.1f} {found:>6}", end="")
            if name == "new":
                print(f"   {figs['old'][0] / cold:.1f}x, {figs['old'][1] / warm:.1f}x", end="")
            print()


if __name__ == "__main__":
    main()
