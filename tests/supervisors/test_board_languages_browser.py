"""The board in headless Chromium in English, Hindi and Urdu, on a 360 px phone and a 1280 px desk: readable
without sideways scrolling, Urdu right to left, and the language switch working with a tap."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.extensions import db
from core.models import FAILED, OutboxMessage
from dispatch.matching import NO_AGENT_IN_RANGE
from dispatch.offers import escalate
from dispatch.requests import NewRequest, create_request
from tests.supervisors.test_board_languages import sign_in, translated

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
pytestmark = pytest.mark.browser


@pytest.fixture
def busy_board(catalogue, client):
    """A state supervisor signed in, and a board with long names: waiting, escalated, a failed SMS."""
    sign_in(client, "state-desk")
    for number, (service, pin) in enumerate([("domicile", "190001"), ("character_cert", "180001"),
                                             ("domicile", "193101")], start=1):
        made = create_request(NewRequest(service_code=service, pin_code=pin, citizen_phone=f"+91987656{number:04d}",
                                         citizen_name="Mohammad Shafi Bhat Rainawari"))
    escalate(made.id, NO_AGENT_IN_RANGE)
    db.session.add(OutboxMessage(to_number="+919876560009", sender="JKGOVT", body="x", template="request_created",
                                 status=FAILED, attempts=5,
                                 error="Twilio 21610: Attempt to send to unsubscribed recipient +919876560009"))
    db.session.commit()
    return client


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_the_board_fits_the_screen_in_every_language(busy_board, client_page, language, width):
    page = client_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"http://localhost/board/?lang={language}")
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ur" else "ltr")
    assert page.get_by_role("heading", name=translated(language, "Open requests")).is_visible() if language != "en" \
        else page.get_by_role("heading", name="Open requests").is_visible()
    assert page.locator("#open-requests tbody tr").count() == 3
    assert page.locator("#queue-lengths").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"supervisors-board-{language}-{width}.png"), full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the board scrolls sideways at {width} px in {language} ({scroll_width} px)"
    if width == 360:
        assert page.locator("#open-requests thead").is_hidden(), "rows become stacked cards on a phone"


def test_a_supervisor_switches_the_board_to_urdu_with_the_switch(busy_board, client_page):
    page = client_page
    page.goto("http://localhost/board/?lang=en")
    page.select_option("#board-language", "ur")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Change").click()
    assert posted.value.status == 302, "chosen and sent back"
    page.goto("http://localhost/board/")  # the test client's answers carry no Location for Chromium to follow
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_role("heading", name=translated("ur", "Open requests")).is_visible()
