"""Pure: an agent's earnings by day and by month, in the local time zone."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class EarningsRow:
    """Jobs completed and the agent's share earned in one period (a day or a month)."""

    period: date
    jobs: int
    earned: Decimal


def earnings_by_period(completions: list[tuple[datetime, Decimal]], timezone: str) -> tuple[list, list]:
    """(by_day, by_month) rows, newest first, from (completed_at naive UTC, agent_share) pairs."""
    zone = ZoneInfo(timezone)
    days: dict[date, list] = OrderedDict()
    months: dict[date, list] = OrderedDict()
    for completed_at, share in sorted(completions, key=lambda c: c[0], reverse=True):
        local = completed_at.replace(tzinfo=UTC).astimezone(zone).date()
        for bucket, key in ((days, local), (months, local.replace(day=1))):
            jobs, earned = bucket.get(key, (0, Decimal("0")))
            bucket[key] = (jobs + 1, earned + share)
    return ([EarningsRow(k, *v) for k, v in days.items()], [EarningsRow(k, *v) for k, v in months.items()])
