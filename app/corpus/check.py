"""`python -m app.corpus.check [DRAFTS] [AMENDMENTS]`: validate the corpus files, no database.

Curators run it after every edit; it prints one line per problem and exits non-zero.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.corpus.catalog import read_corpus
from app.corpus.reader import CorpusError


def main(argv: list[str]) -> int:
    drafts = Path(argv[0]) if argv else Path("drafts")
    amendments = Path(argv[1]) if len(argv) > 1 else Path("amendments")
    try:
        corpus = read_corpus(drafts, amendments)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    paragraphs = sum(len(d.doc.paragraphs) for d in corpus.documents)
    inputs = sum(len(f.data.inputs) for c in corpus.compilations for f in c.files)
    print(f"ok: {len(corpus.documents)} documents, {paragraphs} paragraphs, {inputs} inputs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
