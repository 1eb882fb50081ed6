"""Debian's Chromium under Playwright, for the browser tests: one place that knows how to start it.

Without Chromium a test is skipped with the reason shown, except in CI, where it fails.
(tests/e2e/test_browser.py and test_write_browser.py start it their own way, the same way.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def chromium(home: Path) -> Iterator[Any]:
    """A headless Chromium (a Playwright Browser) with its profile in `home`; screenshots go to ARTIFACTS."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
        pytest.skip("Chromium is not installed: apt-get install chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, env={**os.environ, "HOME": str(home)})
        try:
            yield browser
        finally:
            browser.close()
