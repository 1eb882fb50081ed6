"""Generation numbers: a load that changes something bumps the corpus generation; one that
changes nothing leaves it; two sessions bumping at once both count."""

from __future__ import annotations

from sqlmodel import Session

from app.corpus.loader import load_corpus
from app.db import make_engine
from app import generation


def test_load_bumps_only_when_something_changed(fresh_db: str, corpus) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(fresh_db)
    try:
        with Session(engine) as s:
            assert generation.current(s) == 0
            load_corpus(s, corpus)
            first = generation.current(s)
            assert first == 1
            load_corpus(s, corpus)  # nothing changed in the files
            assert generation.current(s) == first
    finally:
        engine.dispose()


def test_bumps_from_two_sessions_both_count(fresh_db: str) -> None:
    engine = make_engine(fresh_db)
    try:
        with Session(engine) as a, Session(engine) as b:
            generation.bump(a, "negotiation:x")
            a.commit()
            generation.bump(b, "negotiation:x", "corpus")
            b.commit()
            assert generation.current(a, "negotiation:x") == 2
            assert generation.current(a, "corpus") == 1
            assert generation.current(a, "other") == 0
    finally:
        engine.dispose()
