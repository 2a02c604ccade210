"""The phone simulator in a real browser (headless Chromium): keypad, what is heard, the SMS outbox."""

from __future__ import annotations

import os
import shutil

import pytest

from core.extensions import db
from dispatch.models import ServiceRequest
from tests.conftest import IN_CI
from tests.ivr.conftest import CALLER

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or os.environ.get("CHROMIUM_PATH")

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(client):
    """A page whose every request (GET and POST, cookies included) is answered by the app's test client."""
    if not CHROMIUM and not IN_CI:
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    def answer(route, request):
        path = request.url.replace("http://localhost", "")
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("content-type", "x-csrftoken")}
        response = client.open(path, method=request.method, data=request.post_data_buffer, headers=headers)
        route.fulfill(status=response.status_code, body=response.data, content_type=response.content_type)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.route("http://localhost/**", answer)
        yield page
        browser.close()


def press(page, keys: str) -> None:
    for key in keys:
        page.locator(f'.key[data-key="{key}"]').click()


def test_a_visitor_books_a_service_on_the_simulator_keypad_and_sees_the_sms(small_catalogue, browser_page, run_jobs):
    page = browser_page
    page.goto("http://localhost/ivr/simulator")
    page.fill("#sim-from", CALLER)
    page.click("#sim-call")
    page.wait_for_selector("#sim-speech li:has-text('For English')")
    for key, heard in (("1", "new doorstep service"), ("1", "kind of service"), ("1", "choose the service"),
                       ("1", "6 digit PIN code")):
        press(page, key)
        page.wait_for_selector(f"#sim-speech li:has-text('{heard}')")
    press(page, "190001#")
    page.wait_for_selector("#sim-speech li:has-text('Srinagar')")
    press(page, "1")
    page.wait_for_selector("#sim-speech li:has-text('notified fee')")
    press(page, "1")
    page.wait_for_selector("#sim-speech li:has-text('request number is')")
    assert "hung up" in page.inner_text("#sim-state")
    number = db.session.scalar(db.select(ServiceRequest.number))
    run_jobs()
    page.fill("#sim-sms", f"STATUS {number}")
    page.click("#sim-sms-send")
    # no agent is on duty in this test, so the dispatcher has already handed the request to a supervisor
    page.wait_for_selector("#sim-outbox li:has-text('supervisor is on it')")
    assert page.locator("#sim-outbox li").count() == 2  # the request's SMS, and the status reply
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
