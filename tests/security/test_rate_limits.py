"""V6.3.1 / V2.4 rate limits on Redis: sign-in per client address and per account (a clear 429 page); IVR calls
and SMS per caller number (a polite spoken or SMS answer). Every limit is a setting."""

from __future__ import annotations

import pytest

from agents.accounts import create_account
from core.extensions import db
from core.models import OutboxMessage
from core.roles import AGENT
from ivr.models import CallSession
from tests.agents.agent_helpers import PASSWORD, sign_in
from tests.ivr.conftest import CALLER, Phone


@pytest.fixture
def account(app):
    return create_account("agent07", PASSWORD, AGENT, temporary=False)


def test_every_limit_is_a_setting_with_a_default(app):
    assert app.config["SIGN_IN_LIMIT_PER_ADDRESS"] == "20 per minute"
    assert app.config["SIGN_IN_LIMIT_PER_ACCOUNT"] == "10 per 15 minutes"
    assert app.config["IVR_CALL_LIMIT_PER_CALLER"] == "6 per 10 minutes"
    assert app.config["SMS_LIMIT_PER_CALLER"] == "6 per 10 minutes"


def test_sign_ins_from_one_address_are_limited_with_a_clear_429_page(web, account):
    web.config["SIGN_IN_LIMIT_PER_ADDRESS"] = "3 per minute"
    client = web.test_client()
    for n in range(3):
        assert sign_in(client, f"someone{n}", "Not-the-password-1").status_code == 200
    limited = sign_in(client, "agent07", PASSWORD)
    assert limited.status_code == 429
    assert "Too many attempts" in limited.get_data(as_text=True)
    assert "Retry-After" in limited.headers
    other_address = web.test_client()
    other_address.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert sign_in(other_address, "agent07", PASSWORD).status_code == 302


def test_sign_ins_to_one_account_are_limited_whatever_the_address(web, account):
    web.config["SIGN_IN_LIMIT_PER_ACCOUNT"] = "2 per minute"
    for n in range(2):
        client = web.test_client()
        client.environ_base["REMOTE_ADDR"] = f"203.0.113.{n + 1}"
        assert sign_in(client, "AGENT07", "Not-the-password-1").status_code == 200
    elsewhere = web.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.1"
    assert sign_in(elsewhere, "agent07", PASSWORD).status_code == 429
    assert sign_in(elsewhere, "agent08", PASSWORD).status_code == 200  # another account: its own allowance


def test_the_limits_are_counted_in_the_apps_redis(web, account):
    sign_in(web.test_client(), "agent07", PASSWORD)
    assert web.extensions["redis"].keys("*digidost-limit*")


def test_calls_over_the_limit_from_one_number_hear_a_polite_answer_and_the_call_ends(app, client):
    app.config["IVR_CALL_LIMIT_PER_CALLER"] = "2 per minute"
    token = app.config["TWILIO_AUTH_TOKEN"]
    for _ in range(2):
        assert Phone(client, token).call().find("./Gather") is not None
    phone = Phone(client, token)
    twiml = phone.call()
    assert phone.response.status_code == 200
    assert "called many times" in phone.heard and twiml.find("./Hangup") is not None
    assert db.session.scalar(db.select(CallSession).where(CallSession.call_sid == phone.call_sid)) is None
    assert Phone(client, token, caller="+919906054321").call().find("./Gather") is not None


def test_an_unsigned_call_spends_nobodys_allowance(app, client):
    app.config["IVR_CALL_LIMIT_PER_CALLER"] = "1 per minute"
    forged = Phone(client, "not-the-token")
    for _ in range(3):
        assert forged.post("/ivr/voice", forged.params()).status_code == 403
    assert Phone(client, app.config["TWILIO_AUTH_TOKEN"]).call().find("./Gather") is not None


def test_sms_over_the_limit_are_dropped_and_the_sender_is_told_once(app, client):
    app.config["SMS_LIMIT_PER_CALLER"] = "2 per minute"
    phone = Phone(client, app.config["TWILIO_AUTH_TOKEN"])
    for n in range(5):  # status queries: each one within the limit is answered (help is answered once a while)
        body = {"From": CALLER, "Body": f"STATUS 12345{n}", "MessageSid": f"SM{n:032d}"}
        assert phone.post("/ivr/sms", body).status_code == 200
    templates = list(db.session.scalars(db.select(OutboxMessage.template).where(OutboxMessage.to_number == CALLER)
                                        .order_by(OutboxMessage.id)))
    assert templates == ["ivr_number_invalid", "ivr_number_invalid", "ivr_too_many_messages"]
