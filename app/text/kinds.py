"""The kinds of input a delegation makes, as the engine knows them.

The engine is pure (it imports nothing from `app/corpus/`, the database or the web), so it
names the kinds itself; the corpus schema's `AmendmentKind` must list the same ones, and a
test (`tests/test_layers.py`) holds the two together.
"""

from __future__ import annotations

INPUT_KINDS = ("replace", "excerpt", "instruction", "insert", "delete", "move", "merge", "comment")
