"""Statutory timelines under the J&K Public Services Guarantee Act, in working days (pure).

A working day is a day that is neither a weekend day nor a holiday. The weekend is a setting (PSGA_WEEKEND):
weekdays off every week ("sun") and weekdays off in given weeks of the month ("2sat" = the 2nd Saturday), so J&K
government offices' usual "Sundays and the 2nd and 4th Saturdays" is "sun,2sat,4sat" (the default).

Counting: "n working days after a date" never counts that date itself; the deadline is the n-th working day after
the day the clock starts. The clock pauses while documents are missing on the citizen's side: the working days of
a pause (each day after the pause began, up to and including the day it ended) are added to the timeline.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_WEEKEND = "sun,2sat,4sat"
_MAX_SCAN_DAYS = 366 * 20  # no timeline is longer; a calendar without working days must not loop for ever


class WeekendError(ValueError):
    """A weekend setting that cannot be read; the message names the bad part."""


@dataclass(frozen=True)
class Weekend:
    """Days off every week (0 = Monday … 6 = Sunday) and (weekday, n) for the n-th such weekday of each month."""

    weekdays: frozenset[int] = frozenset({6})
    nth_weekdays: frozenset[tuple[int, int]] = frozenset()

    def is_off(self, day: date) -> bool:
        """Whether this date is a weekend day."""
        weekday = day.weekday()
        return weekday in self.weekdays or (weekday, (day.day - 1) // 7 + 1) in self.nth_weekdays


def parse_weekend(text: str) -> Weekend:
    """Read a weekend setting such as "sun", "sat,sun" or "sun,2sat,4sat"; WeekendError when it cannot."""
    weekdays, nth = set(), set()
    for part in (p.strip().lower() for p in (text or "").split(",")):
        if not part:
            continue
        if part in WEEKDAY_NAMES:
            weekdays.add(WEEKDAY_NAMES.index(part))
        elif len(part) == 4 and part[0] in "12345" and part[1:] in WEEKDAY_NAMES:
            nth.add((WEEKDAY_NAMES.index(part[1:]), int(part[0])))
        else:
            raise WeekendError(f"{part!r} is neither a weekday (mon … sun) nor a week and a weekday (e.g. 2sat)")
    if len(weekdays) == 7:
        raise WeekendError("every day of the week is a weekend day")
    return Weekend(frozenset(weekdays), frozenset(nth))


SUNDAYS_ONLY = Weekend()
JK_WEEKEND = parse_weekend(DEFAULT_WEEKEND)


@dataclass(frozen=True)
class WorkCalendar:
    """The days off where a request is served: its weekend and its holidays (UT-wide and the district's)."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    weekend: Weekend = SUNDAYS_ONLY

    def is_working_day(self, day: date) -> bool:
        """Neither a weekend day nor a holiday."""
        return day not in self.holidays and not self.weekend.is_off(day)


def _calendar(holidays: Collection[date] | WorkCalendar, weekend: Weekend) -> WorkCalendar:
    if isinstance(holidays, WorkCalendar):
        return holidays
    return WorkCalendar(frozenset(holidays), weekend)


def add_working_days(start: date, n: int, holidays: Collection[date] | WorkCalendar = (),
                     weekend: Weekend = SUNDAYS_ONLY) -> date:
    """The n-th working day after start (start itself is not counted); start when n is 0."""
    if n < 0:
        raise ValueError("n must be zero or more")
    calendar = _calendar(holidays, weekend)
    day, counted = start, 0
    for _ in range(_MAX_SCAN_DAYS):
        if counted == n:
            return day
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    raise ValueError("no working days in this calendar")


def working_days_between(start: date, end: date, holidays: Collection[date] | WorkCalendar = (),
                         weekend: Weekend = SUNDAYS_ONLY) -> int:
    """Working days after start up to and including end; negative (the same count, reversed) when end < start."""
    if end < start:
        return -working_days_between(end, start, holidays, weekend)
    calendar = _calendar(holidays, weekend)
    return sum(1 for offset in range(1, (end - start).days + 1)
               if calendar.is_working_day(start + timedelta(days=offset)))


def psga_deadline(started_on: date, timeline_days: int, calendar: WorkCalendar | None = None,
                  paused_days: int = 0) -> date:
    """The last day the service may be delivered: the notified working days (plus the working days the clock was
    paused) after the day the clock started. Without a calendar, Sundays only are off."""
    return add_working_days(started_on, timeline_days + paused_days, calendar or WorkCalendar())


def is_breached(deadline: date, today: date) -> bool:
    """The timeline is missed once the deadline day has passed."""
    return today > deadline


def days_left(deadline: date, today: date, calendar: WorkCalendar | None = None) -> int:
    """Days until the deadline: working days with a calendar (calendar days without one); 0 on the deadline day,
    negative once it has passed (at least -1 the day after, even across a weekend)."""
    if calendar is None:
        return (deadline - today).days
    if today <= deadline:
        return working_days_between(today, deadline, calendar)
    return -max(1, working_days_between(deadline, today, calendar))


def is_at_risk(deadline: date, today: date, calendar: WorkCalendar | None, at_risk_days: int) -> bool:
    """Not yet breached, but at most at_risk_days (working) days left."""
    return 0 <= days_left(deadline, today, calendar) <= at_risk_days
