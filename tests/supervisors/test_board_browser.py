"""The supervisor's assign page in a real headless Chromium on a 360 px phone screen: readable without sideways
scrolling, and a tap on an agent and on Assign offers them the request."""

from __future__ import annotations

import re
from pathlib import Path

import flask_babel
import pytest
from flask import g

from agents.accounts import create_account
from core.clock import utcnow
from core.extensions import db
from core.roles import SUPERVISOR
from dispatch.models import LIVE, Agent, Centre, Offer
from dispatch.requests import NewRequest, create_request, locate_pin
from tests.conftest import PHONE

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "Board-test-2026"
pytestmark = pytest.mark.browser


def sign_in_supervisor(client) -> None:
    create_account("board-phone", PASSWORD, SUPERVISOR, temporary=False)
    g.pop("csrf_token", None)
    flask_babel.refresh()
    page = client.get("/agents/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/agents/sign-in", data={"identifier": "board-phone", "password": PASSWORD, "csrf_token": token})
    g.pop("csrf_token", None)


def agents_around(point: tuple[float, float]) -> list[Agent]:
    """Agents with long names and centre names, as real ones have, in every situation the page describes."""
    situations = [
        dict(on_duty=True, capacity=3, open_jobs=1, service_codes=None),
        dict(on_duty=True, capacity=2, open_jobs=2, service_codes=["character"]),
        dict(on_duty=False, capacity=3, open_jobs=0, service_codes=None),
    ]
    made = []
    for number, situation in enumerate(situations, start=1):
        lat = point[0] + number * 1.5 / 110.95
        centre = Centre(code=f"PHONE-{number}", name=f"Common Service Centre Khanyar-Rainawari Ward {number}",
                        pin_code="190001", district="Srinagar", latitude=lat, longitude=point[1])
        agent = Agent(name=f"Mohammad Shafi Bhat Rainawari {number}", phone=f"+9170200{number:05d}", centre=centre,
                      district="Srinagar", latitude=lat, longitude=point[1], last_seen_at=utcnow(), **situation)
        db.session.add(agent)
        made.append(agent)
    db.session.commit()
    return made


def test_the_assign_page_fits_a_360_px_phone_and_assigns_with_a_tap(catalogue, client, client_page):
    sign_in_supervisor(client)
    place = locate_pin("190001")
    request = create_request(NewRequest(service_code="domicile", pin_code="190001", citizen_phone="+919876543210"))
    chosen, *_ = agents_around((place.latitude, place.longitude))
    page = client_page

    page.goto(f"http://localhost/board/requests/{request.id}/assign")
    assert page.get_by_role("heading", name=re.compile(request.number)).is_visible()
    assert page.locator("#agent-choices tbody tr").count() == 3
    assert page.get_by_text("not listed for this service").is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "board-assign-360.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the assign page scrolls sideways on a 360 px screen ({width} px)"

    page.get_by_label(chosen.name).check()
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="Assign").click()
    assert posted.value.status == 302, "accepted and sent back to the board"
    db.session.expire_all()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request.id, Offer.state == LIVE))
    assert offer is not None and offer.agent_id == chosen.id
