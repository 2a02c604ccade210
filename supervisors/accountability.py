"""Per agent, service or district: fee disputes, fee flags and citizens' ratings (count, approval) side by side;
the approval rating per period; the bad ratings waiting for their follow-up call-back. District-scoped."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from core.clock import utcnow
from core.extensions import db
from dispatch.disputes import OPEN, REJECTED, UPHELD, FeeDispute
from dispatch.models import Agent, ServiceRequest
from fees.models import Service
from ivr.models import OPEN as CALLBACK_OPEN
from ivr.models import CallbackRequest, Rating
from supervisors.ras import Tally, period_label, tally_by

DIMENSIONS = ("agent", "service", "district")
DAYS_CHOICES = (7, 30, 90, 365)


@dataclass
class Line:
    """One agent, service or district: its disputes by state, its fee flags and its ratings."""

    key: object
    label: str
    disputes: dict[str, int] = field(default_factory=lambda: {OPEN: 0, UPHELD: 0, REJECTED: 0})
    fee_flags: int = 0
    ratings: Tally = field(default_factory=Tally)

    @property
    def disputes_total(self) -> int:
        return sum(self.disputes.values())


def _dimension(dimension: str, agent_column):
    """The grouping key and label columns, and the joins they need, for a dimension."""
    if dimension == "agent":
        return agent_column, Agent.name, lambda q: q.join(Agent, Agent.id == agent_column)
    if dimension == "service":
        return (ServiceRequest.service_code, Service.name_en,
                lambda q: q.join(Service, Service.code == ServiceRequest.service_code))
    if dimension == "district":
        return ServiceRequest.district, ServiceRequest.district, lambda q: q
    raise ValueError(f"unknown dimension {dimension!r}")


def _scoped(query, district: str | None):
    return query.where(ServiceRequest.district == district) if district else query


def accountability(dimension: str, district: str | None, days: int = 30) -> list[Line]:
    """Disputes opened, fee flags raised (requests completed) and ratings given in the last `days` days, per
    agent (the agent named), service or district; most disputes first, then lowest approval."""
    since = utcnow() - timedelta(days=days)
    lines: dict[object, Line] = {}

    def line(key, label) -> Line:
        return lines.setdefault(key, Line(key, str(label)))

    key, label, join = _dimension(dimension, FeeDispute.agent_id)
    for found_key, found_label, state, count in db.session.execute(_scoped(join(
            db.select(key, label, FeeDispute.state, db.func.count(FeeDispute.id))
            .join(ServiceRequest, ServiceRequest.id == FeeDispute.request_id))
            .where(FeeDispute.opened_at >= since).group_by(key, label, FeeDispute.state), district)):
        line(found_key, found_label).disputes[state] = count
    key, label, join = _dimension(dimension, ServiceRequest.assigned_agent_id)
    for found_key, found_label, count in db.session.execute(_scoped(join(
            db.select(key, label, db.func.count(ServiceRequest.id)))
            .where(ServiceRequest.fee_flag_reason.is_not(None), ServiceRequest.completed_at >= since)
            .group_by(key, label), district)):
        line(found_key, found_label).fee_flags = count
    for found_key, found_label, score, count in db.session.execute(_scoped(join(
            db.select(key, label, Rating.score, db.func.count(Rating.id))
            .join(ServiceRequest, ServiceRequest.id == Rating.request_id))
            .where(Rating.created_at >= since).group_by(key, label, Rating.score), district)):
        found = line(found_key, found_label)
        found.ratings = found.ratings.add(score, count)
    return sorted(lines.values(), key=lambda one: (-one.disputes_total, _approval_order(one.ratings), one.label))


def _approval_order(ratings: Tally) -> int:
    return 101 if ratings.approval is None else ratings.approval


def approval_by_period(district: str | None, period: str = "month", days: int = 365,
                       moment: str | None = None) -> list[tuple[str, Tally]]:
    """The approval rating per local month or ISO week over the last `days` days (of one moment, or all)."""
    zone = ZoneInfo(current_app.config["DEFAULT_TIMEZONE"])
    query = (db.select(Rating.created_at, Rating.score).join(ServiceRequest, ServiceRequest.id == Rating.request_id)
             .where(Rating.created_at >= utcnow() - timedelta(days=days)))
    if moment:
        query = query.where(Rating.moment == moment)
    rows = ((period_label(at.replace(tzinfo=UTC).astimezone(zone).date(), period), score)
            for at, score in db.session.execute(_scoped(query, district)))
    return sorted(tally_by(rows).items(), reverse=True)


@dataclass(frozen=True)
class FollowUp:
    """A bad rating's call-back: who to call, about which request and agent."""

    callback: CallbackRequest
    rating: Rating
    request: ServiceRequest


def follow_ups(district: str | None, done: bool = False, limit: int = 100) -> list[FollowUp]:
    """Bad ratings' call-backs still to make (oldest first), or (done) the latest made, with their notes."""
    query = (db.select(CallbackRequest, Rating, ServiceRequest)
             .join(Rating, Rating.id == CallbackRequest.rating_id)
             .join(ServiceRequest, ServiceRequest.id == Rating.request_id))
    if done:
        query = query.where(CallbackRequest.status != CALLBACK_OPEN).order_by(CallbackRequest.done_at.desc())
    else:
        query = query.where(CallbackRequest.status == CALLBACK_OPEN).order_by(CallbackRequest.requested_at)
    query = _scoped(query, district).limit(limit)
    return [FollowUp(callback, rating, request) for callback, rating, request in db.session.execute(query)]


def dispute_counts(district: str | None) -> dict[str, int]:
    """Disputes per state, all time, for the list's tabs."""
    counts: dict[str, int] = defaultdict(int)
    for state, count in db.session.execute(_scoped(
            db.select(FeeDispute.state, db.func.count(FeeDispute.id))
            .join(ServiceRequest, ServiceRequest.id == FeeDispute.request_id), district).group_by(FeeDispute.state)):
        counts[state] = count
    return counts
