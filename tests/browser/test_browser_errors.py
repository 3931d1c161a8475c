"""The collector behind every browser test catches what it must: a CSP violation, a console
error, an uncaught exception, and it fails the test at its end."""

import pytest

from .conftest import BrowserErrors

PROBE = "http://probe.invalid/"
STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'"


def serve(page, body: str, *, csp: str | None = STRICT_CSP) -> None:
    """Answer PROBE with `body` (no network, no server), under the product's kind of CSP."""
    headers = {"Content-Security-Policy": csp} if csp else {}
    page.route(
        PROBE,
        lambda route: route.fulfill(
            status=200, content_type="text/html", headers=headers, body=body
        ),
    )
    page.goto(PROBE)
    page.wait_for_load_state("load")


def test_an_inline_script_blocked_by_the_csp_is_caught(page, browser_errors):
    serve(page, "<!doctype html><p>probe</p><script>document.title = 'ran';</script>")
    assert page.title() != "ran", "the CSP blocked the script"
    assert any("CSP violation: script-src" in e for e in browser_errors.errors), (
        browser_errors.errors
    )
    browser_errors.allow("CSP violation|Content Security Policy")
    assert browser_errors.unexpected() == []


def test_an_inline_style_attribute_blocked_by_the_csp_is_caught(page, browser_errors):
    serve(page, '<!doctype html><p style="color: red">probe</p>')
    assert any("CSP violation: style-src" in e for e in browser_errors.errors), (
        browser_errors.errors
    )
    browser_errors.allow("CSP violation|Content Security Policy")


def test_console_errors_and_uncaught_exceptions_are_caught(page, browser_errors):
    serve(
        page,
        "<!doctype html><script>console.error('broken widget'); throw new Error('boom');</script>",
        csp=None,
    )
    assert any("console error: broken widget" in e for e in browser_errors.errors)
    assert any("uncaught exception" in e and "boom" in e for e in browser_errors.errors)
    browser_errors.allow("broken widget|boom")


def test_errors_fail_the_test_at_its_end(browser):
    """What the fixture's teardown does with an error nobody allowed (a context of its own,
    so this test's own collector stays clean)."""
    context = browser.new_context()
    errors = BrowserErrors()
    errors.watch(context)
    other = context.new_page()
    other.route(
        PROBE,
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<script>console.error('x')</script>"
        ),
    )
    other.goto(PROBE)
    other.wait_for_load_state("load")
    with pytest.raises(pytest.fail.Exception, match="the browser reported errors"):
        errors.check()
    errors.allow("console error: x")
    errors.check()
    context.close()


def test_a_clean_page_reports_nothing(page, browser_errors):
    serve(page, "<!doctype html><p>probe</p>")
    assert browser_errors.errors == []
