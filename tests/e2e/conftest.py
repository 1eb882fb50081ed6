"""The browser tests' shared fixtures: one Chromium for the session, a server per module, and pages.

One browser for the browser tests (tests/e2e/chromium.py launches Debian's Chromium under
Playwright): Playwright's sync API allows one driver at a time, so a module that launched its own
would fail beside this one, and each launch costs a second or two. It lives as long as this package
of tests, not the session: the driver keeps an asyncio loop running in the main thread, and a later
test that calls asyncio.run() (tests/test_write_burst.py) would fail beside it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.e2e.chromium import chromium
from tests.live import serving

DESKTOP, PHONE = 1366, 390


@pytest.fixture(scope="package")
def browser(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Playwright's Browser on Debian's Chromium; skips the browser tests without it (fails in CI)."""
    with chromium(tmp_path_factory.mktemp("chrome-home")) as b:
        yield b


@pytest.fixture(scope="module")
def server(db_url: str) -> Iterator[str]:
    """`stemma serve` on the shared, loaded, read-only database."""
    with serving(db_url) as base:
        yield base


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    """Opens a page in a fresh context (its own cookies) of a given viewport; closed after the test."""
    contexts = []

    def _open(width: int = DESKTOP, height: int = 900, timeout_ms: int = 30_000):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):  # type: ignore[no-untyped-def]
    """A desktop-width page (1366 x 900), its own context."""
    return open_page()


def sign_in(page, base: str, name: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Through the sign-in form, as a person does; lands on the home page, signed in as `name`."""
    page.goto(f"{base}/login")
    page.fill("#login-name", name)
    page.fill("#login-password", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    assert name in page.locator(".account").inner_text()
