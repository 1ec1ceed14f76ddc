"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Never a browser downloaded by Playwright: ``/usr/bin/chromium`` (Debian's ``chromium`` package), or
the path in ``E2E_CHROMIUM``. Without it the tests are skipped on a workstation and fail in CI.
Every test in this folder is marked ``e2e`` and runs on a transactional database, so that what the
fixtures create is visible to the live server's thread.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from .axe import assert_accessible

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
# As the machine's own probe starts it: no sandbox (root in a container), and no background
# networking, which the closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", HERE.parent.parent / "test-results" / "e2e"))


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Mark (and put on a transactional database) every test in this folder, so that a new journey
    # module cannot forget it.
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def _chromium() -> str:
    if os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM}: install Debian's package with `apt-get install chromium`"
    if in_ci():
        pytest.fail(f"{message} (CI must run the browser tests)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser(_chromium: str) -> Iterator[Any]:
    """One headless Chromium per test module (and per xdist worker).

    Playwright's sync API keeps an asyncio loop running in this thread while it is started, and
    Django refuses ORM calls from a thread with a running loop. The loop only drives the browser;
    our ORM calls (fixtures, database flush) stay synchronous, so Django's guard is lifted for as
    long as Playwright runs, and no longer.
    """
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium, headless=True, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) on the live server, as a Dutch-speaking visitor.

    ``page.problems`` collects uncaught script errors and CSP violations; on failure a screenshot
    and the HTML are written to test-results/e2e/.
    """
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP violation: {message.text}")

    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", on_console)
    page.problems = problems
    yield page
    report = getattr(request.node, "e2e_report_call", None)
    if report is not None and report.failed:
        _save_artifacts(page, request.node.nodeid)
    context.close()


def _save_artifacts(page: Any, nodeid: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)[-120:]
    try:
        page.screenshot(path=str(ARTIFACTS / f"{stem}.png"), full_page=True)
        (ARTIFACTS / f"{stem}.html").write_text(page.content(), encoding="utf-8")
    except Exception as exc:  # noqa: BLE001 - artifacts are a courtesy; never hide the real failure
        print(f"could not save e2e artifacts for {nodeid}: {exc}")


@pytest.fixture
def axe() -> Callable[..., None]:
    """``axe(page, "label")`` fails the test on any WCAG 2.1 A/AA violation on the current page."""
    return assert_accessible
