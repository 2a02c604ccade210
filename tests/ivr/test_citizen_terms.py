"""On the citizen's terms (issue 13, item 3), through the real webhooks and TwiML: a visit window chosen on the call
and honoured by dispatch, cancel and reschedule by phone and by SMS (only from the requesting number, never after
the visit started), the no-show rule, and the spoken landmark recorded with <Record>; in every language."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.extensions import db
from core.models import OutboxMessage
from dispatch import citizen_changes
from dispatch.jobs import dispatch_request
from dispatch.models import LIVE, WITHDRAWN, Agent, AuditEvent, Centre, Offer, ServiceRequest
from dispatch.offers import accept_offer
from dispatch.presence import go_on_duty
from dispatch.visits import cancel_by_agent, start_visit
from ivr import services
from ivr.messages import answer_sms
from ivr.prompts import LANGUAGES, PROMPTS, SMS
from tests.ivr.conftest import CALLER, SRINAGAR_PIN
from tests.ivr.test_sms_disputes import in_digits

IST = ZoneInfo("Asia/Kolkata")
OTHER = "+919906099999"
TWILIO_RECORDING = "RE" + "a1" * 16
TWILIO_URL = f"https://api.twilio.com/2010-04-01/Accounts/AC{'0' * 32}/Recordings/{TWILIO_RECORDING}"


def say(key: str, language: str, **params) -> str:
    text = PROMPTS[key].get(language) or PROMPTS[key]["en"]
    return text.format(**params)


def digit_of(language: str) -> str:
    return str(LANGUAGES.index(language) + 1)


@pytest.fixture
def at_local(monkeypatch):
    """The call centre's clock set to a local time (the windows offered depend on it)."""

    def set_clock(hour: int, minute: int = 0, day: int = 25) -> datetime:
        now = datetime(2026, 11, day, hour, minute, tzinfo=IST)
        monkeypatch.setattr(services, "local_now", lambda: now)
        import ivr.messages as messages
        monkeypatch.setattr(messages, "local_now", lambda: now)
        return now

    return set_clock


def make_agent(n: int, km_north: float = 0.0) -> Agent:
    centre = Centre(code=f"C-T{n}", name=f"Dalgate CSC {n}", pin_code=SRINAGAR_PIN, district="Srinagar",
                    latitude=34.07 + km_north / 111, longitude=74.82)
    db.session.add(centre)
    db.session.flush()
    made = Agent(name=f"Bilal Ahmad {n}", phone=f"+91941900000{n}", centre_id=centre.id, district="Srinagar",
                 latitude=centre.latitude, longitude=74.82)
    db.session.add(made)
    db.session.commit()
    go_on_duty(made.id)
    return made


@pytest.fixture
def agent(small_catalogue):
    return make_agent(1)


def book(phone, language: str, window_digit: str | None = None, pin_key: str = "1") -> ServiceRequest | None:
    """A whole booking call: language, new service, Certificates, the first service, PIN, then the quote's 1 (the
    earliest agent) or 3 and a window digit."""
    phone.call()
    phone.walk(digit_of(language), "1", "1", "1", SRINAGAR_PIN + "#", pin_key)
    if window_digit is None:
        phone.press("1")
    else:
        phone.walk("3", window_digit)
    return db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.call_sid == phone.call_sid))


def assign(request: ServiceRequest, agent: Agent) -> None:
    offer_id = dispatch_request(request.id)
    assert offer_id is not None
    accept_offer(offer_id, agent.id)
    db.session.expire_all()


def sms_to(number: str, template: str) -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_number == number,
                                                                  OutboxMessage.template == template)))


def status_call(new_phone, caller: str, language: str, number: str):
    phone = new_phone(caller)
    phone.call()
    if say("main_menu", language) not in phone.heard:  # a new caller picks the language first
        phone.press(digit_of(language))
    phone.walk("2", number + "#")
    return phone


# ---- the visit window ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_a_caller_chooses_tomorrow_morning_and_the_request_keeps_that_window(
        language, small_catalogue, phone, at_local):
    at_local(10, 30)
    phone.call()
    phone.walk(digit_of(language), "1", "1", "1", SRINAGAR_PIN + "#", "1")
    assert say("window_offer", language) in phone.heard
    phone.press("3")
    heard = phone.heard
    assert all(say(f"window_option_{n}", language) in heard for n in (1, 2, 3, 4))
    phone.press("3")
    request = db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.call_sid == phone.call_sid))
    assert request is not None and "registered" in PROMPTS and phone.twiml.find("./Hangup") is not None
    assert request.visit_window_start == datetime(2026, 11, 26, 3, 30)  # 09:00 IST
    assert request.visit_window_end == datetime(2026, 11, 26, 7, 30)  # 13:00 IST


@pytest.mark.parametrize("hour, minute, offered", [(8, 0, (1, 2, 3, 4)), (12, 0, (2, 3, 4)), (16, 0, (3, 4)),
                                                   (21, 30, (3, 4))])
def test_only_windows_still_possible_are_offered_and_a_gone_one_is_refused(
        hour, minute, offered, small_catalogue, phone, at_local):
    at_local(hour, minute)
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN + "#", "1", "3")
    spoken = [n for n in (1, 2, 3, 4) if say(f"window_option_{n}", "en") in phone.heard]
    assert tuple(spoken) == offered
    gone = next((n for n in (1, 2) if n not in offered), None)
    if gone is not None:
        phone.press(str(gone))
        assert "not a valid choice" in phone.heard.lower() or say("window_ask", "en") in phone.heard
        assert db.session.scalar(db.select(ServiceRequest.id)) is None


def test_dispatch_does_not_offer_a_request_before_the_lead_time_of_its_window_and_audits_the_wait(
        small_catalogue, phone, agent, at_local, run_jobs, monkeypatch):
    at_local(10, 30)
    request = book(phone, "en", window_digit="4")  # tomorrow 13:00-17:00 IST = 07:30-11:30 UTC
    run_jobs()
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    lead = small_catalogue.config["VISIT_WINDOW_LEAD_MINUTES"]
    assert request.state == "new" and request.next_dispatch_at == datetime(2026, 11, 26, 7, 30) - timedelta(
        minutes=lead)
    assert db.session.scalar(db.select(Offer.id)) is None
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.request_id == request.id,
                                                         AuditEvent.reason.like("waits for its visit window%")))
    monkeypatch.setattr(citizen_changes, "utcnow", lambda: request.next_dispatch_at + timedelta(seconds=1))
    assert dispatch_request(request.id) is not None  # from the lead time on, offered as usual
    offer_sms = sms_to(agent.phone, "offer_to_agent")
    assert len(offer_sms) == 1 and offer_sms[0].body.endswith("Visit: 2026-11-26 13:00-17:00 IST.")


def test_a_request_without_a_window_is_offered_at_once(small_catalogue, phone, agent, run_jobs):
    request = book(phone, "en")
    assert request.visit_window_start is None
    run_jobs()
    assert db.session.scalar(db.select(Offer.state).where(Offer.request_id == request.id)) in (LIVE,)


# ---- cancel and reschedule by phone -------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_the_caller_cancels_their_assigned_request_by_phone_and_the_agent_is_freed_and_told(
        language, small_catalogue, phone, new_phone, agent):
    request = book(phone, language)
    assign(request, agent)
    assert db.session.get(Agent, agent.id).open_jobs == 1
    call = status_call(new_phone, CALLER, language, request.number)
    assert say("change_menu", language) in call.heard
    call.press("1")
    assert say("cancel_confirm", language, number=" ".join(request.number)) in call.heard
    call.press("1")
    assert say("change_cancelled", language, number=" ".join(request.number)) in call.heard
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    assert request.state == "cancelled" and request.cancel_reason == "citizen_cancelled"
    assert db.session.get(Agent, agent.id).open_jobs == 0
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.request_id == request.id,
                                                          AuditEvent.to_state == "cancelled"))
    assert audit.from_state == "assigned" and audit.actor == "citizen:ivr"
    told = sms_to(agent.phone, "agent_job_cancelled")
    assert len(told) == 1 and request.number in told[0].body
    assert len(sms_to(CALLER, "request_withdrawn")) == 1


def test_keeping_the_request_at_the_confirmation_changes_nothing(small_catalogue, phone, new_phone, agent):
    request = book(phone, "en")
    call = status_call(new_phone, CALLER, "en", request.number)
    call.walk("1", "2")
    assert say("change_kept", "en") in call.heard and say("change_menu", "en") in call.heard
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state != "cancelled"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_caller_moves_the_visit_by_phone_the_agent_keeps_the_job_and_hears_the_new_window(
        language, small_catalogue, phone, new_phone, agent, at_local):
    at_local(10, 0)
    request = book(phone, language)
    assign(request, agent)
    call = status_call(new_phone, CALLER, language, request.number)
    call.press("2")
    assert say("window_option_4", language) in call.heard
    call.press("4")
    assert say("window_label_4", language) in call.heard and say("reschedule_confirm", language) in call.heard
    call.press("1")
    assert say("change_rescheduled", language, number=" ".join(request.number)) in call.heard
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    assert request.state == "assigned" and request.assigned_agent_id == agent.id
    assert request.visit_window_start == datetime(2026, 11, 26, 7, 30)
    told = sms_to(agent.phone, "agent_job_rescheduled")
    assert len(told) == 1 and "2026-11-26 13:00-17:00 IST" in told[0].body
    assert "2026-11-26 13:00-17:00 IST" in sms_to(CALLER, "request_rescheduled")[0].body


def test_rescheduling_a_request_on_offer_withdraws_the_offer_and_re_times_dispatch(
        small_catalogue, phone, new_phone, agent, at_local, run_jobs):
    at_local(10, 0)
    request = book(phone, "en")
    offer_id = dispatch_request(request.id)
    call = status_call(new_phone, CALLER, "en", request.number)
    call.walk("2", "3", "1")
    run_jobs()  # the freed agent's wake-up queues it; dispatch holds it until the new window's lead time
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    assert db.session.get(Offer, offer_id).state == WITHDRAWN
    lead = small_catalogue.config["VISIT_WINDOW_LEAD_MINUTES"]
    assert request.state == "new" and request.needs_dispatch
    assert request.next_dispatch_at == datetime(2026, 11, 26, 3, 30) - timedelta(minutes=lead)


@pytest.mark.parametrize("language", LANGUAGES)
def test_another_number_hears_the_status_but_is_never_offered_to_change_it(
        language, small_catalogue, phone, new_phone, agent):
    request = book(phone, language)
    call = status_call(new_phone, OTHER, language, request.number)
    assert say("change_menu", language) not in call.heard
    assert say("main_menu", language) in call.heard
    call.press("1")  # the main menu's 1 (a new service), not a cancel
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state == "new"


@pytest.mark.parametrize("language", LANGUAGES)
def test_after_the_visit_started_the_caller_is_not_offered_a_change(language, small_catalogue, phone, new_phone,
                                                                    agent):
    request = book(phone, language)
    assign(request, agent)
    start_visit(request.id, agent.id, db.session.get(ServiceRequest, request.id).visit_code)
    call = status_call(new_phone, CALLER, language, request.number)
    assert say("change_menu", language) not in call.heard


def test_a_change_that_comes_too_late_is_refused_with_a_clear_answer(small_catalogue, phone, new_phone, agent):
    request = book(phone, "en")
    assign(request, agent)
    call = status_call(new_phone, CALLER, "en", request.number)
    call.press("1")
    start_visit(request.id, agent.id, db.session.get(ServiceRequest, request.id).visit_code)  # meanwhile
    call.press("1")
    assert say("change_too_late", "en", number=" ".join(request.number)) in call.heard
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state == "visiting"


# ---- cancel and reschedule by SMS ---------------------------------------------------------------------------


@pytest.mark.parametrize("word, digits", [("CANCEL", "ascii"), ("cancel", "ascii"), ("रद्द", "devanagari"),
                                          ("منسوخ", "extended_arabic_indic"), ("منسوخ", "arabic_indic")])
def test_cancel_by_sms_in_any_script_cancels_an_offered_request_and_withdraws_the_offer(
        word, digits, small_catalogue, phone, agent):
    request = book(phone, "en")
    offer_id = dispatch_request(request.id)
    answer_sms(CALLER, f"{word} {in_digits(request.number, digits)}", "SMsim" + "1" * 10)
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state == "cancelled"
    assert db.session.get(Offer, offer_id).state == WITHDRAWN
    assert len(sms_to(CALLER, "request_withdrawn")) == 1
    answer_sms(CALLER, f"{word} {request.number}", "SMsim" + "1" * 10)  # Twilio delivers it again: nothing more
    assert len(sms_to(CALLER, "request_withdrawn")) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_cancel_by_sms_from_another_number_is_refused_in_the_senders_language(language, small_catalogue, phone):
    request = book(phone, "en")
    from ivr.models import CallerPreference
    db.session.add(CallerPreference(phone=OTHER, language=language))
    db.session.commit()
    assert answer_sms(OTHER, f"CANCEL {request.number}", None) == "sms_change_not_yours"
    reply = sms_to(OTHER, "ivr_sms_change_not_yours")
    assert len(reply) == 1 and reply[0].body == SMS["sms_change_not_yours"][language].format(number=request.number)
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state == "new"


def test_sms_changes_after_the_visit_started_or_on_a_bad_number_are_answered_clearly(small_catalogue, phone, agent):
    request = book(phone, "en")
    assign(request, agent)
    start_visit(request.id, agent.id, db.session.get(ServiceRequest, request.id).visit_code)
    assert answer_sms(CALLER, f"CANCEL {request.number}", None) == "sms_change_too_late"
    assert answer_sms(CALLER, f"RESCHEDULE {request.number} 3", None) == "sms_change_too_late"
    assert answer_sms(CALLER, "CANCEL 12345678", None) == "number_invalid"
    assert "you sent 8" in sms_to(CALLER, "ivr_number_invalid")[0].body
    assert answer_sms(CALLER, "CANCEL please", None) == "sms_cancel_how"


@pytest.mark.parametrize("language", LANGUAGES)
def test_reschedule_by_sms_lists_the_windows_then_moves_the_visit_with_a_digit(
        language, small_catalogue, phone, agent, at_local):
    at_local(12, 30)
    request = book(phone, language)
    assign(request, agent)
    assert answer_sms(CALLER, f"RESCHEDULE {request.number}", None) == "sms_reschedule_choices"
    choices = sms_to(CALLER, "ivr_sms_reschedule_choices")[0].body
    assert PROMPTS["window_label_1"][language] not in choices  # the morning is gone at 12:30
    assert all(f"{n} = {PROMPTS[f'window_label_{n}'][language]}" in choices for n in (2, 3, 4))
    assert answer_sms(CALLER, f"RESCHEDULE {request.number} 1", None) == "sms_reschedule_choices"  # gone: choices
    assert answer_sms(CALLER, f"RESCHEDULE {request.number} {in_digits('2', 'devanagari')}", None) is None
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    assert request.visit_window_start == datetime(2026, 11, 25, 7, 30) and request.state == "assigned"
    assert len(sms_to(agent.phone, "agent_job_rescheduled")) == 1
    assert len(sms_to(CALLER, "request_rescheduled")) == 1


# ---- the no-show rule ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_nobody_at_home_twice_closes_the_request_with_an_sms_saying_how_to_book_again(
        language, small_catalogue, phone, agent):
    from dispatch.sms import TEMPLATES

    request = book(phone, language)
    assign(request, agent)
    assert cancel_by_agent(request.id, agent.id, "citizen_not_home") == "new"  # the first time: offered again
    assert len(sms_to(CALLER, "visit_not_home")) == 1
    second = make_agent(2, km_north=3)
    assign(request, second)
    assert cancel_by_agent(request.id, second.id, "citizen_not_home") == "cancelled"
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    assert request.state == "cancelled" and not request.needs_dispatch and request.cancel_reason == "citizen_not_home"
    closed = sms_to(CALLER, "request_closed_not_home")
    assert len(closed) == 1 and "1447" in closed[0].body
    assert closed[0].body.startswith(TEMPLATES["request_closed_not_home"].get(language, "")[:12])
    assert db.session.get(Agent, second.id).open_jobs == 0
    assert db.session.scalar(db.select(Offer.id).where(Offer.state == LIVE)) is None


# ---- the spoken landmark ------------------------------------------------------------------------------------

def _post_recording(phone, sid: str, url: str):
    action = phone.twiml.find("./Record").get("action")
    params = phone.params(RecordingSid=sid, RecordingUrl=url, RecordingDuration="7")
    return phone.post(action, params)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_caller_records_a_landmark_after_the_pin_and_it_is_kept_on_the_request(language, small_catalogue, phone):
    phone.call()
    phone.walk(digit_of(language), "1", "1", "1", SRINAGAR_PIN + "#")
    assert say("landmark_offer", language) in phone.heard
    phone.press("3")
    record = phone.twiml.find("./Record")
    assert record is not None and record.get("maxLength") == "20" and record.get("playBeep") == "true"
    assert record.get("finishOnKey") == "#" and record.get("action").startswith("/ivr/record?t=")
    assert say("landmark_ask", language) in phone.heard
    assert phone.twiml.find("./Redirect").text.startswith("/ivr/step?t=")  # nothing recorded: skipped
    _post_recording(phone, TWILIO_RECORDING, TWILIO_URL)
    assert say("landmark_thanks", language) in phone.heard and phone.twiml.find("./Gather") is not None
    phone.press("1")
    request = db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.call_sid == phone.call_sid))
    assert request.landmark_recording_sid == TWILIO_RECORDING and request.landmark_recording_url == TWILIO_URL


def test_skipping_the_landmark_goes_on_to_the_quote(small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN + "#", "3")
    redirect = phone.twiml.find("./Redirect").text
    phone.post(redirect, phone.params(Digits=""))
    assert "notified fee" in phone.heard.lower() or say("window_offer", "en") in phone.heard
    assert say("landmark_thanks", "en") not in phone.heard
    phone.press("1")
    request = db.session.scalar(db.select(ServiceRequest))
    assert request.landmark_recording_sid is None


@pytest.mark.parametrize("sid, url", [
    (TWILIO_RECORDING, "https://evil.example/2010-04-01/Accounts/AC" + "0" * 32 + "/Recordings/" + TWILIO_RECORDING),
    (TWILIO_RECORDING, TWILIO_URL.replace(TWILIO_RECORDING, "RE" + "b2" * 16)),
    ("REsim0123456789", "simulator:REsim0123456789"),  # no such local file
    ("", ""),
])
def test_a_recording_that_is_not_twilios_is_ignored_and_nothing_is_fetched_from_elsewhere(
        sid, url, small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN + "#", "3")
    _post_recording(phone, sid, url)
    assert phone.response.status_code == 200 and say("landmark_thanks", "en") not in phone.heard
    phone.press("1")
    assert db.session.scalar(db.select(ServiceRequest)).landmark_recording_url is None


def test_an_unsigned_recording_webhook_is_refused(small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN + "#", "3")
    action = phone.twiml.find("./Record").get("action")
    response = phone.client.post(action, data=phone.params(RecordingSid=TWILIO_RECORDING, RecordingUrl=TWILIO_URL))
    assert response.status_code == 403


def test_the_simulator_speaks_a_test_landmark_for_a_record_verb(small_catalogue, client, app):
    from ivr.simulator import describe_twiml

    sim_call = "CAsim" + "c" * 28
    common = {"CallSid": sim_call, "AccountSid": "ACtest", "To": "+911447", "CallStatus": "in-progress"}

    def webhook(target, **params):
        page = client.get("/ivr/simulator")
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.get_data(as_text=True)).group(1)
        return client.post("/ivr/simulator/webhook", json={"target": target, "params": {**common, **params}},
                           headers={"X-CSRFToken": token}).get_json()

    answer = webhook("/ivr/voice")
    for digits in ("1", "1", "1", "1", SRINAGAR_PIN + "#", "3"):
        answer = webhook(answer["gather"]["action"], Digits=digits)
    assert answer["record"]["action"].startswith("/ivr/record?t=") and answer["record"]["skip"]
    answer = webhook(answer["record"]["action"])
    assert say("landmark_thanks", "en") in " ".join(s.get("text", "") for s in answer["speech"])
    answer = webhook(answer["gather"]["action"], Digits="1")
    request = db.session.scalar(db.select(ServiceRequest))
    assert request.landmark_recording_url.startswith("simulator:REsim")
    assert describe_twiml("<Response><Record action='/x'/><Redirect>/y</Redirect></Response>")["record"] == {
        "action": "/x", "maxLength": None, "skip": "/y"}


def test_every_new_text_exists_in_every_language_and_each_script_is_its_own():
    from dispatch.sms import TEMPLATES

    new_prompts = [k for k in PROMPTS if k.startswith(("window_", "change_", "landmark_")) or k in (
        "cancel_confirm", "reschedule_confirm")]
    new_sms = [k for k in SMS if k.startswith("sms_")]
    new_templates = ["request_rescheduled", "request_closed_not_home", "agent_job_cancelled",
                     "agent_job_rescheduled", "visit_window_note"]
    devanagari, perso_arabic = re.compile("[\u0900-\u097F]"), re.compile("[\u0600-\u06FF]")
    for texts in [PROMPTS[k] for k in new_prompts] + [SMS[k] for k in new_sms] + [TEMPLATES[k] for k in new_templates]:
        assert set(LANGUAGES) <= set(texts)
        for language in ("ur", "ks"):
            if language in texts:
                assert not devanagari.search(texts[language]) and perso_arabic.search(texts[language])
        for language in ("hi", "doi"):
            if language in texts:
                assert not perso_arabic.search(texts[language]) and devanagari.search(texts[language])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_help_sms_tells_how_to_cancel_or_change_the_time_in_every_language(language):
    from ivr.prompts import sms_text

    help_text = sms_text("help", language)
    assert "CANCEL" in help_text and "RESCHEDULE" in help_text
