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


@pytest.fixture
def text_in(phone, run_jobs):
    """Text 1447 from the caller's phone; the reply the notify worker then sends."""

    def send(body: str, sid: str = "SM1"):
        response = phone.post("/ivr/sms", {"From": CALLER, "To": "1447", "Body": body, "MessageSid": sid})
        assert response.status_code == 200 and response.mimetype == "text/xml"
        run_jobs()
        return replies()[-1] if replies() else None

    return send


@pytest.mark.parametrize("language, words", [("en", "looking for an agent"), ("hi", "एजेंट ढूँढ रहे हैं"),
                                             ("ur", "ایجنٹ ڈھونڈ رہے ہیں")])
def test_a_status_query_by_sms_is_answered_in_the_citizens_language(small_catalogue, text_in, language, words):
    request = book("CA1", language)
    reply = text_in(f"status {request.number}")
    assert request.number in reply.body and words in reply.body and reply.to_number == CALLER


def test_a_status_query_with_a_mistyped_number_says_the_number_is_not_valid(small_catalogue, text_in):
    request = book("CA1")
    wrong = request.number[:-1] + str((int(request.number[-1]) + 1) % 10)
    assert "not a valid request number" in text_in(f"STATUS {wrong}").body


def test_a_rating_is_stored_for_the_latest_completed_request_without_one(small_catalogue, text_in):
    older = book("CA1", completed_at=datetime(2026, 1, 1))
    newer = book("CA2", completed_at=datetime(2026, 2, 1))
    book("CA3")  # still open: not rateable
    first = text_in("1", "SMa")
    assert newer.number in first.body and "thank you" in first.body
    second = text_in(" 3 ", "SMb")
    assert older.number in second.body
    assert {(r.request_id, r.score) for r in db.session.scalars(db.select(Rating))} == {(newer.id, 1), (older.id, 3)}
    assert "no completed visit" in text_in("2", "SMc").body


def test_the_same_rating_sms_delivered_twice_is_counted_once_and_answered_once(small_catalogue, text_in):
    book("CA1", completed_at=datetime(2026, 1, 1))
    book("CA2", completed_at=datetime(2026, 2, 1))
    text_in("1", "SMsame")
    text_in("1", "SMsame")
    assert db.session.scalar(db.select(db.func.count(Rating.id))) == 1
    assert len(replies()) == 1


def test_anything_else_gets_the_help_text(small_catalogue, text_in):
    assert "send STATUS" in text_in("hello?").body


def test_the_webhook_only_stores_the_reply_and_the_notify_job_sends_it_without_the_number_in_its_arguments(
        small_catalogue, phone, run_jobs):
    from core.extensions import queues

    response = phone.post("/ivr/sms", {"From": CALLER, "Body": "hello", "MessageSid": "SMqueued"})
    assert response.status_code == 200
    [reply] = replies()
    assert reply.status == "pending", "not sent from inside Twilio's webhook"
    [job] = queues.queue("notify").jobs
    assert job.func_name == "core.outbox.send_outbox_message" and job.args == (reply.id,)
    assert CALLER not in repr(job.args) and CALLER[-10:] not in repr(job.args)
    run_jobs()
    assert [(m.to_number, m.template, m.status) for m in replies()] == [(CALLER, "ivr_help", "sent")]


def test_when_redis_is_down_the_reply_waits_in_the_outbox_for_the_sweeper(small_catalogue, phone, monkeypatch):
    from redis import Redis

    from core.extensions import queues

    monkeypatch.setattr(queues, "connection", Redis.from_url("redis://127.0.0.1:1", socket_connect_timeout=1))
    response = phone.post("/ivr/sms", {"From": CALLER, "Body": "hello", "MessageSid": "SMnoredis"})
    assert response.status_code == 200
    assert [(m.template, m.status) for m in replies()] == [("ivr_help", "pending")]


def test_when_twilio_cannot_send_the_reply_the_webhook_still_answers_and_the_sms_is_retried_later(
        small_catalogue, phone, app, run_jobs):
    app.config.update(TWILIO_ACCOUNT_SID="ACtest", TWILIO_API_BASE_URL="http://127.0.0.1:9")  # nothing listens
    response = phone.post("/ivr/sms", {"From": CALLER, "Body": "hello", "MessageSid": "SMfail"})
    assert response.status_code == 200
    run_jobs()
    [reply] = replies()
    assert (reply.status, reply.attempts) == ("pending", 1) and reply.error
    assert reply.next_attempt_at > reply.created_at, "retried after a backoff, by the sweeper"


def test_the_ivr_keeps_only_its_own_sms_texts_and_repeats_none_of_dispatchs_templates():
    from dispatch.sms import TEMPLATES
    from ivr.prompts import LANGUAGES, SMS

    assert not set(SMS) & set(TEMPLATES)
    dispatch_texts = {text for texts in TEMPLATES.values() for text in texts.values()}
    assert not {SMS[key][lang] for key in SMS for lang in LANGUAGES} & dispatch_texts
    assert set(SMS) == {"status_reply", "number_invalid", "number_unknown", "rating_thanks", "rating_nothing",
                        "help", "too_many_messages",
                        # CANCEL / RESCHEDULE answers (issue 13)
                        "sms_change_not_yours", "sms_change_already_cancelled", "sms_change_too_late",
                        "sms_reschedule_choices", "sms_cancel_how"}


def test_the_request_created_sms_is_queued_by_request_id_without_the_citizens_number(small_catalogue, run_jobs):
    from core.extensions import queues

    request = book("CAcreated")
    created = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.request_id == request.id))
    [job] = [j for j in queues.queue("notify").jobs if j.id == f"sms-{created.id}"]
    assert CALLER not in repr(job.args) and job.args == (created.id,)
    run_jobs()
    assert db.session.scalar(db.select(OutboxMessage.to_number).where(OutboxMessage.template == "request_created")) \
        == CALLER
