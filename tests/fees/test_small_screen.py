"""The public fee page in a real browser at a small phone's width (headless Chromium)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(client_page):
    return client_page


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_the_schedule_fits_a_360px_phone_without_sideways_scrolling(catalogue, phone, language):
    phone.goto(f"http://localhost/fees?lang={language}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert phone.locator(".sample-note").is_visible()
    assert phone.locator("#service-domicile .fee").inner_text() == "₹50"


def test_the_urdu_schedule_reads_right_to_left_in_the_browser(catalogue, phone):
    phone.goto("http://localhost/fees?lang=ur")
    assert phone.evaluate("getComputedStyle(document.querySelector('.fee-page')).direction") == "rtl"
