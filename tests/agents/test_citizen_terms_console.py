"""The agent console on the citizen's terms (issue 13): the visit window on the offer and the job page, and the
spoken landmark played to the agent holding the job only, and gone LANDMARK_KEEP_DAYS after the request closes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from agent_helpers import sign_in

from core.extensions import db
from dispatch.landmarks import delete_expired_landmarks, save_simulated_recording
from dispatch.models import AuditEvent, ServiceRequest
from dispatch.visits import cancel_by_agent, complete_request, start_visit

SID = "REsim" + "ab12" * 4
WAV = b"RIFF....WAVEfmt fake landmark"


def with_landmark(request: ServiceRequest) -> ServiceRequest:
    request.landmark_recording_sid = SID
    request.landmark_recording_url = save_simulated_recording(SID, WAV)
    db.session.commit()
    return request


def test_the_offer_and_the_job_show_the_visit_window_on_the_local_clock(client, make_agent, offered):
    agent = make_agent()
    offer = offered()
    request = db.session.get(ServiceRequest, offer.request_id)
    request.visit_window_start, request.visit_window_end = datetime(2026, 11, 26, 3, 30), datetime(2026, 11, 26, 7, 30)
    db.session.commit()
    sign_in(client, "agent1")
    console = client.get("/agents/").get_data(as_text=True)
    assert "2026-11-26 09:00-13:00 IST" in console
    client.post(f"/agents/offers/{offer.id}/accept")  # (CSRF makes this a no-op; accept through the service)
    from dispatch.offers import accept_offer
    accept_offer(offer.id, agent.id)
    page = client.get(f"/agents/jobs/{request.id}").get_data(as_text=True)
    assert 'id="visit-window"' in page and "2026-11-26 09:00-13:00 IST" in page


def test_a_job_without_a_window_shows_none(client, make_agent, assigned):
    make_agent()
    request = assigned()
    sign_in(client, "agent1")
    assert 'id="visit-window"' not in client.get(f"/agents/jobs/{request.id}").get_data(as_text=True)


def test_the_agent_holding_the_job_plays_the_landmark(client, make_agent, assigned):
    make_agent()
    request = with_landmark(assigned())
    sign_in(client, "agent1")
    page = client.get(f"/agents/jobs/{request.id}").get_data(as_text=True)
    assert f'src="/agents/jobs/{request.id}/landmark"' in page
    played = client.get(f"/agents/jobs/{request.id}/landmark")
    assert played.status_code == 200 and played.data == WAV and played.mimetype == "audio/wav"
    assert played.headers["Cache-Control"] == "no-store"


def test_another_agent_or_nobody_signed_in_cannot_play_the_landmark(client, make_agent, assigned):
    make_agent()
    request = with_landmark(assigned())
    assert client.get(f"/agents/jobs/{request.id}/landmark").status_code in (302, 401)  # not signed in
    make_agent("Another Agent")
    sign_in(client, "agent2")
    assert client.get(f"/agents/jobs/{request.id}/landmark").status_code == 404
    assert client.get(f"/agents/jobs/{request.id}").status_code == 404


def test_a_job_without_a_landmark_or_given_back_has_no_player(client, make_agent, assigned):
    agent = make_agent()
    request = assigned()
    sign_in(client, "agent1")
    assert client.get(f"/agents/jobs/{request.id}/landmark").status_code == 404
    with_landmark(request)
    cancel_by_agent(request.id, agent.id, "citizen_withdrew")
    assert client.get(f"/agents/jobs/{request.id}/landmark").status_code == 404


@pytest.mark.parametrize("closing", ["completed", "cancelled"])
def test_the_landmark_is_deleted_a_set_number_of_days_after_the_request_closes(
        closing, client, make_agent, assigned, app):
    agent = make_agent()
    request = with_landmark(assigned())
    if closing == "completed":
        start_visit(request.id, agent.id, request.visit_code)
        complete_request(request.id, agent.id, "APP-1", request.total_fee)
    else:
        cancel_by_agent(request.id, agent.id, "citizen_withdrew")
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    closed_at = request.completed_at or request.updated_at
    keep = app.config["LANDMARK_KEEP_DAYS"]
    from dispatch.landmarks import _local_file
    assert delete_expired_landmarks(now=closed_at + timedelta(days=keep) - timedelta(minutes=1)) == 0
    assert db.session.get(ServiceRequest, request.id).landmark_recording_sid == SID
    assert delete_expired_landmarks(now=closed_at + timedelta(days=keep, minutes=1)) == 1
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    assert request.landmark_recording_sid is None and request.landmark_recording_url is None
    assert request.landmark_deleted_at == closed_at + timedelta(days=keep, minutes=1)
    import os
    assert not os.path.exists(_local_file(SID))
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.request_id == request.id,
                                                         AuditEvent.reason.like("spoken landmark deleted%")))
    assert delete_expired_landmarks(now=closed_at + timedelta(days=keep + 5)) == 0  # once


def test_an_open_request_keeps_its_landmark_however_old(make_agent, assigned):
    make_agent()
    request = with_landmark(assigned())
    assert delete_expired_landmarks(now=request.created_at + timedelta(days=400)) == 0


def test_a_twilio_landmark_is_fetched_with_the_accounts_credentials_through_the_telephony_adapter(
        client, make_agent, assigned, app, monkeypatch):
    import requests

    make_agent()
    request = assigned()
    url = f"https://api.twilio.com/2010-04-01/Accounts/AC{'0' * 32}/Recordings/RE{'c3' * 16}"
    request.landmark_recording_sid, request.landmark_recording_url = f"RE{'c3' * 16}", url
    db.session.commit()
    app.config.update(TWILIO_ACCOUNT_SID="AC" + "0" * 32, TWILIO_AUTH_TOKEN="secret-token")
    asked = []

    class Answer:
        content = b"ID3 mp3 bytes"

        def raise_for_status(self):
            return None

    def fake_get(target, auth=None, timeout=None):
        asked.append((target, auth))
        return Answer()

    monkeypatch.setattr(requests, "get", fake_get)
    sign_in(client, "agent1")
    played = client.get(f"/agents/jobs/{request.id}/landmark")
    assert played.status_code == 200 and played.data == b"ID3 mp3 bytes" and played.mimetype == "audio/mpeg"
    assert asked == [(url + ".mp3", ("AC" + "0" * 32, "secret-token"))]
