"""The agent's application-stage form on a 360 px phone screen, in headless Chromium: it fits and it works."""

from __future__ import annotations

from pathlib import Path

import pytest
from agent_helpers import SERVICE_CODE, sign_in

from core.extensions import db
from dispatch.models import APPROVED, ServiceRequest
from tests.dispatch.stage_helpers import filed_application

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
pytestmark = pytest.mark.browser


def test_the_stage_form_fits_a_360_px_phone_and_records_a_decision(client, client_page, make_agent, service):
    agent = make_agent()
    request = filed_application(agent.id, service_code=SERVICE_CODE)
    sign_in(client, "agent1")
    page = client_page
    page.goto(f"http://localhost/agents/jobs/{request.id}")
    form = page.locator("#stage-form")
    assert form.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "no sideways scrolling on a phone"
    box = form.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "agent-stage-form-360.png"), full_page=True)
    page.select_option("#stage-action", "approved")
    with page.expect_response(lambda r: r.url.endswith("/stage")):
        page.click("#stage-form button[type=submit]")
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).application_stage == APPROVED
    page.goto(f"http://localhost/agents/jobs/{request.id}")  # (the test client's redirect is not followed here)
    assert page.locator("#application-stage").inner_text() == "Approved"
