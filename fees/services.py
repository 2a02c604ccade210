"""Use cases over the catalogue and fee schedules."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import selectinload

from core.clock import utcnow
from core.extensions import db
from fees.models import FeeNotification, Service
from fees.schedule import NotificationTerms, NotifiedFee, notified_fee_for


def notification_terms(notification: FeeNotification) -> NotificationTerms:
    """A stored notification as plain values for the pure lookup."""
    return NotificationTerms(
        notification_id=notification.id,
        effective_from=notification.effective_from,
        effective_to=notification.effective_to,
        fees={
            e.service_code: NotifiedFee(notification.id, e.service_code, e.government_fee, e.service_fee,
                                        e.agent_share, e.government_share)
            for e in notification.entries
        },
    )


def all_notification_terms() -> list[NotificationTerms]:
    """Every notification ever stored, as plain values."""
    notifications = db.session.scalars(
        db.select(FeeNotification).options(selectinload(FeeNotification.entries))
    ).all()
    return [notification_terms(n) for n in notifications]


def fee_in_force(service_code: str, at: datetime | None = None) -> NotifiedFee:
    """The notified fee for a service now (or at an instant); NoFeeInForce when none is notified."""
    return notified_fee_for(service_code, at or utcnow(), all_notification_terms())


def active_services() -> list[Service]:
    """The services citizens can ask for, in menu order."""
    return list(db.session.scalars(
        db.select(Service).where(Service.active.is_(True)).order_by(Service.category, Service.sort_order,
                                                                    Service.name_en)
    ))
