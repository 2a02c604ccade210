"""The phone simulator in a real browser (headless Chromium): keypad, what is heard, the SMS outbox."""

from __future__ import annotations

import pytest

from core.extensions import db
from dispatch.models import ServiceRequest

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(client_page):
    client_page.set_viewport_size({"width": 360, "height": 800})
    return client_page


def press(page, keys: str) -> None:
    for key in keys:
        page.locator(f'.key[data-key="{key}"]').click()


def test_a_visitor_books_a_service_on_the_simulator_keypad_and_sees_the_sms(small_catalogue, browser_page, run_jobs):
    page = browser_page
    page.goto("http://localhost/ivr/simulator")
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
    number, caller = db.session.execute(db.select(ServiceRequest.number, ServiceRequest.citizen_phone)).one()
    assert caller == page.inner_text("#sim-from") and caller.startswith("+910")
    run_jobs()
    page.fill("#sim-sms", f"STATUS {number}")
    page.click("#sim-sms-send")
    page.wait_for_function("document.getElementById('sim-sms').value === ''")  # the webhook has answered
    run_jobs()  # the notify worker sends the reply
    # no agent is on duty in this test, so the dispatcher has already handed the request to a supervisor
    page.wait_for_selector("#sim-outbox li:has-text('supervisor is on it')")
    assert page.locator("#sim-outbox li").count() == 2  # the request's SMS, and the status reply
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
