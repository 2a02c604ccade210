"""The Rapid Assessment System's arithmetic, pure: the approval rating as J&K reports it is the share of "good"
among all ratings (average and bad both count against it), per service, district, agent or period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

GOOD, AVERAGE, BAD = 1, 2, 3
PERIODS = ("month", "week")


@dataclass(frozen=True)
class Tally:
    """Ratings counted by score."""

    good: int = 0
    average: int = 0
    bad: int = 0

    @property
    def total(self) -> int:
        return self.good + self.average + self.bad

    @property
    def approval(self) -> int | None:
        """The approval rating in whole percent (half up), None without ratings."""
        return approval_percent(self.good, self.total)

    def add(self, score: int, count: int = 1) -> Tally:
        """This tally with `count` more ratings of `score` (anything but 1, 2, 3 is ignored)."""
        return Tally(self.good + count * (score == GOOD), self.average + count * (score == AVERAGE),
                     self.bad + count * (score == BAD))


def approval_percent(good: int, total: int) -> int | None:
    """100 × good / total, rounded half up to a whole percent (86.5 → 87); None when nothing was rated."""
    if total <= 0:
        return None
    return int((Decimal(100 * good) / Decimal(total)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def tally(scores: Iterable[int]) -> Tally:
    """Count scores into a tally."""
    found = Tally()
    for score in scores:
        found = found.add(score)
    return found


def tally_by(rows: Iterable[tuple[object, int]]) -> dict[object, Tally]:
    """(key, score) pairs counted per key."""
    found: dict[object, Tally] = {}
    for key, score in rows:
        found[key] = found.get(key, Tally()).add(score)
    return found


def period_label(day: date, period: str) -> str:
    """The reporting period a local date falls in: '2026-11' (month) or '2026-W48' (ISO week)."""
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year:04d}-W{week:02d}"
    raise ValueError(f"unknown period {period!r}")
