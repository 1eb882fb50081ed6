"""How long the downloads and the Word import take on the real record, against their JSON twins.

The corpus is loaded into a fresh SQLite database; each request goes through the real app
(TestClient) and is timed warm (the first call fills the engine's caches and is reported apart).
The baseline in the same run is the JSON the page already serves for the same data: the
compilation (`/api/compilations/{slug}`) for the comment-table exports, the comparison
(`/api/compare/...`) for the tracked-changes .docx, and the document for its .docx and AKN.
The import is timed on the comparison's own .docx (first draft -> July), read back against the
first draft: 100 file paragraphs, 95 inputs.

    python benchmarks/formats.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app import migrate  # noqa: E402
from app.config import Settings  # noqa: E402
from app.corpus.catalog import read_corpus  # noqa: E402
from app.corpus.loader import load_corpus  # noqa: E402
from app.db import make_engine  # noqa: E402
from app.formats.proposals import BaseParagraph, read_proposals  # noqa: E402

FIRST, JULY, TABLE = "2010-04-16-first-draft", "2010-07-19-draft", "2010-05-18-table-of-inputs"
CASES = [
    ("comment table", f"/api/compilations/{TABLE}", [".docx", ".csv", ".json", ".akn.xml"], "/export"),
    ("July draft", f"/api/documents/{JULY}", [".docx", ".akn.xml"], "/export"),
    ("first -> July", f"/api/compare/{FIRST}/{JULY}", [".docx"], "/export"),
]


def timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(first call, median of the warm calls) in milliseconds."""
    t0 = time.perf_counter()
    fn()
    first = (time.perf_counter() - t0) * 1000
    warm = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        warm.append((time.perf_counter() - t0) * 1000)
    return first, statistics.median(warm)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as s:
            load_corpus(s, read_corpus(ROOT / "drafts", ROOT / "amendments"))
        engine.dispose()
        from app.main import create_app
        with TestClient(create_app(Settings(database_url=url))) as c:
            print(f"{'what':<34}{'bytes':>10}{'first ms':>10}{'warm ms':>10}{'x JSON':>8}")
            for name, base, exts, stem in CASES:
                _, json_ms = timed(lambda: c.get(base), args.repeat)
                print(f"{name + ' (JSON twin)':<34}{len(c.get(base).content):>10}{'':>10}{json_ms:>10.1f}{1:>8.2f}")
                for ext in exts:
                    u = base + stem + ext
                    first, warm = timed(lambda u=u: c.get(u), args.repeat)
                    size = len(c.get(u).content)
                    print(f"{'  ' + ext:<34}{size:>10}{first:>10.1f}{warm:>10.1f}{warm / json_ms:>8.2f}")
            data = c.get(f"/api/compare/{FIRST}/{JULY}/export.docx").content
            base = [BaseParagraph(p["label"], p["text"]) for p in c.get(f"/api/documents/{FIRST}").json()["paragraphs"]]
            result = read_proposals(data, base)
            _, ms = timed(lambda: read_proposals(data, base), args.repeat)
            print(f"{'import first -> July .docx':<34}{len(data):>10}{'':>10}{ms:>10.1f}"
                  f"   {len(result.inputs)} inputs, {len(result.unmatched)} unmatched")


if __name__ == "__main__":
    main()
