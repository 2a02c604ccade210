"""Use cases for citizens' requests: create (fee locked, dispatch marked in the same transaction) and find."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy.exc import IntegrityError

from core.clock import utcnow
from core.extensions import db
from dispatch.enqueue import dispatch_lease_until, enqueue_dispatch
from dispatch.geo import Place, geocoder_named, place_for_pin
from dispatch.holidays import calendar_for
from dispatch.models import AuditEvent, ServiceRequest
from dispatch.notify import stage_request_sms
from dispatch.numbers import is_well_formed_request_number, new_request_number
from dispatch.timelines import psga_deadline
from dispatch.visit_windows import VisitWindow
from fees.models import FeeEntry, FeeNotification, Service
from fees.schedule import NotifiedFee
from fees.services import fee_in_force


class UnknownService(LookupError):
    """No active service has that code."""


@dataclass(frozen=True)
class NewRequest:
    """What a citizen confirmed: the service, where, and how to reach them."""

    service_code: str
    pin_code: str
    citizen_phone: str
    language: str = "en"
    citizen_name: str = ""
    channel: str = "ivr"
    call_sid: str | None = None
    quoted_notification_id: int | None = None  # the notification whose fee the citizen was told, if any
    visit_window: VisitWindow | None = None  # when the citizen wants the agent (issue 13); None: the earliest
    landmark_recording: tuple[str, str] | None = None  # the spoken landmark's (RecordingSid, URL), if recorded


def locate_pin(pin_code: str) -> Place:
    """Where a PIN code is, with the configured geocoder; PinError when it is not served."""
    cfg = current_app.config
    return place_for_pin(pin_code, cfg["SERVED_STATE"], geocoder_named(cfg["GEOCODER"]))


def create_request(new: NewRequest) -> ServiceRequest:
    """Commit a request with its fee locked and its needs-dispatch mark; then SMS the citizen and enqueue dispatch."""
    if new.call_sid:
        existing = db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.call_sid == new.call_sid))
        if existing is not None:
            return existing  # Twilio replayed the confirming step: same call, same request
    service = db.session.get(Service, new.service_code)
    if service is None or not service.active:
        raise UnknownService(new.service_code)
    place = locate_pin(new.pin_code)
    now = utcnow()
    confirmed = confirmed_on(now, current_app.config["DEFAULT_TIMEZONE"])
    fee = quoted_fee(service.code, new.quoted_notification_id, now) or fee_in_force(service.code, now)
    for _attempt in range(5):
        request = ServiceRequest(
            number=new_request_number(), service_code=service.code, citizen_phone=new.citizen_phone,
            citizen_name=new.citizen_name, language=new.language, channel=new.channel, call_sid=new.call_sid,
            pin_code=place.pin_code, locality=place.locality, district=place.district,
            latitude=place.latitude, longitude=place.longitude, fee_notification_id=fee.notification_id,
            government_fee=fee.government_fee, service_fee=fee.service_fee, agent_share=fee.agent_share,
            psga_due_on=psga_deadline(confirmed, service.psga_days, calendar_for(place.district, confirmed)),
            visit_code=new_visit_code(),
            created_at=now, updated_at=now, next_dispatch_at=dispatch_lease_until(now),
            visit_window_start=new.visit_window.start if new.visit_window else None,
            visit_window_end=new.visit_window.end if new.visit_window else None,
            landmark_recording_sid=new.landmark_recording[0] if new.landmark_recording else None,
            landmark_recording_url=new.landmark_recording[1] if new.landmark_recording else None,
        )
        db.session.add(request)
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            if new.call_sid:
                existing = db.session.scalar(
                    db.select(ServiceRequest).where(ServiceRequest.call_sid == new.call_sid))
                if existing is not None:
                    return existing
            continue  # a request number collision: draw again
        db.session.add(AuditEvent(request_id=request.id, from_state="", to_state=request.state,
                                  actor=f"citizen:{new.channel}", reason="request confirmed"))
        stage_request_sms(request, "request_created", f"created:{request.id}")  # committed with the request
        db.session.commit()
        break
    else:
        raise RuntimeError("could not allocate a unique request number")
    enqueue_dispatch(request.id)
    return request


def new_visit_code() -> str:
    """The 4-digit code the citizen gives the agent at the door (random, from the OS's secure source)."""
    return f"{secrets.randbelow(10_000):04d}"


def confirmed_on(at: datetime, timezone_name: str) -> date:
    """The local calendar date of a naive UTC instant: statutory days count from the date in J&K, not in UTC."""
    return at.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone_name)).date()


def quoted_fee(service_code: str, notification_id: int | None, now: datetime) -> NotifiedFee | None:
    """The fee a citizen was quoted: the service's entry under that (started) notification, else None.

    A fee quoted on the phone is the fee charged, even when a new notification took effect during the call.
    """
    if notification_id is None:
        return None
    entry = db.session.scalar(
        db.select(FeeEntry).join(FeeNotification, FeeNotification.id == FeeEntry.notification_id)
        .where(FeeEntry.notification_id == notification_id, FeeEntry.service_code == service_code,
               FeeNotification.effective_from <= now))
    if entry is None:
        return None
    return NotifiedFee(entry.notification_id, entry.service_code, entry.government_fee, entry.service_fee,
                       entry.agent_share, entry.government_share)


def find_request(number: str) -> ServiceRequest | None:
    """The request with that number, or None (also for a number whose check digit fails)."""
    number = (number or "").strip()
    if not is_well_formed_request_number(number):
        return None
    return db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.number == number))
