"""The request list and one request's timeline in a real headless Chromium, on a 360 px phone and a 1280 px desk:
no sideways scroll, no style or script refused by the Content Security Policy; screenshots kept for review."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from agent_helpers import SERVICE_CODE, sign_in

from agents.accounts import create_account
from core.clock import utcnow
from core.extensions import db
from core.roles import SUPERVISOR
from dispatch.models import Offer, ServiceRequest
from dispatch.numbers import new_request_number
from dispatch.offers import accept_offer, decline_offer
from dispatch.requests import NewRequest, create_request
from dispatch.visits import complete_request, start_visit
from ivr.models import Rating

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
pytestmark = pytest.mark.browser


def a_completed_request_with_a_history(make_agent, run_jobs) -> ServiceRequest:
    """Declined by one agent, accepted by another, visited, completed with a flagged fee, rated: every kind of event."""
    make_agent("Mohammad Shafi Bhat Rainawari")
    make_agent("Shabnam Akhtar Khanyar-Nowhatta")
    request = create_request(NewRequest(service_code=SERVICE_CODE, pin_code="190001", citizen_phone="+919906012345",
                                        citizen_name="Ghulam Rasool Wani"))
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request.id))
    decline_offer(offer.id, offer.agent_id, "I am at another citizen's house in Zadibal for the next hour")
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request.id, Offer.state == "live"))
    accept_offer(offer.id, offer.agent_id)
    db.session.refresh(request)
    start_visit(request.id, offer.agent_id, request.visit_code)
    complete_request(request.id, offer.agent_id, "JK-REV-DOM-2026-000004242", Decimal("120"),
                     "the citizen asked for two certified copies and a photocopy of the ration card")
    db.session.add(Rating(request_id=request.id, phone=request.citizen_phone, score=2))
    db.session.commit()
    run_jobs()
    return request


def more_requests(model: ServiceRequest, count: int) -> None:
    """A page's worth of other requests with long names, so the list looks like a real day's."""
    columns = {c.key: getattr(model, c.key) for c in ServiceRequest.__table__.columns
               if c.key not in ("id", "number", "call_sid", "created_at")}
    states = ["new", "unassigned", "offered", "assigned", "cancelled"]
    db.session.add_all([
        ServiceRequest(**(columns | {"state": states[i % len(states)], "assigned_agent_id": None,
                                     "escalation_reason": "not_taken" if i % 5 == 1 else None,
                                     "wait_rounds": i % 3}),
                       number=new_request_number(), created_at=utcnow() - timedelta(hours=i + 1))
        for i in range(count)])
    db.session.commit()


def no_sideways_scroll(page, width: int, what: str) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{what} scrolls sideways at {width} px ({scroll_width} px wide)"


@pytest.mark.parametrize("width", [360, 1280])
def test_the_request_list_and_a_timeline_fit_the_screen_without_sideways_scroll(
        client, service, make_agent, run_jobs, client_page, width):
    request = a_completed_request_with_a_history(make_agent, run_jobs)
    more_requests(request, 12)
    create_account("sup-browser", "Correct-horse-42", SUPERVISOR, temporary=False)
    sign_in(client, "sup-browser")
    page = client_page
    page.set_viewport_size({"width": width, "height": 900 if width > 600 else 740})
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto("http://localhost/board/requests")
    assert page.get_by_role("heading", name="Requests").is_visible()
    assert page.locator("#request-list tbody tr").count() == 13
    page.screenshot(path=str(SCREENSHOTS / f"supervisors-requests-{width}.png"), full_page=True)
    no_sideways_scroll(page, width, "the request list")

    page.get_by_label("Request number or phone number").fill("+91 99060 12345")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"q="))
    assert page.locator("#request-list tbody tr").count() == 13
    assert page.locator("#request-list").get_by_text("**********345").first.is_visible()

    page.get_by_role("link", name=request.number).click()
    page.wait_for_url(re.compile(rf"/board/requests/{request.id}$"))
    assert page.get_by_role("heading", name=re.compile(request.number)).is_visible()
    assert page.locator("#timeline li").count() >= 8
    assert page.locator("#citizen-phone").inner_text() == "+919906012345"
    page.screenshot(path=str(SCREENSHOTS / f"supervisors-request-timeline-{width}.png"), full_page=True)
    no_sideways_scroll(page, width, "the request's timeline")
    assert refused == [], "nothing refused by the Content Security Policy"
