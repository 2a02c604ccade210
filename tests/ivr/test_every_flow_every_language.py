"""Every citizen flow in every language of the one language list (issue 13, "Done means"), through the signed
webhooks with the TwiML parsed: book (with a visit window), status, cancel and reschedule by phone, the operator and
the call-back, a rating and a fee dispute replied to the receipt by SMS, CANCEL and RESCHEDULE by SMS.

Each test checks the outcome in the database and that the caller hears or reads it in their own language: every <Say>
by the language's configured speaker (IVR_SPEAKERS: Kashmiri by the Urdu voice, Dogri by the Hindi one, each reading
its own text) and every text in the language's script (Latin, Devanagari, Perso-Arabic) with no letter of another.
The flows' finer rules are tested where they are built (test_citizen_terms.py, test_status_operator.py,
test_sms_disputes.py, test_kashmiri_dogri.py); this module is the cross product."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

import pytest

from core.extensions import db
from core.languages import CLOSEST_LANGUAGE, LANGUAGES
from core.models import OutboxMessage
from dispatch.disputes import FeeDispute
from dispatch.models import Agent, AuditEvent, ServiceRequest
from dispatch.visits import complete_request, start_visit
from ivr.models import CallbackRequest, Rating
from tests.ivr.conftest import CALLER, SRINAGAR_PIN
from tests.ivr.test_citizen_terms import (
    assign,
    at_local,  # noqa: F401  (a fixture: the call centre's local clock)
    book,
    digit_of,
    make_agent,
    say,
    status_call,
)

OPERATOR = "+911942500000"
LATIN = re.compile(r"[A-Za-z]")
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
# Each language's script, and the scripts none of its texts may hold.
SCRIPT = {"en": LATIN, "hi": DEVANAGARI, "doi": DEVANAGARI, "ur": ARABIC, "ks": ARABIC}
FOREIGN = {"en": (DEVANAGARI, ARABIC), "hi": (ARABIC,), "doi": (ARABIC,), "ur": (DEVANAGARI,), "ks": (DEVANAGARI,)}
every_language = pytest.mark.parametrize("language", LANGUAGES)


def in_its_script(text: str, language: str) -> bool:
    return bool(SCRIPT[language].search(text)) and not any(script.search(text) for script in FOREIGN[language])


def assert_heard_in(phone, language: str) -> None:
    """The last answer is spoken by the language's speaker only, in the language's script."""
    speaker = phone.client.application.config["IVR_SPEAKERS"][language]
    spoken_by = {(verb.get("voice"), verb.get("language")) for verb in phone.twiml.iter("Say")}
    assert spoken_by == {speaker}, (language, spoken_by)
    assert in_its_script(phone.heard, language), (language, phone.heard)


def assert_reads_in(message: OutboxMessage, language: str) -> None:
    assert message.to_number == CALLER and in_its_script(message.body, language), (language, message.body)


def sms_from_caller(phone, body: str, sid: str) -> None:
    """Text 1447 from the caller's phone through the signed SMS webhook."""
    response = phone.post("/ivr/sms", {"From": CALLER, "To": "1447", "Body": body, "MessageSid": sid})
    assert response.status_code == 200 and response.mimetype == "text/xml"


def last_sms(template: str) -> OutboxMessage:
    found = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_number == CALLER,
                                                              OutboxMessage.template == template)
                               .order_by(OutboxMessage.id.desc())).first()
    assert found is not None, f"no {template} SMS to the caller"
    return found


def completed_by_dispatch(phone, language: str) -> tuple[ServiceRequest, Agent]:
    """A request booked on the call, offered, accepted, visited and completed at the notified fee (Rs 80) by the
    dispatch use cases, as the console does; the receipt SMS is staged by complete_request."""
    agent = make_agent(1)
    request = book(phone, language)
    assign(request, agent)
    visit_code = db.session.get(ServiceRequest, request.id).visit_code
    start_visit(request.id, agent.id, visit_code)
    complete_request(request.id, agent.id, "DOM/2026/1", Decimal("80"), None)
    db.session.expire_all()
    return db.session.get(ServiceRequest, request.id), agent


def test_kashmiri_is_spoken_by_the_urdu_speaker_and_dogri_by_the_hindi_one(app):
    speakers = app.config["IVR_SPEAKERS"]
    assert set(speakers) == set(LANGUAGES)
    for language, closest in CLOSEST_LANGUAGE.items():
        assert speakers[language] == speakers[closest]
    assert speakers["ks"][1] == "ur-IN" and speakers["doi"][1] == "hi-IN"


# ---- by phone ---------------------------------------------------------------------------------------------------

@every_language
def test_a_caller_books_a_visit_for_tomorrow_afternoon_and_hears_the_number_in_their_language(
        language, small_catalogue, phone, at_local):  # noqa: F811  (the imported fixture)
    at_local(10, 30)
    phone.call()
    phone.walk(digit_of(language), "1", "1", "1", SRINAGAR_PIN + "#", "1")
    assert say("window_offer", language) in phone.heard
    assert_heard_in(phone, language)
    phone.press("3")
    assert say("window_option_4", language) in phone.heard
    assert_heard_in(phone, language)
    phone.press("4")
    request = db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.call_sid == phone.call_sid))
    assert request is not None and request.state == "new" and request.language == language
    assert request.citizen_phone == CALLER and request.service_code == "domicile"
    assert (request.visit_window_start, request.visit_window_end) == (datetime(2026, 11, 26, 7, 30),
                                                                       datetime(2026, 11, 26, 11, 30))
    assert phone.twiml.find("./Hangup") is not None
    assert say("registered", language) in phone.heard and say("repeat_number", language) in phone.heard
    assert_heard_in(phone, language)


@every_language
def test_the_caller_asks_the_status_of_their_request_and_hears_it_in_their_language(
        language, small_catalogue, phone, new_phone):
    request = book(phone, language)
    call = status_call(new_phone, CALLER, language, request.number)
    assert say("change_menu", language) in call.heard  # their own open request: cancel or reschedule offered
    assert_heard_in(call, language)
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state == "new"  # asking changes nothing


@every_language
def test_the_caller_cancels_by_phone_from_the_status_menu_and_the_request_is_cancelled(
        language, small_catalogue, phone, new_phone):
    agent = make_agent(1)
    request = book(phone, language)
    assign(request, agent)
    call = status_call(new_phone, CALLER, language, request.number)
    call.press("1")
    assert say("cancel_confirm", language, number=" ".join(request.number)) in call.heard
    assert_heard_in(call, language)
    call.press("1")
    assert say("change_cancelled", language, number=" ".join(request.number)) in call.heard
    assert_heard_in(call, language)
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    assert request.state == "cancelled" and request.cancel_reason == "citizen_cancelled"
    assert db.session.get(Agent, agent.id).open_jobs == 0
    assert db.session.scalar(db.select(AuditEvent.actor).where(AuditEvent.request_id == request.id,
                                                               AuditEvent.to_state == "cancelled")) == "citizen:ivr"
    assert_reads_in(last_sms("request_withdrawn"), language)


@every_language
def test_the_caller_reschedules_by_phone_to_tomorrow_morning_and_keeps_the_agent(
        language, small_catalogue, phone, new_phone, at_local):  # noqa: F811  (the imported fixture)
    at_local(10, 0)
    agent = make_agent(1)
    request = book(phone, language)
    assign(request, agent)
    call = status_call(new_phone, CALLER, language, request.number)
    call.press("2")
    assert say("window_option_3", language) in call.heard
    assert_heard_in(call, language)
    call.press("3")
    assert say("reschedule_confirm", language) in call.heard
    assert_heard_in(call, language)
    call.press("1")
    assert say("change_rescheduled", language, number=" ".join(request.number)) in call.heard
    assert_heard_in(call, language)
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    assert request.state == "assigned" and request.assigned_agent_id == agent.id
    assert request.visit_window_start == datetime(2026, 11, 26, 3, 30)  # 09:00 IST tomorrow
    assert_reads_in(last_sms("request_rescheduled"), language)


@every_language
def test_zero_during_operator_hours_dials_the_operator_with_the_words_in_the_callers_language(
        language, small_catalogue, app, phone):
    app.config.update(OPERATOR_NUMBER=OPERATOR, OPERATOR_HOURS="00:00-24:00")
    phone.call()
    phone.walk(digit_of(language), "0")
    dial = phone.twiml.find("./Dial")
    assert dial is not None and dial.text == OPERATOR
    assert_heard_in(phone, language)


@every_language
def test_zero_when_no_operator_is_on_duty_registers_a_call_back_in_the_callers_language(
        language, small_catalogue, app, phone):
    app.config.update(OPERATOR_NUMBER=OPERATOR, OPERATOR_HOURS="00:00-00:01")
    phone.call()
    phone.walk(digit_of(language), "0")
    assert phone.twiml.find("./Dial") is None
    assert_heard_in(phone, language)
    phone.press("1")
    [callback] = db.session.scalars(db.select(CallbackRequest))
    assert (callback.phone, callback.language, callback.status) == (CALLER, language, "open")
    assert callback.call_sid == phone.call_sid and phone.twiml.find("./Hangup") is not None
    assert_heard_in(phone, language)


# ---- by SMS -----------------------------------------------------------------------------------------------------

@every_language
@pytest.mark.parametrize("score", [1, 2, 3])
def test_the_citizen_rates_the_visit_by_replying_to_the_receipt_in_their_language(
        language, score, small_catalogue, phone):
    request, _ = completed_by_dispatch(phone, language)
    assert request.state == "completed"
    assert_reads_in(last_sms("receipt"), language)
    sms_from_caller(phone, str(score), f"SMrate{language}{score}")
    assert [(r.request_id, r.score) for r in db.session.scalars(db.select(Rating))] == [(request.id, score)]
    reply = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_number == CALLER,
                                                              OutboxMessage.template.like("ivr_%"))).one()
    assert request.number in reply.body
    assert_reads_in(reply, language)


@every_language
def test_paid_above_the_notified_fee_opens_one_fee_dispute_answered_in_the_citizens_language(
        language, small_catalogue, phone):
    request, agent = completed_by_dispatch(phone, language)
    sms_from_caller(phone, "PAID 120", f"SMpaid{language}")
    sms_from_caller(phone, "PAID 120", f"SMpaid{language}")  # Twilio delivers it again: still one case
    [dispute] = db.session.scalars(db.select(FeeDispute))
    assert (dispute.request_id, dispute.agent_id, dispute.state) == (request.id, agent.id, "open")
    assert (dispute.claimed_amount, dispute.notified_fee, dispute.phone) == (Decimal("120"), Decimal("80"), CALLER)
    reply = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_number == CALLER,
                                                              OutboxMessage.template.like("ivr_%"))).one()
    assert str(dispute.id) in reply.body and request.number in reply.body
    assert_reads_in(reply, language)


@every_language
def test_cancel_by_sms_cancels_the_callers_request_and_says_so_in_their_language(language, small_catalogue, phone):
    agent = make_agent(1)
    request = book(phone, language)
    assign(request, agent)
    sms_from_caller(phone, f"CANCEL {request.number}", f"SMcancel{language}")
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    assert request.state == "cancelled" and request.cancel_reason == "citizen_cancelled"
    assert db.session.get(Agent, agent.id).open_jobs == 0
    withdrawn = last_sms("request_withdrawn")
    assert request.number in withdrawn.body
    assert_reads_in(withdrawn, language)


@every_language
def test_reschedule_by_sms_lists_the_windows_then_a_digit_moves_the_visit_in_their_language(
        language, small_catalogue, phone, at_local):  # noqa: F811  (the imported fixture)
    at_local(10, 0)
    agent = make_agent(1)
    request = book(phone, language)
    assign(request, agent)
    sms_from_caller(phone, f"RESCHEDULE {request.number}", f"SMresched{language}")
    choices = last_sms("ivr_sms_reschedule_choices")
    assert say("window_label_4", language) in choices.body
    assert_reads_in(choices, language)
    sms_from_caller(phone, f"RESCHEDULE {request.number} 4", f"SMresched{language}4")
    db.session.expire_all()
    request = db.session.get(ServiceRequest, request.id)
    assert request.state == "assigned" and request.assigned_agent_id == agent.id
    assert request.visit_window_start == datetime(2026, 11, 26, 7, 30)  # 13:00 IST tomorrow
    assert_reads_in(last_sms("request_rescheduled"), language)
