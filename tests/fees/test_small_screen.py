"""The public fee page in a real browser at a small phone's width (headless Chromium)."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import IN_CI

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or os.environ.get("CHROMIUM_PATH")

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(client):
    """A 360px-wide page whose every request is answered by the app's test client (no server needed)."""
    if not CHROMIUM and not IN_CI:
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    def answer(route, request):
        response = client.get(request.url.replace("http://localhost", ""))
        route.fulfill(status=response.status_code, body=response.data, content_type=response.content_type)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.route("http://localhost/**", answer)
        yield page
        browser.close()


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_the_schedule_fits_a_360px_phone_without_sideways_scrolling(catalogue, phone, language):
    phone.goto(f"http://localhost/fees?lang={language}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.locator(".sample-note").is_visible()
    assert phone.locator("#service-domicile .fee").inner_text() == "₹50"


def test_the_urdu_schedule_reads_right_to_left_in_the_browser(catalogue, phone):
    phone.goto("http://localhost/fees?lang=ur")
    assert phone.evaluate("getComputedStyle(document.querySelector('.fee-page')).direction") == "rtl"
