"""Issue 13, item 5: agents without mobile data work by SMS from their registered number, through the same
dispatch use cases (compare-and-set, visit-code lockout, fee check) as the console; every answer one SMS in the
agent's language; a number that is no agent's goes to the citizens' handling."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from agent_helpers import post_form, sign_in
from twilio.request_validator import RequestValidator

from agents.accounts import set_language
from agents.models import AgentSmsCommand, UserAccount
from core.clock import utcnow
from core.extensions import db
from core.models import OutboxMessage
from dispatch.models import (
    ACCEPTED,
    ASSIGNED,
    COMPLETED,
    DECLINED,
    LIVE,
    OFFERED,
    VISITING,
    WAITING_STATES,
    Agent,
    Offer,
    ServiceRequest,
)
from dispatch.visits import MAX_CODE_FAILURES, VisitCodeLocked, start_visit

_sids = itertools.count(1)
DEVANAGARI = range(0x0900, 0x0980)


@pytest.fixture(autouse=True)
def generous_sms_limit(app):
    app.config["SMS_LIMIT_PER_CALLER"] = "100 per minute"  # the limit has tests of its own


@pytest.fixture
def text(client, app):
    """Send an SMS to 1447 signed as Twilio signs it; the answers staged for the sender since."""

    def send(sender: str, body: str, sid: str | None = None) -> list[OutboxMessage]:
        before = db.session.scalar(db.select(db.func.max(OutboxMessage.id))) or 0
        params = {"From": sender, "To": "1447", "Body": body, "MessageSid": sid or f"SM{next(_sids):032d}"}
        signature = RequestValidator(app.config["TWILIO_AUTH_TOKEN"]).compute_signature(
            "http://localhost/ivr/sms", params)
        response = client.post("/ivr/sms", data=params, headers={"X-Twilio-Signature": signature})
        assert response.status_code == 200 and response.mimetype == "text/xml"
        db.session.expire_all()
        return list(db.session.scalars(db.select(OutboxMessage).where(
            OutboxMessage.id > before, OutboxMessage.to_number == sender).order_by(OutboxMessage.id)))

    return send


@pytest.fixture
def answer(text):
    """The one answer to an SMS (and that there is exactly one)."""

    def send(sender: str, body: str, sid: str | None = None) -> OutboxMessage:
        answers = text(sender, body, sid)
        assert len(answers) == 1, [a.body for a in answers]
        return answers[0]

    return send


def choose(agent_id: int, language: str) -> None:
    account = db.session.scalar(db.select(UserAccount).where(UserAccount.agent_id == agent_id))
    set_language(account.id, language)


def agent_of(offer: Offer) -> Agent:
    return db.session.get(Agent, offer.agent_id)


def request_of(offer: Offer) -> ServiceRequest:
    return db.session.get(ServiceRequest, offer.request_id, populate_existing=True)


@pytest.fixture
def held(make_agent, offered, answer):
    """A job accepted by SMS: (its offer, its agent)."""

    def make(language: str = "en") -> tuple[Offer, Agent]:
        agent = make_agent()
        choose(agent.id, language)
        offer = offered()
        assert answer(agent.phone, f"YES {offer.sms_code}").template == "agent_sms_accepted"
        return offer, agent

    return make


@pytest.mark.parametrize("language, words", [("en", "reply YES {code} to accept, NO {code} to decline"),
                                             ("hi", "स्वीकार के लिए YES {code}, मना करने के लिए NO {code}"),
                                             ("ur", "قبول کرنے کے لیے YES {code}، انکار کے لیے NO {code}")])
def test_the_offer_sms_carries_the_code_and_how_to_answer(make_agent, offered, language, words):
    agent = make_agent()
    choose(agent.id, language)
    offer = offered()
    assert offer.sms_code and len(offer.sms_code) == 4
    body = db.session.scalar(db.select(OutboxMessage.body).where(OutboxMessage.template == "offer_to_agent"))
    assert words.format(code=offer.sms_code) in body


def test_yes_accepts_the_offer_and_tells_the_agent_whom_to_call(make_agent, offered, answer):
    agent = make_agent()
    offer = offered("Rafiq Ahmad Dar")
    reply = answer(agent.phone, f"yes  {offer.sms_code.lower()} ")
    request = request_of(offer)
    assert request.state == ASSIGNED and request.assigned_agent_id == agent.id
    assert db.session.get(Offer, offer.id).state == ACCEPTED
    assert reply.template == "agent_sms_accepted"
    assert request.number in reply.body and request.citizen_phone in reply.body and "Rafiq Ahmad Dar" in reply.body
    assert f"START {offer.sms_code}" in reply.body
    citizen = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.template == "agent_assigned"))
    assert citizen.to_number == request.citizen_phone and request.visit_code in citizen.body


def test_an_offer_accepted_by_sms_cannot_be_accepted_again_in_the_console(client, make_agent, offered, answer):
    agent = make_agent()
    offer = offered()
    answer(agent.phone, f"YES {offer.sms_code}")
    sign_in(client, "agent1")
    page = post_form(client, "/agents/", f"/agents/offers/{offer.id}/accept").get_data(as_text=True)
    assert "no longer available" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.template == "agent_assigned")) == 1
    assert db.session.get(Agent, agent.id).open_jobs == 1


def test_an_offer_declined_in_the_console_cannot_be_accepted_by_sms(client, make_agent, offered, answer):
    agent = make_agent()
    offer = offered()
    sign_in(client, "agent1")
    post_form(client, "/agents/", f"/agents/offers/{offer.id}/decline", {"reason": "too_far"})
    reply = answer(agent.phone, f"YES {offer.sms_code}")
    assert reply.template == "agent_sms_offer_gone" and "no longer available" in reply.body
    assert request_of(offer).assigned_agent_id is None


def test_no_declines_the_offer_and_it_goes_to_the_next_agent(make_agent, offered, answer):
    agent = make_agent()
    offer = offered()
    reply = answer(agent.phone, f"NO {offer.sms_code}")
    closed = db.session.get(Offer, offer.id)
    assert closed.state == DECLINED and closed.reason == "declined by SMS"
    assert request_of(offer).state in WAITING_STATES and request_of(offer).assigned_agent_id is None
    assert reply.template == "agent_sms_declined" and offer.sms_code in reply.body


def test_an_expired_offer_is_not_accepted(make_agent, offered, answer):
    agent = make_agent()
    offer = offered()
    db.session.get(Offer, offer.id).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    reply = answer(agent.phone, f"YES {offer.sms_code}")
    assert reply.template == "agent_sms_offer_gone"
    assert db.session.get(Offer, offer.id).state == LIVE and request_of(offer).state == OFFERED


def test_another_agents_code_and_an_unknown_code_are_refused(make_agent, offered, answer):
    offered_to = make_agent()
    other = make_agent()
    offer = offered()
    assert offer.agent_id == offered_to.id
    reply = answer(other.phone, f"YES {offer.sms_code}")
    assert reply.template == "agent_sms_not_yours"
    assert db.session.get(Offer, offer.id).state == LIVE
    unknown = "ZZZZ" if offer.sms_code != "ZZZZ" else "YYYY"
    assert answer(other.phone, f"NO {unknown}").template == "agent_sms_unknown_code"
    assert answer(other.phone, f"START {offer.sms_code} 1234").template == "agent_sms_not_yours"


def test_start_with_the_citizens_visit_code_starts_the_visit(held, answer):
    offer, agent = held()
    request = request_of(offer)
    reply = answer(agent.phone, f"START {offer.sms_code} {request.visit_code}")
    assert reply.template == "agent_sms_visit_started" and f"DONE {offer.sms_code}" in reply.body
    assert request_of(offer).state == VISITING


def test_start_before_accepting_says_to_accept_first(make_agent, offered, answer):
    agent = make_agent()
    offer = offered()
    assert answer(agent.phone, f"START {offer.sms_code} 1234").template == "agent_sms_accept_first"


def wrong_code(request: ServiceRequest) -> str:
    return f"{(int(request.visit_code) + 1) % 10000:04d}"


def test_wrong_visit_codes_count_down_then_lock_as_in_the_console(held, answer):
    offer, agent = held()
    request = request_of(offer)
    for left in range(MAX_CODE_FAILURES - 1, 0, -1):
        reply = answer(agent.phone, f"START {offer.sms_code} {wrong_code(request)}")
        assert reply.template == "agent_sms_wrong_visit_code" and f"{left} attempts left" in reply.body
    reply = answer(agent.phone, f"START {offer.sms_code} {wrong_code(request)}")
    assert reply.template == "agent_sms_visit_code_locked"
    # Locked for the console too, even with the right code: one counter for both doors.
    assert answer(agent.phone, f"START {offer.sms_code} {request.visit_code}").template == \
        "agent_sms_visit_code_locked"
    with pytest.raises(VisitCodeLocked):
        start_visit(request.id, agent.id, request.visit_code)
    assert request_of(offer).state == ASSIGNED


def test_wrong_codes_typed_in_the_console_count_for_sms_too(client, held, answer):
    offer, agent = held()
    request = request_of(offer)
    sign_in(client, "agent1")
    post_form(client, f"/agents/jobs/{request.id}", f"/agents/jobs/{request.id}/start", {"code": wrong_code(request)})
    reply = answer(agent.phone, f"START {offer.sms_code} {wrong_code(request)}")
    assert f"{MAX_CODE_FAILURES - 2} attempts left" in reply.body


def visiting(held, answer, language: str = "en") -> tuple[Offer, Agent]:
    offer, agent = held(language)
    answer(agent.phone, f"START {offer.sms_code} {request_of(offer).visit_code}")
    return offer, agent


def test_done_with_the_notified_fee_completes_and_the_citizen_gets_a_receipt(held, answer):
    offer, agent = visiting(held, answer)
    reply = answer(agent.phone, f"DONE {offer.sms_code} JK-REV-2026-0042 80")
    request = request_of(offer)
    assert request.state == COMPLETED and request.application_number == "JK-REV-2026-0042"
    assert request.fee_collected == Decimal("80") and request.fee_flag_reason is None
    assert reply.template == "agent_sms_completed" and "JK-REV-2026-0042" in reply.body
    receipt = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.template == "receipt"))
    assert receipt.to_number == request.citizen_phone and "JK-REV-2026-0042" in receipt.body
    assert db.session.get(Agent, agent.id).open_jobs == 0
    assert answer(agent.phone, f"DONE {offer.sms_code} JK-REV-2026-0042 80").template == "agent_sms_job_closed"


def test_done_with_another_fee_needs_a_reason_and_is_then_flagged(held, answer):
    offer, agent = visiting(held, answer)
    refused = answer(agent.phone, f"DONE {offer.sms_code} JK-1 100")
    assert refused.template == "agent_sms_fee_needs_reason" and "Rs 80.00" in refused.body
    assert request_of(offer).state == VISITING
    reply = answer(agent.phone, f"DONE {offer.sms_code} JK-1 Rs 100 two copies asked")
    request = request_of(offer)
    assert request.state == COMPLETED and request.fee_collected == Decimal("100")
    assert request.fee_flag_reason == "collected Rs 100 instead of Rs 80.00: two copies asked"
    assert reply.template == "agent_sms_completed_flagged" and "100.00" in reply.body and "80.00" in reply.body


def test_done_before_the_visit_started_says_to_start_first(held, answer):
    offer, agent = held()
    assert answer(agent.phone, f"DONE {offer.sms_code} JK-1 80").template == "agent_sms_start_first"
    assert request_of(offer).state == ASSIGNED


def test_a_badly_written_command_is_answered_with_the_right_format(make_agent, answer):
    agent = make_agent()
    reply = answer(agent.phone, "START K7P3")
    assert reply.template == "agent_sms_bad_format" and "START <code> <visit code>" in reply.body
    assert "DONE <code> <application no> <fee>" in answer(agent.phone, "DONE K7P3 JK-1").body


def test_jobs_lists_the_live_offer_and_the_open_jobs_with_their_codes(make_agent, held, offered, answer):
    offer, agent = held()
    assert answer(agent.phone, "JOBS").body.count(offer.sms_code) == 1
    second = offered()
    assert second.agent_id == agent.id and second.sms_code != offer.sms_code
    listed = answer(agent.phone, "jobs").body
    assert f"{offer.sms_code} to visit" in listed and f"{second.sms_code} offer" in listed
    idle = make_agent()
    assert answer(idle.phone, "JOBS").template == "agent_sms_no_jobs"


def test_an_agent_writing_anything_else_gets_the_agents_help(make_agent, answer):
    agent = make_agent()
    for body in ("HELP", "hello"):
        reply = answer(agent.phone, body)
        assert reply.template == "agent_sms_help" and "YES <code>" in reply.body


def test_the_same_sms_delivered_twice_acts_once_and_is_answered_once(held, text):
    offer, agent = held()
    request = request_of(offer)
    body = f"START {offer.sms_code} {wrong_code(request)}"
    assert len(text(agent.phone, body, "SMtwice")) == 1
    assert text(agent.phone, body, "SMtwice") == []
    assert request_of(offer).visit_code_failures == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(AgentSmsCommand)
                             .where(AgentSmsCommand.message_sid == "SMtwice")) == 1


def test_a_redelivered_yes_does_not_answer_again(make_agent, offered, text):
    agent = make_agent()
    offer = offered()
    assert [m.template for m in text(agent.phone, f"YES {offer.sms_code}", "SMyes")] == ["agent_sms_accepted"]
    assert text(agent.phone, f"YES {offer.sms_code}", "SMyes") == []


def test_a_number_that_is_no_agents_gets_the_citizens_answer(make_agent, offered, answer):
    make_agent()
    offer = offered()
    reply = answer("+919906099999", f"YES {offer.sms_code}")
    assert reply.template == "ivr_help"
    assert db.session.get(Offer, offer.id).state == LIVE


def test_an_inactive_agents_number_is_treated_as_a_citizens(make_agent, offered, answer):
    agent = make_agent()
    offer = offered()
    db.session.get(Agent, agent.id).active = False
    db.session.commit()
    assert answer(agent.phone, f"YES {offer.sms_code}").template == "ivr_help"
    assert db.session.get(Offer, offer.id).state == LIVE


def test_a_citizens_command_from_an_agents_phone_goes_to_the_citizens_handling(make_agent, make_request, answer):
    agent = make_agent(on_duty=False)
    request = make_request()
    reply = answer(agent.phone, f"STATUS {request.number}")
    assert reply.template == "ivr_status_reply" and request.number in reply.body


LANGUAGE_WORDS = {
    "en": {"accepted": "is yours", "visit_started": "started", "wrong_visit_code": "attempts left",
           "completed": "completed", "help": "agent SMS", "bad_format": "not understood"},
    "hi": {"accepted": "आपका है", "visit_started": "शुरू हुई", "wrong_visit_code": "प्रयास बाकी",
           "completed": "पूरा हुआ", "help": "एजेंट SMS", "bad_format": "समझ नहीं आया"},
    "ur": {"accepted": "آپ کا ہے", "visit_started": "شروع ہو گیا", "wrong_visit_code": "کوششیں باقی",
           "completed": "مکمل ہو گیا", "help": "ایجنٹ SMS", "bad_format": "سمجھ نہیں آیا"},
}


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_every_answer_is_in_the_agents_language(held, answer, language):
    offer, agent = held(language)
    request = request_of(offer)
    code = offer.sms_code
    accepted = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.template == "agent_sms_accepted"))
    replies = {"accepted": accepted,
               "wrong_visit_code": answer(agent.phone, f"START {code} {wrong_code(request)}"),
               "visit_started": answer(agent.phone, f"START {code} {request.visit_code}"),
               "completed": answer(agent.phone, f"DONE {code} JK-7 80"),
               "help": answer(agent.phone, "HELP"),
               "bad_format": answer(agent.phone, "YES")}
    for key, reply in replies.items():
        assert LANGUAGE_WORDS[language][key] in reply.body, (key, reply.body)
        if language == "ur":
            assert not any(ord(c) in DEVANAGARI for c in reply.body), reply.body
    service = {"en": "Domicile Certificate", "hi": "अधिवास प्रमाण पत्र", "ur": "ڈومیسائل سرٹیفکیٹ"}[language]
    assert service in replies["accepted"].body


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_every_agent_sms_template_exists_in_every_language_and_urdu_is_in_urdu_script(language):
    from dispatch.sms import TEMPLATES

    keys = [key for key in TEMPLATES if key.startswith("agent_sms_")] + ["offer_to_agent"]
    assert len(keys) > 20
    for key in keys:
        text = TEMPLATES[key][language]
        if language == "ur":
            assert not any(ord(c) in DEVANAGARI for c in text), key
            assert any("\u0600" <= c <= "\u06ff" for c in text), key
