"""Time in one place: naive UTC datetimes everywhere in the database."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Now, as a naive UTC datetime (what the database columns store)."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_today(timezone_name: str = "Asia/Kolkata") -> date:
    """Today's date where the service is delivered (statutory timelines count local days, not UTC ones)."""
    return datetime.now(ZoneInfo(timezone_name)).date()
