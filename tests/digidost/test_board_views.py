"""The supervisor board as supervisors use it: live section, re-dispatch, call-backs and ratings panels."""

import re

import flask_babel
import pytest
from flask import g

from agents.accounts import create_account
from core.extensions import db
from core.roles import AGENT, SUPERVISOR
from dispatch.models import NEW, ServiceRequest
from dispatch.offers import escalate
from dispatch.requests import NewRequest, create_request
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
    response = supervisor_client.post(f"/ivr/callbacks/{callback.id}/done", data={"csrf_token": _token(page)})
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
    assert f'href="/agents/requests/{request.id}/override"' in page


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
    response = client.post(f"/ivr/callbacks/{srinagar_callback.id}/done", data={"csrf_token": _token(page)})
    assert response.status_code == 404
    db.session.refresh(srinagar_callback)
    assert srinagar_callback.status == "open"
