"""A fee quoted on the phone is the fee charged, even when a new notification takes effect during the call."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from core.clock import utcnow
from core.extensions import db
from dispatch.models import ServiceRequest
from dispatch.requests import NewRequest, create_request
from fees.models import FeeEntry, FeeNotification
from tests.ivr.conftest import CALLER, SRINAGAR_PIN


def notify_new_fee(service_code: str, service_fee: str, government_fee: str) -> FeeNotification:
    """A second notification, in force from a moment ago (it started after the quote, before the confirm)."""
    notification = FeeNotification(number="IVR-TEST-2", issued_on=date.today(), issued_by="IT Department",
                                   effective_from=utcnow() - timedelta(seconds=1))
    db.session.add(notification)
    db.session.flush()
    db.session.add(FeeEntry(notification_id=notification.id, service_code=service_code,
                            government_fee=Decimal(government_fee), service_fee=Decimal(service_fee),
                            agent_share=Decimal("60"), government_share=Decimal(service_fee) - Decimal("60")))
    db.session.commit()
    return notification


def test_a_request_confirmed_after_a_new_notification_starts_is_charged_the_fee_the_caller_heard(
        small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN + "#", "1")
    assert "80 rupees" in phone.heard  # 50 service + 30 government, under IVR-TEST-1
    first = db.session.scalar(db.select(FeeNotification.id).where(FeeNotification.number == "IVR-TEST-1"))
    notify_new_fee("domicile", service_fee="90", government_fee="40")
    phone.press("1")
    request = db.session.scalar(db.select(ServiceRequest))
    assert request.fee_notification_id == first
    assert (request.service_fee, request.government_fee, request.agent_share) == (50, 30, 40)


def test_a_caller_who_hears_the_quote_after_the_new_notification_starts_is_charged_the_new_fee(
        small_catalogue, phone):
    newer = notify_new_fee("domicile", service_fee="90", government_fee="40")
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN + "#", "1")
    assert "130 rupees" in phone.heard
    phone.press("1")
    request = db.session.scalar(db.select(ServiceRequest))
    assert request.fee_notification_id == newer.id and request.service_fee == 90


def test_a_quoted_notification_with_no_fee_for_the_service_falls_back_to_the_fee_in_force(small_catalogue):
    first = db.session.scalar(db.select(FeeNotification.id).where(FeeNotification.number == "IVR-TEST-1"))
    request = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, quoted_notification_id=first + 99))
    assert request.fee_notification_id == first and request.service_fee == 50


def test_a_quoted_notification_that_has_not_started_is_not_charged(small_catalogue):
    future = FeeNotification(number="IVR-TEST-3", issued_on=date.today(), issued_by="IT Department",
                             effective_from=utcnow() + timedelta(days=30))
    db.session.add(future)
    db.session.flush()
    db.session.add(FeeEntry(notification_id=future.id, service_code="domicile", government_fee=Decimal("1"),
                            service_fee=Decimal("1"), agent_share=Decimal("1"), government_share=Decimal("0")))
    db.session.commit()
    request = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, quoted_notification_id=future.id))
    assert request.service_fee == 50
