"""The KPI feed a state dashboard pulls: counts, statutory breaches, approval, time to assign and to complete,
overall and by district and by service, for the requests made in a period of local days."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.extensions import db
from dispatch.models import CANCELLED, DECIDED_STAGES, FILED, UNDER_PROCESS, ServiceRequest
from dispatch.requests import confirmed_on
from ivr.models import Rating
from supervisors.metrics import REQUEST_STATES
from supervisors.panels import AVERAGE, BAD, GOOD

DEFAULT_DAYS = 30
MAX_DAYS = 366
SCORE_NAMES = {GOOD: "good", AVERAGE: "average", BAD: "bad"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class BadPeriod(ValueError):
    """?from= and ?to= that do not make a period; the message says why, for the caller."""


@dataclass(frozen=True)
class Period:
    """Local calendar days, both ends included."""

    first: date
    last: date

    def utc_bounds(self, timezone_name: str) -> tuple[datetime, datetime]:
        """The period as naive UTC instants [start, end), the way the database stores times."""
        zone = ZoneInfo(timezone_name)

        def midnight(day: date) -> datetime:
            return datetime.combine(day, time(), zone).astimezone(UTC).replace(tzinfo=None)

        return midnight(self.first), midnight(self.last + timedelta(days=1))


def period_from(raw_from: str | None, raw_to: str | None, today: date) -> Period:
    """The asked period (ISO dates); by default the last 30 days up to today. BadPeriod when it makes no sense."""
    last = _iso_date("to", raw_to) if raw_to else today
    first = _iso_date("from", raw_from) if raw_from else last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise BadPeriod("'from' is after 'to'")
    if (last - first).days + 1 > MAX_DAYS:
        raise BadPeriod(f"the period is longer than {MAX_DAYS} days")
    return Period(first, last)


def percentile(sorted_values: list[float], share: float) -> float | None:
    """The value below which `share` of the values lie, interpolated between the two nearest ranks."""
    if not sorted_values:
        return None
    rank = (len(sorted_values) - 1) * share
    low, high = math.floor(rank), math.ceil(rank)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (rank - low)


def breached(state: str, due_on: date, completed_on: date | None, today: date, stage: str | None = None,
             decided_on: date | None = None) -> bool:
    """Whether the statutory (PSGA) timeline was missed: decided (approved, rejected, delivered) after its last
    day, or still undecided after it. Before application stages existed, completion counted as delivery."""
    if state == CANCELLED:
        return False
    if stage in DECIDED_STAGES:
        return (decided_on or today) > due_on
    if stage in (FILED, UNDER_PROCESS):
        return today > due_on
    return (completed_on or today) > due_on


class Tally:
    """The figures of one group of requests (all, one district, one service)."""

    def __init__(self) -> None:
        self.states = dict.fromkeys(REQUEST_STATES, 0)
        self.breaches = 0
        self.scores = dict.fromkeys(SCORE_NAMES.values(), 0)
        self.to_assign: list[float] = []
        self.to_complete: list[float] = []

    def as_json(self) -> dict:
        ratings = sum(self.scores.values())
        return {
            "requests": sum(self.states.values()),
            "by_state": self.states,
            "statutory_breaches": self.breaches,
            "approval": {"ratings": ratings, **self.scores,
                         "approval_percent": round(100 * self.scores["good"] / ratings, 1) if ratings else None},
            "time_to_assign_seconds": _spread(self.to_assign),
            "time_to_complete_seconds": _spread(self.to_complete),
        }


def kpi_feed(period: Period, timezone_name: str, now: datetime) -> dict:
    """The feed's JSON for the requests made in the period (now: naive UTC, the moment the figures are true)."""
    start, end = period.utc_bounds(timezone_name)
    today = confirmed_on(now, timezone_name)
    made_in_period = (ServiceRequest.created_at >= start, ServiceRequest.created_at < end)
    rows = db.session.execute(db.select(
        ServiceRequest.id, ServiceRequest.state, ServiceRequest.district, ServiceRequest.service_code,
        ServiceRequest.created_at, ServiceRequest.assigned_at, ServiceRequest.completed_at,
        ServiceRequest.psga_due_on, ServiceRequest.application_stage, ServiceRequest.stage_changed_at,
    ).where(*made_in_period)).all()
    scores = defaultdict(list)  # a request may be rated twice: after the visit and after delivery
    for request_id, score in db.session.execute(db.select(Rating.request_id, Rating.score)
                                                .join(ServiceRequest, ServiceRequest.id == Rating.request_id)
                                                .where(*made_in_period)):
        scores[request_id].append(score)
    overall, districts, services = Tally(), defaultdict(Tally), defaultdict(Tally)
    for row in rows:
        completed_on = confirmed_on(row.completed_at, timezone_name) if row.completed_at else None
        for tally in (overall, districts[row.district], services[row.service_code]):
            tally.states[row.state] = tally.states.get(row.state, 0) + 1
            tally.breaches += breached(row.state, row.psga_due_on, completed_on, today, row.application_stage,
                                       confirmed_on(row.stage_changed_at, timezone_name)
                                       if row.stage_changed_at else None)
            for score in scores.get(row.id, ()):
                if score in SCORE_NAMES:
                    tally.scores[SCORE_NAMES[score]] += 1
            if row.assigned_at:
                tally.to_assign.append((row.assigned_at - row.created_at).total_seconds())
            if row.completed_at:
                tally.to_complete.append((row.completed_at - row.created_at).total_seconds())
    return {
        "generated_at": now.replace(tzinfo=UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat(), "timezone": timezone_name},
        "overall": overall.as_json(),
        "by_district": {name: tally.as_json() for name, tally in sorted(districts.items())},
        "by_service": {code: tally.as_json() for code, tally in sorted(services.items())},
    }


def _spread(seconds: list[float]) -> dict:
    ordered = sorted(seconds)
    median, p90 = percentile(ordered, 0.5), percentile(ordered, 0.9)
    return {"count": len(ordered), "median": None if median is None else round(median, 1),
            "p90": None if p90 is None else round(p90, 1)}


def _iso_date(name: str, raw: str) -> date:
    try:
        if not ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise BadPeriod(f"'{name}' must be a date such as 2026-11-01") from None
