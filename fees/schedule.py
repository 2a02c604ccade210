"""Pure fee lookup: which notification is in force at an instant, and what it fixes for a service."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


class NoFeeInForce(LookupError):
    """No notification in force at that instant fixes a fee for that service."""


@dataclass(frozen=True)
class NotifiedFee:
    """The fees one notification fixes for one service."""

    notification_id: int
    service_code: str
    government_fee: Decimal
    service_fee: Decimal
    agent_share: Decimal
    government_share: Decimal

    @property
    def total(self) -> Decimal:
        """What the citizen pays."""
        return self.government_fee + self.service_fee


@dataclass(frozen=True)
class NotificationTerms:
    """A notification's window and its fees by service code."""

    notification_id: int
    effective_from: datetime
    effective_to: datetime | None
    fees: dict[str, NotifiedFee]

    def in_force_at(self, at: datetime) -> bool:
        """Whether the window [effective_from, effective_to) contains the instant."""
        return self.effective_from <= at and (self.effective_to is None or at < self.effective_to)


def notification_in_force(notifications: Iterable[NotificationTerms], at: datetime) -> NotificationTerms | None:
    """The notification in force at the instant: the latest one started whose window contains it."""
    candidates = [n for n in notifications if n.in_force_at(at)]
    return max(candidates, key=lambda n: n.effective_from, default=None)


def notified_fee_for(service_code: str, at: datetime, notifications: Iterable[NotificationTerms]) -> NotifiedFee:
    """The fee for a service at an instant; NoFeeInForce when none is notified."""
    terms = notification_in_force(notifications, at)
    if terms is None:
        raise NoFeeInForce(f"no fee notification is in force at {at:%Y-%m-%d %H:%M}")
    try:
        return terms.fees[service_code]
    except KeyError:
        raise NoFeeInForce(f"the notification in force fixes no fee for {service_code!r}") from None
