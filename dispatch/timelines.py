"""Statutory timelines under the J&K Public Services Guarantee Act (pure)."""

from __future__ import annotations

from datetime import date, timedelta


def psga_deadline(confirmed_on: date, timeline_days: int) -> date:
    """The last day the service may be delivered: the notified number of days after the request."""
    return confirmed_on + timedelta(days=timeline_days)


def days_left(deadline: date, today: date) -> int:
    """Days until the deadline; negative once it has passed."""
    return (deadline - today).days

