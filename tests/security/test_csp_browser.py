"""The pages work in a real browser under their own Content-Security-Policy: no violation reported."""

from __future__ import annotations

import pytest

PHONE = {"width": 360, "height": 740}

pytestmark = pytest.mark.browser


@pytest.fixture
def strict_page(browser, web):
    """A Chromium page whose requests the app answers with all its headers, the CSP included."""
    client = web.test_client()
    violations: list[str] = []

    def answer(route, request):
        path = request.url.replace("http://localhost", "")
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("content-type", "x-csrftoken")}
        response = client.open(path, method=request.method, data=request.post_data_buffer, headers=headers)
        kept = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "set-cookie")}
        route.fulfill(status=response.status_code, body=response.data, headers=kept)

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.route("http://localhost/**", answer)
    page.violations = violations
    yield page
    context.close()


@pytest.mark.parametrize("path", ["/fees", "/agents/sign-in", "/ivr/simulator"])
def test_pages_load_their_scripts_and_styles_without_breaking_their_content_security_policy(strict_page, path):
    strict_page.goto(f"http://localhost{path}")
    strict_page.wait_for_load_state("networkidle")
    assert strict_page.evaluate("document.styleSheets.length") >= 1
    assert strict_page.violations == []


def test_a_page_that_tries_inline_script_is_blocked_by_the_policy(strict_page):
    strict_page.goto("http://localhost/fees")
    strict_page.evaluate("""() => { const s = document.createElement('script');
                                    s.textContent = 'window.injected = true'; document.body.appendChild(s); }""")
    assert strict_page.evaluate("window.injected === undefined")
    assert strict_page.violations
