"""The console over HTTP: sign-in, session and cookies, offers, jobs, and nobody else's IDs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from agent_helpers import PASSWORD, csrf_token, post_form, sign_in

from agents.accounts import set_temporary_password
from agents.models import UserAccount
from core.clock import utcnow
from core.extensions import db
from dispatch.models import Agent, Offer, ServiceRequest


def account_of(agent: Agent) -> UserAccount:
    return db.session.scalar(db.select(UserAccount).where(UserAccount.agent_id == agent.id))


def test_the_console_asks_for_sign_in_first(client):
    response = client.get("/agents/")
    assert response.status_code == 302 and "/agents/sign-in" in response.location


def test_an_agent_signs_in_with_a_mobile_number_and_lands_in_the_console(client, make_agent):
    agent = make_agent("Shabir Lone")
    response = sign_in(client, agent.phone[3:])
    assert response.status_code == 302 and response.location.endswith("/agents/")
    page = client.get("/agents/").get_data(as_text=True)
    assert "Shabir Lone" in page and "On duty" in page


def test_a_supervisor_is_sent_to_the_board(client, supervisor):
    response = sign_in(client, "super1")
    assert response.status_code == 302 and response.location.endswith("/board/")


def test_a_form_posted_without_its_csrf_token_is_refused(client, make_agent):
    make_agent()
    response = client.post("/agents/sign-in", data={"identifier": "agent1", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/agents/").status_code == 302


def test_signing_in_starts_a_new_session_with_httponly_lax_cookies(client, make_agent):
    make_agent()
    client.get("/agents/sign-in")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    response = sign_in(client, "agent1")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("_user_id")


def test_session_cookies_are_secure_when_served_over_https(test_config):
    from digidost import create_app

    app = create_app({**test_config, "PUBLIC_BASE_URL": "https://digidost.example.in"})
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_wrong_passwords_show_a_message_and_the_fifth_locks_the_account_without_saying_so(client, make_agent):
    make_agent()
    for _ in range(5):
        page = sign_in(client, "agent1", "Wrong-pass-99").get_data(as_text=True)
        assert "Wrong username, mobile number or password." in page
    page = sign_in(client, "agent1", PASSWORD).get_data(as_text=True)
    assert "Wrong username, mobile number or password." in page
    assert "locked" not in page
    assert client.get("/agents/").status_code == 302


def test_a_temporary_password_must_be_changed_before_anything_else(client, make_agent):
    agent = make_agent()
    set_temporary_password(account_of(agent).id, "Temporary-1234")
    response = sign_in(client, "agent1", "Temporary-1234")
    assert response.location.endswith("/agents/password")
    assert client.get("/agents/").location.endswith("/agents/password")
    page = post_form(client, "/agents/password", "/agents/password",
                     {"current_password": "Temporary-1234", "new_password": "agent1-short"}).get_data(as_text=True)
    assert "Use at least 12 characters" in page
    response = post_form(client, "/agents/password", "/agents/password",
                         {"current_password": "Temporary-1234", "new_password": "Chinar-tree-2025"},
                         follow_redirects=False)
    assert response.location.endswith("/agents/")
    assert client.get("/agents/").status_code == 200


def test_signing_out_ends_the_session_and_takes_the_agent_off_duty(client, make_agent):
    agent = make_agent()
    sign_in(client, "agent1")
    response = post_form(client, "/agents/", "/agents/sign-out", follow_redirects=False)
    assert response.location.endswith("/agents/sign-in")
    assert client.get("/agents/").status_code == 302
    db.session.expire_all()
    assert db.session.get(Agent, agent.id).on_duty is False


def test_going_on_duty_uses_the_shared_position_or_else_the_centre(client, make_agent):
    agent = make_agent(on_duty=False)
    sign_in(client, "agent1")
    post_form(client, "/agents/", "/agents/duty",
              {"action": "on", "share_location": "y", "latitude": "34.1", "longitude": "74.9"})
    db.session.expire_all()
    agent = db.session.get(Agent, agent.id)
    assert agent.on_duty and (agent.latitude, agent.longitude) == (34.1, 74.9)
    post_form(client, "/agents/", "/agents/duty", {"action": "off"})
    post_form(client, "/agents/", "/agents/duty", {"action": "on", "latitude": "1", "longitude": "2"})
    db.session.expire_all()
    agent = db.session.get(Agent, agent.id)
    assert agent.on_duty and (agent.latitude, agent.longitude) == (agent.centre.latitude, agent.centre.longitude)


def test_the_heartbeat_marks_the_agent_as_seen(client, make_agent):
    agent = make_agent()
    agent.last_seen_at = utcnow() - timedelta(minutes=30)
    db.session.commit()
    sign_in(client, "agent1")
    token = csrf_token(client.get("/agents/").get_data(as_text=True))
    response = client.post("/agents/heartbeat", json={}, headers={"X-CSRFToken": token})
    assert response.json == {"on_duty": True}
    db.session.expire_all()
    assert db.session.get(Agent, agent.id).last_seen_at > utcnow() - timedelta(minutes=1)
    assert client.post("/agents/heartbeat", json={}).status_code == 400  # no CSRF token


def test_an_offer_shows_service_place_fee_and_countdown_with_the_citizen_masked(client, make_agent, offered):
    make_agent()
    offer = offered("Rafiq Ahmad Dar")
    sign_in(client, "agent1")
    page = client.get("/agents/offers").get_data(as_text=True)
    request = offer.request
    assert "Domicile Certificate" in page and request.locality in page and request.district in page
    assert "Rs 80.00" in page and "data-seconds-left" in page and "km away" in page
    assert "Rafiq" not in page and request.citizen_phone not in page and "R••• A••• D•••" in page


def test_accepting_an_offer_opens_the_job_with_a_tel_link_and_the_documents(client, make_agent, offered):
    make_agent()
    offer = offered("Rafiq Ahmad Dar")
    sign_in(client, "agent1")
    page = post_form(client, "/agents/", f"/agents/offers/{offer.id}/accept").get_data(as_text=True)
    request = db.session.get(ServiceRequest, offer.request_id)
    assert "Rafiq Ahmad Dar" in page and f'href="tel:{request.citizen_phone}"' in page
    assert "Aadhaar card" in page and "Ration card" in page and "Visit code" in page


def test_an_offer_that_expired_shows_a_clear_message_not_an_error(client, make_agent, offered):
    make_agent()
    offer = offered()
    sign_in(client, "agent1")
    token = csrf_token(client.get("/agents/").get_data(as_text=True))
    db.session.get(Offer, offer.id).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post(f"/agents/offers/{offer.id}/accept", data={"csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200
    assert "no longer available" in response.get_data(as_text=True)


def test_an_offer_past_its_time_but_not_yet_closed_is_listed_as_expired_with_accept_disabled(
        client, make_agent, offered):
    make_agent()
    offer = offered()
    offer.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    sign_in(client, "agent1")
    page = client.get("/agents/offers").get_data(as_text=True)
    assert "This offer has expired." in page and 'class="accept" disabled' in page


def test_declining_an_offer_with_a_reason_closes_it(client, make_agent, offered):
    make_agent()
    offer = offered()
    sign_in(client, "agent1")
    page = post_form(client, "/agents/", f"/agents/offers/{offer.id}/decline", {"reason": "too_far"})
    assert "Offer declined" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Offer, offer.id).state == "declined"
    assert db.session.get(Offer, offer.id).reason == "too_far"


def test_the_full_job_over_http_start_with_the_code_then_complete(client, make_agent, assigned):
    make_agent()
    request = assigned()
    sign_in(client, "agent1")
    job = f"/agents/jobs/{request.id}"
    page = post_form(client, job, f"{job}/start", {"code": "x1"}).get_data(as_text=True)
    assert "Enter the 4 digits." in page
    wrong = f"{(int(request.visit_code) + 1) % 10_000:04d}"
    page = post_form(client, job, f"{job}/start", {"code": wrong}).get_data(as_text=True)
    assert "Wrong visit code. 4 attempts left." in page
    page = post_form(client, job, f"{job}/start", {"code": request.visit_code}).get_data(as_text=True)
    assert "Visit started." in page
    page = post_form(client, job, f"{job}/complete", {"application_number": "DOM/9", "fee_collected": "120"})
    assert "The notified fee is Rs 80.00" in page.get_data(as_text=True)
    page = post_form(client, job, f"{job}/complete", {"application_number": "DOM/9", "fee_collected": "80"})
    assert "Job completed." in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state == "completed"
    history = client.get("/agents/history").get_data(as_text=True)
    assert "DOM/9" not in history and request.number in history and "Rs 40.00" in history


def test_a_locked_code_tells_the_agent_to_ask_a_supervisor(client, make_agent, assigned):
    make_agent()
    request = assigned()
    request.visit_code_failures = 5
    db.session.commit()
    sign_in(client, "agent1")
    job = f"/agents/jobs/{request.id}"
    page = post_form(client, job, f"{job}/start", {"code": request.visit_code}).get_data(as_text=True)
    assert "Ask your supervisor" in page


def test_cancelling_over_http_sends_the_job_back(client, make_agent, assigned):
    make_agent()
    request = assigned()
    sign_in(client, "agent1")
    job = f"/agents/jobs/{request.id}"
    page = post_form(client, job, f"{job}/cancel", {"reason": "citizen_not_home"}).get_data(as_text=True)
    assert "Job cancelled." in page
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state == "new"
    assert client.get(job).status_code == 404


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/agents/jobs/{job}"),
    ("post", "/agents/jobs/{job}/start"),
    ("post", "/agents/jobs/{job}/complete"),
    ("post", "/agents/jobs/{job}/cancel"),
    ("post", "/agents/offers/{offer}/accept"),
    ("post", "/agents/offers/{offer}/decline"),
    ("get", "/agents/jobs/999999"),
    ("post", "/agents/offers/999999/accept"),
])
def test_another_agents_offer_or_job_id_gives_404(client, make_agent, offered, method, path):
    make_agent()
    held = offered()
    from dispatch.offers import accept_offer

    accept_offer(held.id, held.agent_id)
    live = offered()
    make_agent(on_duty=False)
    sign_in(client, "agent2")
    token = csrf_token(client.get("/agents/").get_data(as_text=True))
    url = path.format(job=held.request_id, offer=live.id)
    data = {"csrf_token": token, "code": "1234", "reason": "too_far", "application_number": "X",
            "fee_collected": "80"}
    response = client.get(url) if method == "get" else client.post(url, data=data)
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Offer, live.id).state == "live"
    assert db.session.get(ServiceRequest, held.request_id).state == "assigned"


def test_supervisors_are_sent_from_the_agent_console_to_their_board_and_agents_cannot_override(
        client, make_agent, supervisor, assigned):
    make_agent()
    request = assigned()
    sign_in(client, "agent1")
    assert client.get(f"/board/requests/{request.id}/override").status_code == 403
    post_form(client, "/agents/history", "/agents/sign-out")
    sign_in(client, "super1")
    assert client.get("/agents/").headers["Location"].endswith("/board/")
    assert client.get("/agents/offers").status_code == 403


def test_a_supervisor_overrides_the_visit_code_with_a_reason(client, make_agent, supervisor, assigned):
    make_agent()
    request = assigned()
    sign_in(client, "super1")
    url = f"/board/requests/{request.id}/override"
    page = post_form(client, url, url, {"reason": "citizen lost the SMS"}).get_data(as_text=True)
    assert "Visit started by supervisor override." in page
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state == "visiting"


def test_a_district_supervisor_sees_no_request_of_another_district(client, make_agent, assigned):
    from agents.accounts import create_account

    make_agent()
    request = assigned()
    create_account("super2", PASSWORD, "supervisor", district="Leh", temporary=False)
    sign_in(client, "super2")
    assert client.get(f"/board/requests/{request.id}/override").status_code == 404


@pytest.mark.parametrize(("language", "direction", "text"), [
    ("en", "ltr", "Offers"), ("hi", "ltr", "ऑफ़र"), ("ur", "rtl", "پیشکشیں"),
])
def test_the_agent_chooses_the_console_language_and_urdu_is_right_to_left(client, make_agent, language, direction,
                                                                         text):
    agent = make_agent()
    sign_in(client, "agent1")
    post_form(client, "/agents/", "/agents/language", {"language": language, "next": "/agents/"})
    page = client.get("/agents/").get_data(as_text=True)
    assert f'lang="{language}" dir="{direction}"' in page and text in page
    assert account_of(agent).language == language


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example/"])
def test_the_language_switch_never_redirects_to_another_site(client, target):
    response = post_form(client, "/agents/sign-in", "/agents/language", {"language": "hi", "next": target},
                         follow_redirects=False)
    assert response.location.endswith("/agents/sign-in")
