"""Where a call lives between webhooks: Redis on the fast path (menu steps run no SQL), the database while Redis is
unreachable; the catalogue snapshot follows fee and catalogue changes."""

from __future__ import annotations

import math
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import event

from core.clock import utcnow
from core.extensions import db
from dispatch.models import ServiceRequest
from fees.models import FeeEntry, FeeNotification
from ivr.call_state import RedisCallStore
from ivr.catalogue import VERSION_KEY
from ivr.models import CallerPreference, CallSession
from tests.ivr.conftest import CALLER, SRINAGAR_PIN


@contextmanager
def sql_statements():
    """The SQL statements the app runs inside the block."""
    seen: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", note)


def redis_unreachable(app) -> None:
    app.extensions["ivr_redis_resting_until"] = math.inf


def redis_back(app) -> None:
    app.extensions["ivr_redis_resting_until"] = 0.0


def test_menu_steps_run_no_sql_once_the_catalogue_is_loaded(small_catalogue, phone, new_phone):
    warm = new_phone(caller="+919906000001")
    warm.call()
    warm.walk("1", "1")  # the first call to reach a menu loads the catalogue snapshot
    phone.call()
    phone.press("1")  # the language: remembered in Redis now, in the database when the call ends
    with sql_statements() as statements:
        phone.walk("1", "1", "*", "1", "1")  # categories, services, back, services, the PIN question
        phone.press(SRINAGAR_PIN + "#")  # the PIN: the gazetteer is in memory
        phone.press("1")  # the read-back confirmed: the quote, from the snapshot of fees
    assert statements == []
    assert "80 rupees" in phone.heard


def test_only_the_confirming_step_and_the_calls_end_write_to_the_database(small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN + "#", "1")
    assert db.session.scalar(db.select(db.func.count(CallSession.id))) == 0
    phone.press("1")
    [request] = db.session.scalars(db.select(ServiceRequest)).all()
    phone.hang_up()
    session = db.session.scalar(db.select(CallSession).where(CallSession.call_sid == phone.call_sid))
    assert session.request_number == request.number and session.outcome == "request_created"
    assert session.language == "en" and session.turn == 8 and not session.abandoned
    assert db.session.get(CallerPreference, CALLER).language == "en"


def test_a_call_books_and_is_recorded_in_the_database_while_redis_is_unreachable(small_catalogue, app, phone):
    redis_unreachable(app)
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN + "#", "1", "1")
    [request] = db.session.scalars(db.select(ServiceRequest)).all()
    assert "registered" in phone.heard
    session = db.session.scalar(db.select(CallSession).where(CallSession.call_sid == phone.call_sid))
    assert session.request_number == request.number and session.step == "ended"
    assert db.session.get(CallerPreference, CALLER).language == "en"  # at once, on this path


def test_a_call_begun_while_redis_was_unreachable_goes_on_in_the_database_when_redis_returns(
        small_catalogue, app, phone):
    redis_unreachable(app)
    phone.call()
    phone.walk("1", "1")
    redis_back(app)
    phone.walk("1", "1", SRINAGAR_PIN + "#", "1", "1")
    assert db.session.scalar(db.select(ServiceRequest.call_sid)) == phone.call_sid
    assert app.extensions["redis"].exists(f"ivr:call:{phone.call_sid}") == 0


def test_redis_failing_in_the_middle_of_a_step_is_answered_without_a_server_error(
        small_catalogue, app, phone, monkeypatch):
    phone.call()
    phone.press("1")

    def fail(*_args, **_kwargs):
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(RedisCallStore, "load", fail)
    phone.press("1")
    assert phone.response.status_code == 200
    assert phone.twiml.find("./Gather") is not None  # the call starts again, politely, from the database
    assert "start again" in phone.heard


def test_a_redis_failure_while_saving_the_confirmed_step_still_tells_the_request_number(
        small_catalogue, app, phone, monkeypatch):
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN + "#", "1")

    def fail(*_args, **_kwargs):
        raise RedisConnectionError("Connection reset")

    monkeypatch.setattr(RedisCallStore, "save", fail)
    phone.press("1")
    [request] = db.session.scalars(db.select(ServiceRequest)).all()
    assert "registered" in phone.heard and phone.twiml.find("./Hangup") is not None
    session = db.session.scalar(db.select(CallSession).where(CallSession.call_sid == phone.call_sid))
    assert session.request_number == request.number  # kept in the database instead


def test_a_replayed_step_of_a_call_held_in_the_database_gets_the_same_answer(small_catalogue, app, phone):
    redis_unreachable(app)
    phone.call()
    phone.press("1")
    action = phone.action
    phone.press("1")
    first = phone.response.get_data()
    phone.post(action, phone.params(Digits="1"))
    assert phone.response.get_data() == first


def add_notification(number: str, service_fee: str, starts) -> None:
    notification = FeeNotification(number=number, issued_on=date.today(), issued_by="IT Department",
                                   effective_from=starts)
    db.session.add(notification)
    db.session.flush()
    db.session.add(FeeEntry(notification_id=notification.id, service_code="domicile", government_fee=Decimal("30"),
                            service_fee=Decimal(service_fee), agent_share=Decimal("40"),
                            government_share=Decimal(service_fee) - Decimal("40")))
    db.session.commit()


def quote_heard(new_phone) -> str:
    phone = new_phone()
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN + "#", "1")
    return phone.heard


def test_a_fee_notification_committed_during_the_day_is_quoted_on_the_next_call(small_catalogue, new_phone):
    assert "80 rupees" in quote_heard(new_phone)
    add_notification("IVR-TEST-2", "90", utcnow() - timedelta(seconds=1))
    assert "120 rupees" in quote_heard(new_phone)


def test_a_change_announced_by_another_process_reloads_the_snapshot(small_catalogue, app, new_phone):
    assert "80 rupees" in quote_heard(new_phone)
    db.session.execute(db.update(FeeEntry).values(service_fee=Decimal("70")))  # no ORM object: no listener
    db.session.commit()
    assert "80 rupees" in quote_heard(new_phone)  # the snapshot is still fresh
    app.extensions["redis"].incr(VERSION_KEY)  # what another process's commit of a fee change does
    assert "100 rupees" in quote_heard(new_phone)


def test_a_notification_that_starts_later_is_quoted_from_its_start_without_a_reload(
        small_catalogue, app, new_phone, monkeypatch):
    from ivr import services

    add_notification("IVR-TEST-LATER", "150", utcnow() + timedelta(hours=1))
    assert "80 rupees" in quote_heard(new_phone)
    monkeypatch.setattr(services, "utcnow", lambda: utcnow() + timedelta(hours=2))
    assert "180 rupees" in quote_heard(new_phone)
