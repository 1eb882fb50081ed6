"""Derived tables the loader keeps in step with the corpus: the full-text search entries
(maintained by `app.search_index`, which publishing through the service also uses)."""

from app.search_index import rebuild_index

__all__ = ["rebuild_index"]
