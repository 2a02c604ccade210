"""The supervisor board as supervisors use it: live section, re-dispatch, call-backs and ratings panels."""

import re
from datetime import timedelta

import flask_babel
import pytest
from flask import g

from agents.accounts import create_account
from core.clock import utcnow
from core.extensions import db
from core.models import FAILED, OutboxMessage
from core.roles import AGENT, SUPERVISOR
from dispatch.models import LIVE, NEW, Agent, Centre, Offer, ServiceRequest
from dispatch.offers import escalate
from dispatch.requests import NewRequest, create_request, locate_pin
from ivr.models import CallbackRequest, Rating

PASSWORD = "Board-test-2026"


def _sign_in(client, username):
    g.pop("csrf_token", None)
    flask_babel.refresh()
    page = client.get("/agents/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/agents/sign-in", data={"identifier": username, "password": PASSWORD, "csrf_token": token})
    g.pop("csrf_token", None)


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@pytest.fixture
def supervisor_client(catalogue, client):
    create_account("board1", PASSWORD, SUPERVISOR, temporary=False)
    _sign_in(client, "board1")
    return client


def _request(pin="190001"):
    return create_request(NewRequest(service_code="domicile", pin_code=pin, citizen_phone="+919876543210"))


def test_the_board_is_for_supervisors_only(catalogue, client):
    assert client.get("/board/").status_code in (302, 401)
    create_account("agent9", PASSWORD, AGENT, temporary=False)
    _sign_in(client, "agent9")
    assert client.get("/board/").status_code == 403


def test_the_board_shows_open_requests_and_its_live_section_refreshes_alone(supervisor_client):
    request = _request()
    page = supervisor_client.get("/board/").get_data(as_text=True)
    assert f'id="request-{request.number}"' in page and "<html" in page
    partial = supervisor_client.get("/board/?partial=1").get_data(as_text=True)
    assert f'id="request-{request.number}"' in partial and "<html" not in partial


def test_a_supervisor_sends_an_escalated_request_back_to_dispatch(supervisor_client):
    request = _request()
    escalate(request.id, "no_agent_in_range")
    page = supervisor_client.get("/board/").get_data(as_text=True)
    assert "no agent in range" in page
    response = supervisor_client.post(f"/board/requests/{request.id}/redispatch", data={"csrf_token": _token(page)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state == NEW
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == request.id).values(state="completed"))
    db.session.commit()
    again = supervisor_client.post(f"/board/requests/{request.id}/redispatch", data={"csrf_token": _token(page)})
    assert again.status_code == 404, "only a request that waits for an agent can be re-dispatched"


def test_call_backs_are_listed_and_marked_done(supervisor_client):
    callback = CallbackRequest(phone="+919812345678", language="hi")
    db.session.add(callback)
    db.session.commit()
    page = supervisor_client.get("/board/").get_data(as_text=True)
    assert "+919812345678" in page
    response = supervisor_client.post(f"/board/callbacks/{callback.id}/done", data={"csrf_token": _token(page)})
    assert response.status_code == 302
    g.pop("csrf_token", None)
    assert "+919812345678" not in supervisor_client.get("/board/").get_data(as_text=True)


def test_the_approval_rating_counts_good_ratings_over_all(supervisor_client):
    for score in (1, 1, 1, 2, 3):
        request = _request()
        db.session.add(Rating(request_id=request.id, phone=request.citizen_phone, score=score))
    db.session.commit()
    page = supervisor_client.get("/board/").get_data(as_text=True)
    assert re.search(r"Approval: <strong>60%</strong>", page)


def test_an_assigned_request_links_to_the_visit_code_override(supervisor_client):
    request = _request()
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == request.id).values(state="assigned"))
    db.session.commit()
    page = supervisor_client.get("/board/").get_data(as_text=True)
    assert f'href="/board/requests/{request.id}/override"' in page


def test_a_district_supervisor_works_only_their_districts_call_backs(catalogue, client):
    jammu_caller = _request("180001").citizen_phone  # a caller with a request in Jammu
    db.session.add_all([CallbackRequest(phone=jammu_caller, language="en", district="Jammu"),
                        CallbackRequest(phone="+919812345678", language="hi", district="Srinagar")])
    db.session.commit()
    srinagar_callback = db.session.scalar(db.select(CallbackRequest).where(CallbackRequest.district == "Srinagar"))
    create_account("jammu-board", PASSWORD, SUPERVISOR, district="Jammu", temporary=False)
    _sign_in(client, "jammu-board")
    page = client.get("/board/").get_data(as_text=True)
    assert jammu_caller in page and "+919812345678" not in page
    response = client.post(f"/board/callbacks/{srinagar_callback.id}/done", data={"csrf_token": _token(page)})
    assert response.status_code == 404
    db.session.refresh(srinagar_callback)
    assert srinagar_callback.status == "open"


def _agent(name: str, km_north: float = 1.0, on_duty: bool = True, fresh: bool = True, capacity: int = 3,
           open_jobs: int = 0, district: str = "Srinagar") -> Agent:
    """An agent whose centre is `km_north` km north of PIN 190001's position."""
    place = locate_pin("190001")
    lat = place.latitude + km_north / 110.95
    number = db.session.scalar(db.select(db.func.count(Agent.id))) + 1
    centre = Centre(code=f"BOARD-{number}", name=f"Board Centre {number}", pin_code="190001", district=district,
                    latitude=lat, longitude=place.longitude)
    agent = Agent(name=name, phone=f"+9170100{number:05d}", centre=centre, district=district, latitude=lat,
                  longitude=place.longitude, capacity=capacity, open_jobs=open_jobs, on_duty=on_duty,
                  last_seen_at=utcnow() - (timedelta(0) if fresh else timedelta(hours=1)))
    db.session.add(agent)
    db.session.commit()
    return agent


def _live_offer(request_id: int) -> Offer | None:
    db.session.expire_all()
    return db.session.scalar(db.select(Offer).where(Offer.request_id == request_id, Offer.state == LIVE))


def test_the_assign_page_lists_agents_and_posting_a_choice_offers_them_the_request(supervisor_client):
    request = _request()
    near = _agent("Bilal Ahmad", km_north=1.2, open_jobs=1)
    full = _agent("Tariq Hussain", km_north=3.0, capacity=1, open_jobs=1)
    page = supervisor_client.get(f"/board/requests/{request.id}/assign").get_data(as_text=True)
    for agent in (near, full):
        assert f'id="choice-{agent.id}"' in page and agent.name in page
    row = re.search(rf'<tr id="choice-{near.id}">.*?</tr>', page, re.S).group(0)
    assert "1.2 km" in row and "1 / 3" in row
    assert "at capacity" in re.search(rf'<tr id="choice-{full.id}">.*?</tr>', page, re.S).group(0)

    refused = supervisor_client.post(f"/board/requests/{request.id}/assign",
                                     data={"agent_id": full.id, "csrf_token": _token(page)})
    assert refused.status_code == 422 and 'id="assign-error"' in refused.get_data(as_text=True)
    assert _live_offer(request.id) is None

    response = supervisor_client.post(f"/board/requests/{request.id}/assign",
                                      data={"agent_id": near.id, "csrf_token": _token(page)})
    assert response.status_code == 302
    offer = _live_offer(request.id)
    assert offer.agent_id == near.id and offer.offered_by.startswith("supervisor:")


def test_an_assignment_without_the_csrf_token_is_refused(supervisor_client):
    request = _request()
    agent = _agent("Bilal Ahmad")
    response = supervisor_client.post(f"/board/requests/{request.id}/assign", data={"agent_id": agent.id})
    assert response.status_code == 400
    assert _live_offer(request.id) is None


def test_the_board_links_a_waiting_request_to_its_assign_page(supervisor_client):
    request = _request()
    page = supervisor_client.get("/board/").get_data(as_text=True)
    assert f'href="/board/requests/{request.id}/assign"' in page


def test_a_district_supervisor_cannot_open_or_post_the_assign_page_of_another_districts_request(catalogue, client):
    srinagar, jammu = _request("190001"), _request("180001")
    agent = _agent("Bilal Ahmad")
    create_account("jammu-assign", PASSWORD, SUPERVISOR, district="Jammu", temporary=False)
    _sign_in(client, "jammu-assign")
    own = client.get(f"/board/requests/{jammu.id}/assign")
    assert own.status_code == 200
    token = _token(own.get_data(as_text=True))
    assert client.get(f"/board/requests/{srinagar.id}/assign").status_code == 404
    response = client.post(f"/board/requests/{srinagar.id}/assign", data={"agent_id": agent.id, "csrf_token": token})
    assert response.status_code == 404
    assert _live_offer(srinagar.id) is None


def test_agents_on_duty_counts_only_agents_whose_heartbeat_is_fresh(supervisor_client):
    _agent("Fresh One")
    _agent("Fresh Two", km_north=2.0)
    _agent("Gone Quiet", km_north=3.0, fresh=False)
    _agent("Off Duty", km_north=4.0, on_duty=False)
    page = supervisor_client.get("/board/?partial=1").get_data(as_text=True)
    assert re.search(r"Agents on duty: <strong>2</strong>", page)


def test_a_district_supervisor_counts_only_their_districts_agents_on_duty(catalogue, client):
    _agent("Srinagar Agent")
    _agent("Jammu Agent", km_north=2.0, district="Jammu")
    create_account("jammu-count", PASSWORD, SUPERVISOR, district="Jammu", temporary=False)
    _sign_in(client, "jammu-count")
    page = client.get("/board/?partial=1").get_data(as_text=True)
    assert re.search(r"Agents on duty: <strong>1</strong>", page)


def test_a_failed_sms_shows_on_the_board_with_its_reason(supervisor_client):
    request = _request()
    db.session.execute(db.update(OutboxMessage).where(OutboxMessage.request_id == request.id)
                       .values(status=FAILED, attempts=6, error="TwilioRestException 400 21211: invalid 'To' number"))
    db.session.commit()
    page = supervisor_client.get("/board/?partial=1").get_data(as_text=True)
    table = re.search(r'<table id="failed-sms">.*?</table>', page, re.S)
    assert table, "the board lists SMS that could not be sent"
    assert "SMS that could not be sent" in page
    assert "request_created" in table.group(0) and "21211" in table.group(0)


def test_a_board_without_failed_sms_shows_no_failed_sms_table(supervisor_client):
    _request()
    assert 'id="failed-sms"' not in supervisor_client.get("/board/?partial=1").get_data(as_text=True)


def test_a_district_supervisor_sees_only_their_districts_failed_sms(catalogue, client):
    srinagar, jammu = _request("190001"), _request("180001")
    for request, error in ((srinagar, "srinagar-error-21211"), (jammu, "jammu-error-30003")):
        db.session.execute(db.update(OutboxMessage).where(OutboxMessage.request_id == request.id)
                           .values(status=FAILED, error=error))
    db.session.commit()
    create_account("jammu-sms", PASSWORD, SUPERVISOR, district="Jammu", temporary=False)
    _sign_in(client, "jammu-sms")
    page = client.get("/board/?partial=1").get_data(as_text=True)
    assert "jammu-error-30003" in page and "srinagar-error-21211" not in page


@pytest.mark.parametrize(("reason", "label"), [("citizen_not_home", "citizen not at home"),
                                                ("documents_missing", "documents missing")])
def test_the_board_shows_why_the_last_agent_gave_the_request_back(supervisor_client, reason, label):
    request = _request()
    state = NEW if reason == "citizen_not_home" else "unassigned"
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == request.id)
                       .values(state=state, cancel_reason=reason))
    db.session.commit()
    page = supervisor_client.get("/board/?partial=1").get_data(as_text=True)
    row = re.search(rf'<tr id="request-{request.number}".*?</tr>', page, re.S).group(0)
    assert f"last agent gave it back: {label}" in row


def test_assigning_without_picking_an_agent_shows_the_page_again_with_a_message(supervisor_client):
    request = _request()
    _agent("Bilal Ahmad")
    page = supervisor_client.get(f"/board/requests/{request.id}/assign").get_data(as_text=True)
    response = supervisor_client.post(f"/board/requests/{request.id}/assign", data={"csrf_token": _token(page)})
    assert response.status_code == 422
    assert "Pick an agent from the list." in response.get_data(as_text=True)
    assert _live_offer(request.id) is None


def test_a_call_back_time_is_shown_on_the_local_clock_not_in_utc(app):
    from datetime import datetime

    from flask import render_template

    from ivr.models import CallbackRequest
    from supervisors.panels import callbacks_context, local_clock_text

    assert local_clock_text(datetime(2025, 3, 1, 18, 45), "Asia/Kolkata") == "2025-03-02 00:15 IST"
    db.session.add(CallbackRequest(phone="+919906012345", language="en", requested_at=datetime(2025, 3, 1, 18, 45)))
    db.session.commit()
    with app.test_request_context():
        html = render_template("supervisors/_callbacks_panel.html", **callbacks_context(None))
    assert "2025-03-02 00:15 IST" in html and "UTC" not in html and "18:45" not in html


def test_a_supervisor_who_opens_the_agent_console_lands_on_the_board(supervisor_client):
    response = supervisor_client.get("/agents/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/board/")
