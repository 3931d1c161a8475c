"""Playwright driving Debian's Chromium (/usr/bin/chromium): no browser is downloaded.

Every page a test opens is watched: a console error, an uncaught exception or a Content
Security Policy violation fails the test when it ends (`browser_errors`).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (bash .ci/system-deps)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


# Chromium prints CSP violations to the console, but not every kind (a blocked inline style
# attribute, a report-only policy…): the page reports each one itself, through console.error,
# with a prefix the collector recognises.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "CSP violation: " + event.effectiveDirective + " blocked " + (event.blockedURI || "inline")
    + " in " + event.sourceFile + ":" + event.lineNumber
  );
});
"""


class BrowserErrors:
    """What went wrong in the pages of one test: console errors, uncaught exceptions, CSP
    violations. A test that provokes an error on purpose says which with `allow`."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self._allowed: list[re.Pattern] = []

    def watch(self, context) -> None:
        context.add_init_script(CSP_REPORTER)
        context.on("page", self._watch_page)

    def _watch_page(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught exception: {error}"))

    def _on_console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.errors.append(f"console error: {message.text}" + (f" ({where})" if where else ""))

    def allow(self, pattern: str) -> None:
        """Expect errors matching `pattern` (a regular expression) in this test."""
        self._allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self._allowed)]

    def check(self) -> None:
        if unexpected := self.unexpected():
            pytest.fail(
                "the browser reported errors:\n" + "\n".join(f"  {e}" for e in unexpected),
                pytrace=False,
            )


@pytest.fixture
def browser_errors():
    errors = BrowserErrors()
    yield errors
    errors.check()


def _new_page(browser, browser_errors, **options):
    context = browser.new_context(locale="th-TH", **options)
    browser_errors.watch(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def page(browser, browser_errors):
    context, page = _new_page(browser, browser_errors)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, browser_errors):
    context, page = _new_page(
        browser, browser_errors, viewport=PHONE, is_mobile=True, has_touch=True
    )
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    """Keep a picture of what the user saw, for people to look at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def log_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def open_menu(page) -> None:
    """Unfold the main menu where it folds behind the toggler (a phone)."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def fits_the_screen(page) -> bool:
    """No sideways scrolling: the page is no wider than the screen it was opened on.

    Compared with the viewport we asked for, not window.innerWidth: a phone (is_mobile)
    zooms out to show an overflowing page whole, and innerWidth grows with it (986 px on a
    390 px screen), so the page would always seem to fit.
    """
    return page_width(page) <= page.viewport_size["width"]
