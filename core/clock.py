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


def local_clock_text(at: datetime, timezone_name: str = "Asia/Kolkata") -> str:
    """A naive UTC instant on the local clock, labelled with its zone: '2025-03-02 00:15 IST'."""
    return at.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone_name)).strftime("%Y-%m-%d %H:%M %Z")
