"""Status calls, the operator, call-backs and signatures."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator

from core.extensions import db
from dispatch.models import Agent, Centre
from dispatch.requests import NewRequest, create_request
from ivr.models import CallbackRequest
from ivr.services import mark_callback_done, open_callbacks
from tests.ivr.conftest import CALLER, SRINAGAR_PIN

OPERATOR = "+911942500000"


@pytest.fixture
def booked(small_catalogue):
    """A request already made for the caller."""
    return create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, "hi", call_sid="CAbooked"))


def test_a_caller_keys_a_request_number_and_hears_that_an_agent_is_being_looked_for(booked, phone):
    phone.call()
    phone.walk("1", "2")
    assert phone.twiml.find("./Gather").get("finishOnKey") == "#"
    phone.press(booked.number + "#")
    assert "looking for an agent" in phone.heard
    assert "Working days left on the statutory timeline: 15" in phone.heard


@pytest.mark.parametrize("language, words", [("en", "Demo Agent of Dalgate CSC Centre is coming"),
                                             ("hi", "Dalgate CSC Centre के Demo Agent आपके पास आ रहे हैं"),
                                             ("ur", "Dalgate CSC Centre کے Demo Agent آپ کے پاس آ رہے ہیں")])
def test_the_status_names_the_agent_and_centre_coming_in_the_callers_language(booked, phone, language, words):
    centre = Centre(code="C1", name="Dalgate CSC Centre", pin_code=SRINAGAR_PIN, district="Srinagar",
                    latitude=34.07, longitude=74.8)
    db.session.add(centre)
    db.session.flush()
    agent = Agent(name="Demo Agent", phone="+919906099999", centre_id=centre.id, district="Srinagar",
                  latitude=34.07, longitude=74.8)
    db.session.add(agent)
    db.session.flush()
    booked.state, booked.assigned_agent_id = "assigned", agent.id
    db.session.commit()
    phone.call()
    phone.walk({"en": "1", "hi": "2", "ur": "3"}[language], "2", booked.number + "#")
    assert words in phone.heard


@pytest.mark.parametrize("state, words", [("visiting", "visit is in progress"), ("completed", "is completed"),
                                          ("unassigned", "supervisor is on it")])
def test_each_request_state_is_told_in_plain_words(booked, phone, state, words):
    booked.state = state
    db.session.commit()
    phone.call()
    phone.walk("1", "2", booked.number + "#")
    assert words in phone.heard
    assert ("days left on the statutory timeline" in phone.heard) is (state != "completed")


def test_a_mistyped_request_number_is_caught_by_its_check_digit(booked, phone):
    wrong = booked.number[:-1] + str((int(booked.number[-1]) + 1) % 10)
    phone.call()
    phone.walk("1", "2", wrong + "#")
    assert f"The number {' '.join(wrong)} is not valid: please check the digits" in phone.heard
    phone.press(booked.number + "#")
    assert "looking for an agent" in phone.heard


def test_zero_at_a_menu_dials_the_operator_during_operator_hours(small_catalogue, app, phone):
    app.config.update(OPERATOR_NUMBER=OPERATOR, OPERATOR_HOURS="00:00-24:00")
    phone.call()
    phone.walk("1", "1", "0")
    dial = phone.twiml.find("./Dial")
    assert dial.text == OPERATOR and "dialed=1" in dial.get("action")
    assert "connecting you to an operator" in phone.heard


def test_the_operator_can_be_a_call_centre_queue(small_catalogue, app, phone):
    app.config.update(OPERATOR_NUMBER="queue:callcentre", OPERATOR_HOURS="")
    phone.call()
    phone.walk("2", "0")
    assert phone.twiml.find("./Enqueue").text == "callcentre"


def test_an_operator_who_does_not_answer_leads_to_a_call_back_offer(small_catalogue, app, phone):
    app.config.update(OPERATOR_NUMBER=OPERATOR, OPERATOR_HOURS="00:00-24:00")
    phone.call()
    phone.walk("1", "0")
    phone.post(phone.twiml.find("./Dial").get("action"), phone.params(DialCallStatus="no-answer"))
    assert "no operator could take your call" in phone.heard
    phone.press("1")
    assert [c.phone for c in open_callbacks()] == [CALLER]


@pytest.mark.parametrize("number, hours", [("", "09:00-18:00"), (OPERATOR, "00:00-00:01"), (OPERATOR, "nonsense")])
def test_without_an_operator_on_duty_the_caller_can_ask_for_a_call_back(small_catalogue, app, phone, number, hours):
    app.config.update(OPERATOR_NUMBER=number, OPERATOR_HOURS=hours)
    phone.call()
    phone.walk("3", "0")
    assert phone.twiml.find("./Dial") is None
    phone.press("1")
    [callback] = open_callbacks()
    assert (callback.phone, callback.language, callback.status) == (CALLER, "ur", "open")
    assert callback.call_sid == phone.call_sid and callback.requested_at is not None
    assert phone.twiml.find("./Hangup") is not None
    assert mark_callback_done(callback.id, "supervisor@jk") and not open_callbacks()
    assert not mark_callback_done(callback.id, "supervisor@jk")


def test_a_caller_without_caller_id_is_sent_to_the_operator_rather_than_booking(small_catalogue, new_phone):
    anonymous = new_phone(caller="anonymous")
    anonymous.call()
    anonymous.walk("1", "1")
    assert "cannot see your phone number" in anonymous.heard
    assert db.session.scalar(db.select(CallbackRequest)) is None


WEBHOOKS = ["/ivr/voice", "/ivr/step?t=1", "/ivr/status", "/ivr/sms"]


@pytest.mark.parametrize("path", WEBHOOKS)
def test_a_webhook_without_a_signature_is_refused(small_catalogue, phone, path):
    assert phone.post(path, phone.params(Digits="1", Body="STATUS 1"), signed=False).status_code == 403


@pytest.mark.parametrize("path", WEBHOOKS)
def test_a_webhook_with_a_forged_signature_is_refused(small_catalogue, client, path):
    params = {"CallSid": "CAforged", "From": CALLER, "Digits": "1"}
    forged = RequestValidator("not-our-token").compute_signature(f"http://localhost{path}", params)
    assert client.post(path, data=params, headers={"X-Twilio-Signature": forged}).status_code == 403


def test_a_signature_over_other_parameters_is_refused(small_catalogue, client, app):
    signed = {"CallSid": "CAx", "From": CALLER, "Digits": "1"}
    signature = RequestValidator(app.config["TWILIO_AUTH_TOKEN"]).compute_signature(
        "http://localhost/ivr/voice", signed)
    tampered = dict(signed, Digits="2")
    assert client.post("/ivr/voice", data=tampered, headers={"X-Twilio-Signature": signature}).status_code == 403


def test_behind_a_proxy_signatures_are_checked_against_the_public_base_url(small_catalogue, client, app):
    app.config["PUBLIC_BASE_URL"] = "https://ivr.example.gov.in"
    params = {"CallSid": "CAproxy", "From": CALLER}
    validator = RequestValidator(app.config["TWILIO_AUTH_TOKEN"])
    public = validator.compute_signature("https://ivr.example.gov.in/ivr/voice", params)
    local = validator.compute_signature("http://localhost/ivr/voice", params)
    assert client.post("/ivr/voice", data=params, headers={"X-Twilio-Signature": public}).status_code == 200
    assert client.post("/ivr/voice", data=params, headers={"X-Twilio-Signature": local}).status_code == 403


def test_recorded_audio_is_played_instead_of_the_spoken_text(small_catalogue, app, phone, tmp_path):
    folder = tmp_path / "ivr_audio" / "ur"
    folder.mkdir(parents=True)
    (folder / "main_menu.mp3").write_bytes(b"ID3")
    app.instance_path = str(tmp_path)
    phone.call()
    phone.press("3")
    [play] = phone.twiml.findall("./Gather/Play")
    assert play.text == "/ivr/audio/ur/main_menu.mp3"
    assert phone.client.get(play.text).status_code == 200


@pytest.mark.parametrize("call_sid", ["", "CA\x00", "x" * 65, "CA 1"])
def test_a_call_sid_that_is_not_a_sid_is_refused_as_a_bad_request(small_catalogue, new_phone, call_sid):
    phone = new_phone(call_sid=call_sid)
    phone.call_sid = call_sid
    assert phone.post("/ivr/voice", phone.params()).status_code == 400
