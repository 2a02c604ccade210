"""Visit windows: when the citizen wants the agent to come (pure: no Flask, no database).

Four windows, numbered the same on the phone and by SMS (RESCHEDULE <number> <1-4>):

    1 today morning (09-13)   2 today afternoon (13-17)   3 tomorrow morning   4 tomorrow afternoon

A window is offered only while it is still possible: one that opens in the past is offered until an hour before it
closes (no "today morning" from 12:00, no "today afternoon" from 16:00); after that the citizen picks tomorrow.
Times are local (the service's time zone); the database keeps naive UTC (core.clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MORNING, AFTERNOON = "morning", "afternoon"
PARTS = {MORNING: (9, 13), AFTERNOON: (13, 17)}  # local hours [start, end)
LAST_CALL_MINUTES = 60  # a window still open is offered until this long before it closes
CHOICES = {1: (0, MORNING), 2: (0, AFTERNOON), 3: (1, MORNING), 4: (1, AFTERNOON)}  # digit → (days ahead, part)


@dataclass(frozen=True)
class VisitWindow:
    """One window: its digit, its local day and part, and its start and end as naive UTC."""

    choice: int
    day: date
    part: str
    start: datetime
    end: datetime


def window_for(choice: int, local_now: datetime) -> VisitWindow:
    """The window a digit names, counted from the local now (an aware datetime in the service's time zone)."""
    days_ahead, part = CHOICES[choice]
    day = local_now.date() + timedelta(days=days_ahead)
    opens, closes = PARTS[part]
    return VisitWindow(choice, day, part, _utc(day, opens, local_now), _utc(day, closes, local_now))


def open_windows(local_now: datetime) -> list[VisitWindow]:
    """The windows a citizen may still choose now, in digit order (tomorrow's two are always there)."""
    windows = [window_for(choice, local_now) for choice in CHOICES]
    now_utc = local_now.astimezone(UTC).replace(tzinfo=None)
    return [w for w in windows if w.end - timedelta(minutes=LAST_CALL_MINUTES) > now_utc]


def chosen_window(choice: str | int | None, local_now: datetime) -> VisitWindow | None:
    """The window a keyed or texted digit picks, if it is one of the open ones; None otherwise."""
    try:
        digit = int(str(choice).strip())
    except (TypeError, ValueError):
        return None
    return next((w for w in open_windows(local_now) if w.choice == digit), None)


def dispatch_not_before(window_start: datetime | None, lead_minutes: int) -> datetime | None:
    """When dispatch may first offer a request with this window: the lead time before it opens (None: at once)."""
    if window_start is None:
        return None
    return window_start - timedelta(minutes=lead_minutes)


def window_text(start: datetime | None, end: datetime | None, timezone_name: str = "Asia/Kolkata") -> str:
    """A stored window on the local clock, in digits any language reads: '2026-11-26 09:00-13:00 IST' ('' if none)."""
    if start is None or end is None:
        return ""
    zone = ZoneInfo(timezone_name)
    opens, closes = (at.replace(tzinfo=UTC).astimezone(zone) for at in (start, end))
    return f"{opens:%Y-%m-%d %H:%M}-{closes:%H:%M %Z}"


def _utc(day: date, hour: int, local_now: datetime) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=local_now.tzinfo).astimezone(UTC).replace(tzinfo=None)
