"""Fee disputes and ratings by SMS (issue 12): PAID <amount> in every digit set and language, ratings of the visit
and of the delivery, bad ratings followed up, the help SMS once per window; in English, Hindi and Urdu."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from core.clock import utcnow
from core.digits import DIGIT_SETS
from core.extensions import db
from core.models import OutboxMessage
from dispatch.disputes import FeeDispute
from dispatch.models import Agent, Centre, ServiceRequest
from dispatch.notify import stage_delivery_rating_sms
from dispatch.requests import NewRequest, create_request
from dispatch.visits import complete_request
from ivr.models import CallbackRequest, Rating, SmsReply
from ivr.sms_commands import (
    AskStatus,
    ClaimPaid,
    PaidUnreadable,
    Rate,
    Unknown,
    ascii_digits,
    read_command,
)
from tests.ivr.conftest import CALLER, SRINAGAR_PIN

OTHER = "+919906099999"


def in_digits(text: str, digit_set: str) -> str:
    return text.translate(str.maketrans("0123456789", DIGIT_SETS[digit_set]))


# --- reading the SMS (pure) -------------------------------------------------------------------------------------

@pytest.mark.parametrize("digit_set", list(DIGIT_SETS))
@pytest.mark.parametrize("template", ["PAID {}", "paid Rs {}", "Paid ₹{}", "PAID: Rs. {}/-", "भुगतान {}",
                                      "भुगतान रु {}", "ادا {}", "ادا روپے {}", "ادا {} روپے", "PAID{}"])
def test_a_paid_message_is_read_in_every_digit_set_and_language(template, digit_set):
    assert read_command(template.format(in_digits("80", digit_set))) == ClaimPaid(Decimal("80"))


@pytest.mark.parametrize("digit_set", list(DIGIT_SETS))
def test_a_paid_message_may_name_the_request_before_the_amount(digit_set):
    text = in_digits("PAID 123456789 Rs 120.50", digit_set)
    assert read_command(text) == ClaimPaid(Decimal("120.50"), "123456789")
    assert read_command(in_digits("paid 123 456 789 1,200", digit_set)) == ClaimPaid(Decimal("1200"), "123456789")


@pytest.mark.parametrize("text", ["PAID", "paid some money", "PAID 0", "PAID 123456789", "भुगतान", "ادا کیا",
                                  "PAID 100 80", "PAID 9999999"])
def test_a_paid_message_without_a_readable_amount_is_answered_with_how_to_write_it(text):
    assert read_command(text) == PaidUnreadable()


@pytest.mark.parametrize("digit_set", list(DIGIT_SETS))
@pytest.mark.parametrize("score", [1, 2, 3])
def test_a_rating_is_read_in_every_digit_set(score, digit_set):
    assert read_command(f" {in_digits(str(score), digit_set)} ") == Rate(score)


@pytest.mark.parametrize("text", ["STATUS 123456789", "status 123-456-789", "स्थिति १२३४५६७८९", "صورتحال ۱۲۳۴۵۶۷۸۹",
                                  "123456789"])
def test_a_status_query_is_read_with_the_keyword_in_each_language(text):
    assert read_command(text) == AskStatus("123456789")


@pytest.mark.parametrize("text", ["hello", "", None, "4", "paidup 80", "thanks!", "کیا حال ہے"])
def test_anything_else_is_unknown(text):
    assert read_command(text) == Unknown()


def test_every_digit_set_converts_to_ascii():
    for digits in DIGIT_SETS.values():
        assert ascii_digits(digits) == "0123456789"


# --- disputes by SMS --------------------------------------------------------------------------------------------

def an_agent(name: str = "Mohd Yousuf", district: str = "Srinagar") -> Agent:
    count = db.session.scalar(db.select(db.func.count(Agent.id)))
    centre = Centre(code=f"C-{count}", name=f"Khidmat Centre {count}", pin_code=SRINAGAR_PIN, district=district,
                    latitude=34.08, longitude=74.80)
    db.session.add(centre)
    db.session.flush()
    agent = Agent(name=name, phone=f"+91941900{count:04d}", centre_id=centre.id, district=district,
                  latitude=34.08, longitude=74.80)
    db.session.add(agent)
    db.session.commit()
    return agent


def completed(call_sid: str, language: str = "en", phone: str = CALLER, agent: Agent | None = None,
              collected: str = "80", at: datetime | None = None) -> ServiceRequest:
    """A request (notified fee Rs 80) whose visit the agent completed, receipt staged as complete_request does."""
    request = create_request(NewRequest("domicile", SRINAGAR_PIN, phone, language, call_sid=call_sid))
    agent = agent or an_agent()
    request.state, request.assigned_agent_id, request.visit_code = "visiting", agent.id, "1234"
    agent.open_jobs = 1
    db.session.commit()
    complete_request(request.id, agent.id, "DOM/2026/1", Decimal(collected),
                     None if Decimal(collected) == 80 else "citizen asked for copies")
    if at is not None:
        request.completed_at = at
        db.session.commit()
    return db.session.get(ServiceRequest, request.id)


def replies() -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.template.like("ivr_%"))
                                   .order_by(OutboxMessage.id)))


@pytest.fixture
def text_in(new_phone, run_jobs):
    """Text 1447 from a phone (the caller's by default); the reply queued for it, or None."""
    sids = iter(range(1, 10_000))

    def send(body: str, sid: str | None = None, sender: str = CALLER):
        before = len(replies())
        phone = new_phone(sender)
        response = phone.post("/ivr/sms", {"From": sender, "To": "1447", "Body": body,
                                           "MessageSid": sid or f"SMauto{next(sids)}"})
        assert response.status_code == 200 and response.mimetype == "text/xml"
        run_jobs()
        found = replies()
        return found[-1] if len(found) > before else None

    return send


OPENED = {"en": "fee complaint no.", "hi": "शुल्क शिकायत संख्या", "ur": "فیس شکایت نمبر"}


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
@pytest.mark.parametrize("body", ["PAID 100", "paid Rs 100", "PAID १००", "PAID ۱۰۰", "भुगतान १००", "ادا ۱۰۰"])
def test_paid_above_the_notified_fee_opens_a_dispute_naming_the_agent_and_acknowledges_it(
        small_catalogue, text_in, language, body):
    agent = an_agent("Mohd Yousuf")
    request = completed("CA1", language, agent=agent)
    reply = text_in(body)
    [dispute] = db.session.scalars(db.select(FeeDispute))
    assert (dispute.request_id, dispute.agent_id, dispute.state) == (request.id, agent.id, "open")
    assert (dispute.claimed_amount, dispute.notified_fee, dispute.phone) == (Decimal("100"), Decimal("80"), CALLER)
    assert OPENED[language] in reply.body and str(dispute.id) in reply.body and request.number in reply.body
    assert "100.00" in reply.body and "80.00" in reply.body and reply.to_number == CALLER


def test_the_same_paid_sms_delivered_twice_opens_one_case_and_is_answered_once(small_catalogue, text_in):
    completed("CA1")
    text_in("PAID 150", "SMtwice")
    text_in("PAID 150", "SMtwice")
    assert db.session.scalar(db.select(db.func.count(FeeDispute.id))) == 1
    assert len(replies()) == 1


def test_a_second_paid_for_the_same_request_points_to_the_case_already_open(small_catalogue, text_in):
    request = completed("CA1")
    text_in("PAID 150")
    reply = text_in("PAID 200")
    assert db.session.scalar(db.select(db.func.count(FeeDispute.id))) == 1
    assert "already has fee complaint" in reply.body and request.number in reply.body


def test_paid_with_a_request_number_from_another_phone_is_refused_with_a_clear_sms(small_catalogue, text_in):
    request = completed("CA1")
    reply = text_in(f"PAID {request.number} 150", sender=OTHER)
    assert db.session.scalar(db.select(db.func.count(FeeDispute.id))) == 0
    assert reply.to_number == OTHER and "was not made from this number" in reply.body


def test_paid_with_its_own_request_number_disputes_that_request_not_the_latest(small_catalogue, text_in):
    older = completed("CA1", at=utcnow() - timedelta(days=3))
    completed("CA2")
    text_in(f"PAID {older.number} 150")
    assert db.session.scalar(db.select(FeeDispute.request_id)) == older.id


@pytest.mark.parametrize("language, words", [("en", "no overcharge"), ("hi", "कोई अधिक वसूली नहीं"),
                                             ("ur", "کوئی زائد وصولی نظر نہیں")])
def test_paid_at_or_below_the_notified_fee_opens_no_case_and_says_so_politely(
        small_catalogue, text_in, language, words):
    completed("CA1", language)
    assert words in text_in("PAID 80").body
    assert words in text_in("PAID ५०" if language == "hi" else "PAID 50").body
    assert db.session.scalar(db.select(db.func.count(FeeDispute.id))) == 0


def test_paid_without_a_completed_visit_says_there_is_nothing_to_dispute(small_catalogue, text_in):
    assert "no completed visit" in text_in("PAID 100").body
    open_request = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, "en", call_sid="CAopen"))
    assert "no completed visit yet" in text_in(f"PAID {open_request.number} 100").body


def test_paid_without_an_amount_explains_how_to_write_it(small_catalogue, text_in):
    completed("CA1")
    assert "send PAID and the amount" in text_in("PAID lots").body


def test_the_receipt_carries_the_request_number_the_notified_fee_and_how_to_dispute(small_catalogue):
    request = completed("CA1", collected="100")
    receipt = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.template == "receipt"))
    assert request.number in receipt.body and "notified fee Rs 80.00" in receipt.body
    assert "recorded Rs 100.00" in receipt.body and "PAID" in receipt.body and "1 good" in receipt.body


@pytest.mark.parametrize("language, words", [("hi", ("निर्धारित शुल्क रु 80.00", "PAID", "1 अच्छा")),
                                             ("ur", ("مقررہ فیس روپے 80.00", "PAID", "1 اچھا"))])
def test_the_receipt_is_in_the_citizens_language(small_catalogue, language, words):
    request = completed("CA1", language)
    receipt = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.template == "receipt"))
    assert request.number in receipt.body and all(word in receipt.body for word in words)


# --- ratings (RAS) ----------------------------------------------------------------------------------------------

THANKS = {"en": "thank you", "hi": "धन्यवाद", "ur": "شکریہ"}


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_a_request_is_rated_after_the_visit_and_again_after_delivery_as_two_ratings(
        small_catalogue, text_in, language):
    request = completed("CA1", language)
    assert THANKS[language] in text_in("1").body
    stage_delivery_rating_sms(request)
    db.session.commit()
    asked = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.template == "rating_after_delivery"))
    assert request.number in asked.body and asked.to_number == CALLER
    assert THANKS[language] in text_in("۲" if language == "ur" else "2").body
    assert {(r.request_id, r.moment, r.score) for r in db.session.scalars(db.select(Rating))} == {
        (request.id, "visit", 1), (request.id, "delivery", 2)}
    assert text_in("1").template == "ivr_rating_nothing", "nothing more to rate"


def test_a_delivery_asked_after_a_newer_visit_takes_the_next_rating(small_catalogue, text_in):
    first = completed("CA1", at=utcnow() - timedelta(days=20))
    text_in("1")  # the first visit
    second = completed("CA2")
    stage_delivery_rating_sms(first)  # the first request's certificate is delivered after the second visit
    db.session.commit()
    text_in("3")
    text_in("2")
    assert {(r.request_id, r.moment, r.score) for r in db.session.scalars(db.select(Rating))} == {
        (first.id, "visit", 1), (first.id, "delivery", 3), (second.id, "visit", 2)}


@pytest.mark.parametrize("language, words", [("en", "A supervisor will call you back"),
                                             ("hi", "पर्यवेक्षक इसी नंबर पर"), ("ur", "نگران اسی نمبر پر")])
def test_a_bad_rating_opens_a_follow_up_call_back_for_the_requests_district(
        small_catalogue, text_in, language, words):
    request = completed("CA1", language)
    reply = text_in("३" if language == "hi" else "3")
    assert words in reply.body
    rating = db.session.scalar(db.select(Rating))
    [callback] = db.session.scalars(db.select(CallbackRequest))
    assert (callback.rating_id, callback.phone, callback.district, callback.status) == (
        rating.id, CALLER, request.district, "open")


def test_the_same_bad_rating_delivered_twice_opens_one_follow_up(small_catalogue, text_in):
    completed("CA1")
    text_in("3", "SMbad")
    text_in("3", "SMbad")
    assert db.session.scalar(db.select(db.func.count(CallbackRequest.id))) == 1
    assert db.session.scalar(db.select(db.func.count(Rating.id))) == 1


def test_good_and_average_ratings_open_no_follow_up(small_catalogue, text_in):
    completed("CA1")
    completed("CA2")
    text_in("1")
    text_in("2")
    assert db.session.scalar(db.select(db.func.count(CallbackRequest.id))) == 0


# --- help, once per window --------------------------------------------------------------------------------------

HELP = {"en": "PAID", "hi": "भुगतान", "ur": "ادا"}


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_unrecognised_replies_get_one_help_sms_per_window_listing_status_ratings_and_paid(
        small_catalogue, text_in, app, language):
    completed("CA1", language)
    first = text_in("what is this")
    assert HELP[language] in first.body and "STATUS" in first.body and "1" in first.body
    assert text_in("hello?") is None and text_in("??") is None, "a flood gets one answer"
    assert text_in("PAID 100") is not None, "a message understood is still answered"
    for reply in db.session.scalars(db.select(SmsReply).where(SmsReply.template == "ivr_help")):
        reply.created_at = utcnow() - timedelta(minutes=app.config["HELP_SMS_EVERY_MINUTES"] + 1)
    db.session.commit()
    assert text_in("and now?").template == "ivr_help", "answered again once the window has passed"


def test_the_help_window_is_per_number(small_catalogue, text_in):
    assert text_in("hi").to_number == CALLER
    assert text_in("hi", sender=OTHER).to_number == OTHER


def test_the_help_window_is_a_setting(small_catalogue, text_in, app):
    app.config["HELP_SMS_EVERY_MINUTES"] = 0
    assert text_in("hi") is not None and text_in("hi again") is not None


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_delivering_the_certificate_asks_for_a_second_rating_and_the_reply_rates_the_delivery(
        small_catalogue, text_in, language):
    from dispatch.applications import change_stage

    request = completed("CA1", language)
    assert request.application_stage == "filed"
    text_in("1")  # the visit, asked by the receipt
    for stage in ("under_process", "approved"):
        change_stage(request.id, stage, "supervisor:1")
    change_stage(request.id, "delivered", "supervisor:1", delivery_mode="handed_over")
    db.session.commit()
    asked = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.template == "rating_after_delivery")).all()
    assert len(asked) == 1 and request.number in asked[0].body
    reply = text_in("३" if language == "hi" else "3")
    assert reply.template == "ivr_rating_bad_followup"
    assert {(r.moment, r.score) for r in db.session.scalars(db.select(Rating))} == {("visit", 1), ("delivery", 3)}
    assert db.session.scalar(db.select(CallbackRequest.rating_id)) == db.session.scalar(
        db.select(Rating.id).where(Rating.moment == "delivery"))
