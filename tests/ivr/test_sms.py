"""Inbound SMS: status queries and ratings replied to the receipt SMS."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.extensions import db
from core.models import OutboxMessage
from dispatch.requests import NewRequest, create_request
from ivr.models import Rating
from tests.ivr.conftest import CALLER, SRINAGAR_PIN


def book(call_sid: str, language: str = "en", completed_at: datetime | None = None):
    request = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, language, call_sid=call_sid))
    if completed_at:
        request.state, request.completed_at = "completed", completed_at
        db.session.commit()
    return request


def replies() -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.template.like("ivr_%"))
                                   .order_by(OutboxMessage.id)))


def text_in(phone, body: str, sid: str = "SM1"):
    response = phone.post("/ivr/sms", {"From": CALLER, "To": "1447", "Body": body, "MessageSid": sid})
    assert response.status_code == 200 and response.mimetype == "text/xml"
    return replies()[-1] if replies() else None


@pytest.mark.parametrize("language, words", [("en", "looking for an agent"), ("hi", "एजेंट ढूँढ रहे हैं"),
                                             ("ur", "ایجنٹ ڈھونڈ رہے ہیں")])
def test_a_status_query_by_sms_is_answered_in_the_citizens_language(small_catalogue, phone, language, words):
    request = book("CA1", language)
    reply = text_in(phone, f"status {request.number}")
    assert request.number in reply.body and words in reply.body and reply.to_number == CALLER


def test_a_status_query_with_a_mistyped_number_says_the_number_is_not_valid(small_catalogue, phone):
    request = book("CA1")
    wrong = request.number[:-1] + str((int(request.number[-1]) + 1) % 10)
    assert "not a valid request number" in text_in(phone, f"STATUS {wrong}").body


def test_a_rating_is_stored_for_the_latest_completed_request_without_one(small_catalogue, phone):
    older = book("CA1", completed_at=datetime(2026, 1, 1))
    newer = book("CA2", completed_at=datetime(2026, 2, 1))
    book("CA3")  # still open: not rateable
    first = text_in(phone, "1", "SMa")
    assert newer.number in first.body and "thank you" in first.body
    second = text_in(phone, " 3 ", "SMb")
    assert older.number in second.body
    assert {(r.request_id, r.score) for r in db.session.scalars(db.select(Rating))} == {(newer.id, 1), (older.id, 3)}
    assert "no completed visit" in text_in(phone, "2", "SMc").body


def test_the_same_rating_sms_delivered_twice_is_counted_once_and_answered_once(small_catalogue, phone):
    book("CA1", completed_at=datetime(2026, 1, 1))
    book("CA2", completed_at=datetime(2026, 2, 1))
    text_in(phone, "1", "SMsame")
    text_in(phone, "1", "SMsame")
    assert db.session.scalar(db.select(db.func.count(Rating.id))) == 1
    assert len(replies()) == 1


def test_anything_else_gets_the_help_text(small_catalogue, phone):
    assert "send STATUS" in text_in(phone, "hello?").body


def test_when_twilio_cannot_send_the_reply_the_webhook_still_answers_and_the_failure_is_kept(
        small_catalogue, phone, app):
    app.config.update(TWILIO_ACCOUNT_SID="ACtest", TWILIO_API_BASE_URL="http://127.0.0.1:9")  # nothing listens
    response = phone.post("/ivr/sms", {"From": CALLER, "Body": "hello", "MessageSid": "SMfail"})
    assert response.status_code == 200
    assert [m.status for m in replies()] == ["failed"]
