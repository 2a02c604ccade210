"""The agent roster: each agent's presence, load, today's jobs, acceptance, approval and fee flags, and the
supervisor's changes (deactivate, reactivate, capacity, services, centre), district-scoped and audited."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from agent_helpers import PASSWORD, csrf_token, forget_cached_csrf_token, sign_in
from flask import g

from agents.accounts import create_account
from agents.models import UserAccount
from core.audit import SecurityEvent
from core.clock import utcnow
from core.extensions import db
from core.roles import SUPERVISOR
from dispatch.models import LIVE, WITHDRAWN, Agent, Centre, Offer, ServiceRequest
from dispatch.offers import accept_offer, decline_offer
from dispatch.visits import complete_request, start_visit
from fees.models import Service
from ivr.models import Rating
from supervisors.roster import agent_roster, local_day_start

GOOD, BAD = 1, 3


def live_offer(request_id: int) -> Offer:
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request_id, Offer.state == LIVE))
    assert offer is not None, "the request was not offered"
    return offer


def complete_job(make_request, run_jobs, fee: str = "80", reason: str | None = None,
                 score: int | None = None) -> ServiceRequest:
    """A request offered by the real jobs, accepted, visited and completed at `fee`; rated when `score`."""
    request = make_request()
    run_jobs()
    offer = live_offer(request.id)
    accept_offer(offer.id, offer.agent_id)
    db.session.refresh(request)
    start_visit(request.id, offer.agent_id, request.visit_code)
    complete_request(request.id, offer.agent_id, f"APP-{request.id}", Decimal(fee), reason)
    if score is not None:
        db.session.add(Rating(request_id=request.id, phone=request.citizen_phone, score=score))
        db.session.commit()
    return db.session.get(ServiceRequest, request.id)


def sign_in_supervisor(client, username: str, district: str | None) -> None:
    create_account(username, PASSWORD, SUPERVISOR, district=district, temporary=False)
    sign_in(client, username)


def switch_browser() -> None:
    """The tests' app context (and so `g`) outlives each request: forget the user Flask-Login cached there, so
    the next request, perhaps from another test client, loads its own."""
    g.pop("_login_user", None)
    forget_cached_csrf_token()


def post_change(client, agent_id: int, change: str, data: dict | None = None):
    """Submit one of the agent page's forms with the page's CSRF token."""
    switch_browser()
    page = client.get(f"/board/agents/{agent_id}").get_data(as_text=True)
    return client.post(f"/board/agents/{agent_id}/{change}", data={"csrf_token": csrf_token(page), **(data or {})})


def security_events(event: str) -> list[SecurityEvent]:
    return list(db.session.scalars(db.select(SecurityEvent).where(SecurityEvent.event == event)
                                   .order_by(SecurityEvent.id)))


@pytest.fixture
def srinagar_client(client, service):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    return client


@pytest.fixture
def jammu_client(client, service):
    sign_in_supervisor(client, "jammu1", "Jammu")
    return client


def test_the_roster_shows_acceptance_today_s_jobs_approval_and_fee_flags_of_known_work(
        make_agent, make_request, run_jobs, srinagar_client):
    agent = make_agent("Mohammad Shafi Bhat")
    flagged = complete_job(make_request, run_jobs, fee="100", reason="citizen paid for photocopies", score=GOOD)
    declined = make_request()
    run_jobs()
    offer = live_offer(declined.id)
    decline_offer(offer.id, agent.id, "too far")
    yesterday = complete_job(make_request, run_jobs, score=BAD)
    # Taken just before local midnight: not one of today's jobs.
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == yesterday.id)
                       .values(assigned_at=local_day_start("Asia/Kolkata") - timedelta(minutes=1)))
    db.session.commit()

    [row] = agent_roster("Srinagar")
    assert (row.offers_accepted, row.offers_decided, row.acceptance_percent) == (2, 3, 67)
    assert row.jobs_today == 1
    assert (row.ratings_good, row.ratings_total, row.approval_percent) == (1, 2, 50)
    assert (row.fee_flags, row.fee_flags_open) == (1, 1)
    assert flagged.fee_flag_reason and row.fresh

    page = srinagar_client.get("/board/agents").get_data(as_text=True)
    assert f'id="agent-{agent.id}"' in page and "Mohammad Shafi Bhat" in page
    assert "67%" in page and "50%" in page and "2 of 3" in page and "1 to review" in page


def test_an_agent_without_offers_or_ratings_shows_dashes_not_zero_percent(make_agent, srinagar_client):
    make_agent(on_duty=False)
    [row] = agent_roster("Srinagar")
    assert row.acceptance_percent is None and row.approval_percent is None and row.jobs_today == 0
    page = srinagar_client.get("/board/agents").get_data(as_text=True)
    assert "off duty" in page and "0%" not in page


def test_an_agent_on_duty_whose_console_went_quiet_is_shown_as_stale(make_agent, srinagar_client):
    quiet = make_agent("Quiet Agent")
    make_agent("Fresh Agent")
    db.session.execute(db.update(Agent).where(Agent.id == quiet.id).values(last_seen_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    fresh = {row.agent.name: row.fresh for row in agent_roster("Srinagar")}
    assert fresh == {"Quiet Agent": False, "Fresh Agent": True}
    assert "on duty, not seen lately" in srinagar_client.get("/board/agents").get_data(as_text=True)


def test_a_district_supervisor_never_sees_nor_changes_another_district_s_agent(make_agent, jammu_client):
    srinagar_agent = make_agent("Srinagar Agent")
    jammu_agent = make_agent("Jammu Agent", district="Jammu")
    page = jammu_client.get("/board/agents").get_data(as_text=True)
    assert "Jammu Agent" in page and "Srinagar Agent" not in page
    assert jammu_client.get(f"/board/agents/{srinagar_agent.id}").status_code == 404
    token = csrf_token(jammu_client.get(f"/board/agents/{jammu_agent.id}").get_data(as_text=True))
    for change, data in (("deactivate", {}), ("reactivate", {}), ("capacity", {"capacity": "5"}),
                         ("services", {"all_services": "1"}), ("centre", {"centre_id": str(jammu_agent.centre_id)})):
        response = jammu_client.post(f"/board/agents/{srinagar_agent.id}/{change}", data={"csrf_token": token, **data})
        assert response.status_code == 404, change
    db.session.expire_all()
    unchanged = db.session.get(Agent, srinagar_agent.id)
    assert unchanged.active and unchanged.on_duty and unchanged.capacity == 3
    assert security_events("deactivated") == [] and security_events("agent_changed") == []


def test_a_state_supervisor_sees_every_district_s_agents(make_agent, client, service):
    make_agent("Srinagar Agent")
    make_agent("Jammu Agent", district="Jammu")
    sign_in_supervisor(client, "state1", None)
    page = client.get("/board/agents").get_data(as_text=True)
    assert "Srinagar Agent" in page and "Jammu Agent" in page


def test_deactivating_an_agent_takes_them_off_duty_withdraws_their_offer_and_ends_their_sessions(
        app, make_agent, make_request, run_jobs, srinagar_client):
    agent = make_agent()
    request = make_request()
    run_jobs()
    offer = live_offer(request.id)
    agent_browser = app.test_client()
    switch_browser()
    sign_in(agent_browser, "agent1")
    assert agent_browser.get("/agents/").status_code == 200

    response = post_change(srinagar_client, agent.id, "deactivate")
    assert response.status_code == 302
    db.session.expire_all()
    agent = db.session.get(Agent, agent.id)
    assert not agent.active and not agent.on_duty
    assert db.session.get(Offer, offer.id).state == WITHDRAWN
    account = db.session.scalar(db.select(UserAccount).where(UserAccount.agent_id == agent.id))
    assert not account.active
    switch_browser()
    assert agent_browser.get("/agents/").status_code == 302, "the agent's open session has ended"
    switch_browser()
    by = _supervisor_actor("srinagar1")
    assert [(e.subject, e.actor) for e in security_events("deactivated")] == [(f"agent:{agent.id}", by),
                                                                             (f"account:{account.id}", by)]
    page = srinagar_client.get("/board/agents").get_data(as_text=True)
    assert "deactivated" in page


def test_a_reactivated_agent_may_sign_in_again_and_it_is_audited(app, make_agent, srinagar_client):
    agent = make_agent(on_duty=False)
    post_change(srinagar_client, agent.id, "deactivate")
    switch_browser()
    assert sign_in(app.test_client(), "agent1").status_code == 200, "refused sign-in shows the page again"

    response = post_change(srinagar_client, agent.id, "reactivate")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Agent, agent.id).active
    switch_browser()
    assert sign_in(app.test_client(), "agent1").status_code == 302, "signed in and sent on"
    [event] = security_events("reactivated")
    assert (event.subject, event.detail) == (f"agent:{agent.id}", "agent reactivated")


@pytest.mark.parametrize("capacity", ["0", "21", "three", ""])
def test_a_capacity_outside_1_to_20_is_refused_with_a_message_not_a_500(make_agent, srinagar_client, capacity):
    agent = make_agent()
    response = post_change(srinagar_client, agent.id, "capacity", {"capacity": capacity})
    assert response.status_code == 422
    assert "whole number from 1 to 20" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Agent, agent.id).capacity == 3 and security_events("agent_changed") == []


def test_a_capacity_change_is_saved_and_audited(make_agent, srinagar_client):
    agent = make_agent()
    response = post_change(srinagar_client, agent.id, "capacity", {"capacity": "5"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Agent, agent.id).capacity == 5
    [event] = security_events("agent_changed")
    assert (event.subject, event.detail, event.actor) == (f"agent:{agent.id}", "capacity 3 to 5",
                                                         _supervisor_actor("srinagar1"))
    assert 'value="5"' in srinagar_client.get(f"/board/agents/{agent.id}").get_data(as_text=True)


def test_services_are_set_to_a_list_or_back_to_all_and_audited(make_agent, srinagar_client):
    agent = make_agent()
    db.session.add(Service(code="character", department="Home", category="certificates", name_en="Character",
                           name_hi="चरित्र", name_ur="کردار", documents=[], psga_days=15))
    db.session.commit()
    assert post_change(srinagar_client, agent.id, "services", {"services": ["character"]}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Agent, agent.id).service_codes == ["character"]
    assert post_change(srinagar_client, agent.id, "services", {"all_services": "1"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Agent, agent.id).service_codes is None
    assert [e.detail for e in security_events("agent_changed")] == ["services all to character",
                                                                    "services character to all"]


@pytest.mark.parametrize("codes", [[], ["no-such-service"]])
def test_an_empty_or_unknown_service_list_is_refused_with_a_message(make_agent, srinagar_client, codes):
    agent = make_agent()
    response = post_change(srinagar_client, agent.id, "services", {"services": codes})
    assert response.status_code == 422 and 'id="roster-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Agent, agent.id).service_codes is None


def test_an_agent_moves_only_to_a_centre_of_their_own_district(make_agent, srinagar_client):
    agent = make_agent()
    other = make_agent(on_duty=False)
    jammu = make_agent(on_duty=False, district="Jammu")
    first_centre = agent.centre.code
    refused = post_change(srinagar_client, agent.id, "centre", {"centre_id": str(jammu.centre_id)})
    assert refused.status_code == 422 and "centre in the agent" in refused.get_data(as_text=True)
    assert post_change(srinagar_client, agent.id, "centre", {"centre_id": str(other.centre_id)}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Agent, agent.id).centre_id == other.centre_id
    [event] = security_events("agent_changed")
    assert event.detail == f"centre {first_centre} to {db.session.get(Centre, other.centre_id).code}"


def test_roster_changes_need_the_page_s_csrf_token(make_agent, srinagar_client):
    agent = make_agent()
    assert srinagar_client.post(f"/board/agents/{agent.id}/deactivate").status_code == 400
    db.session.expire_all()
    assert db.session.get(Agent, agent.id).active


def test_the_agent_page_resets_a_password_through_the_staff_action(make_agent, srinagar_client):
    agent = make_agent()
    page = srinagar_client.get(f"/board/agents/{agent.id}").get_data(as_text=True)
    account_id = db.session.scalar(db.select(UserAccount.id).where(UserAccount.agent_id == agent.id))
    assert f'action="/board/staff/{account_id}/temporary-password"' in page
    issued = srinagar_client.post(f"/board/staff/{account_id}/temporary-password",
                                  data={"csrf_token": csrf_token(page)})
    assert issued.status_code == 200 and 'id="issued"' in issued.get_data(as_text=True)


def test_the_roster_is_for_supervisors_only(make_agent, client, service):
    agent = make_agent()
    assert client.get("/board/agents").status_code in (302, 401)
    sign_in(client, "agent1")
    assert client.get("/board/agents").status_code == 403
    assert client.get(f"/board/agents/{agent.id}").status_code == 403


def _supervisor_actor(username: str) -> str:
    account = db.session.scalar(db.select(UserAccount).where(UserAccount.username == username))
    return f"supervisor:{account.get_id()}"



def test_a_raised_capacity_reaches_the_dispatch_index_at_once(app):
    from core.extensions import queues
    from dispatch.index import ROOM_KEY
    from dispatch.presence import go_on_duty
    from supervisors.roster import set_capacity

    centre = Centre(code="ROOM-1", name="Room Centre", pin_code="190001", district="Srinagar",
                    latitude=34.07, longitude=74.82)
    agent = Agent(name="Room Agent", phone="+917000099999", centre=centre, district="Srinagar",
                  latitude=34.07, longitude=74.82, capacity=3, open_jobs=3)
    db.session.add(agent)
    db.session.commit()
    go_on_duty(agent.id)
    assert int(float(queues.connection.hget(ROOM_KEY, agent.id) or 0)) == 0
    set_capacity(agent.id, None, 5, "supervisor:1")
    assert int(float(queues.connection.hget(ROOM_KEY, agent.id))) == 2
