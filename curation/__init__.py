"""Builders that made the curated corpus files in drafts/ from the OCR'd record.

Each builder module has `build() -> str` (the YAML text) and runs as
`python -m curation.<module> [OUTPUT]`. The YAML files in drafts/ are the source of
truth; tests/test_curation_builders.py keeps each builder in step with its file.
"""
