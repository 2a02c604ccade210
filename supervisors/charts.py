"""The figures behind the supervisors' charts, district-scoped, and the charts drawn from them (supervisors.svg)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _

from core.clock import local_today, utcnow
from core.extensions import db
from dispatch.appeals import undecided
from dispatch.models import (
    ASSIGNED,
    CANCELLED,
    COMPLETED,
    DECIDED_STAGES,
    NEW,
    OFFERED,
    UNASSIGNED,
    VISITING,
    Agent,
    ServiceRequest,
)
from fees.models import Service
from ivr.models import Rating
from supervisors.board import STATE_LABELS
from supervisors.ras import approval_percent
from supervisors.svg import Column, Row, Series, horizontal_bars, percentile, stacked_columns

DAYS = 30
GOOD = 1
AGENTS_SHOWN = 25
STATE_FILLS = {NEW: "#8fb3e0", OFFERED: "#4f86c6", ASSIGNED: "#0b5cab", VISITING: "#6a4fb3",
               UNASSIGNED: "#b3261e", COMPLETED: "#1f7a35", CANCELLED: "#80868e"}
MEDIAN_FILL, P90_FILL = "#0b5cab", "#9a5b00"


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG, and the same numbers as a table (headers, rows) for those who cannot see it."""

    chart_id: str
    title: str
    svg: str
    headers: list[str]
    rows: list[list[str]]


def _scoped(query, district: str | None):
    return query.where(ServiceRequest.district == district) if district else query


def _local_date(at: datetime, zone: ZoneInfo) -> date:
    return at.replace(tzinfo=UTC).astimezone(zone).date()


def requests_per_day(district: str | None, today: date, zone: ZoneInfo, days: int = DAYS) -> dict:
    """Requests created on each of the last `days` local days, by their state now: {(day, state): count}."""
    since = utcnow() - timedelta(days=days + 1)
    first = today - timedelta(days=days - 1)
    counts: Counter = Counter()
    for created_at, state in db.session.execute(
            _scoped(db.select(ServiceRequest.created_at, ServiceRequest.state), district)
            .where(ServiceRequest.created_at >= since)):
        day = _local_date(created_at, zone)
        if first <= day <= today:
            counts[day, state] += 1
    return counts


def times_by_district(district: str | None, days: int = DAYS) -> dict[str, dict[str, list[float]]]:
    """Minutes from request to assignment and hours from request to completion, per district (last `days` days)."""
    since = utcnow() - timedelta(days=days)
    found: dict[str, dict[str, list[float]]] = defaultdict(lambda: {"assign": [], "complete": []})
    for name, created_at, assigned_at, completed_at in db.session.execute(
            _scoped(db.select(ServiceRequest.district, ServiceRequest.created_at, ServiceRequest.assigned_at,
                              ServiceRequest.completed_at), district)
            .where(ServiceRequest.created_at >= since, ServiceRequest.assigned_at.is_not(None))):
        found[name]["assign"].append((assigned_at - created_at).total_seconds() / 60)
        if completed_at is not None:
            found[name]["complete"].append((completed_at - created_at).total_seconds() / 3600)
    return dict(found)


def approval_by(dimension: str, district: str | None, days: int = DAYS) -> list[tuple[str, int, int]]:
    """(label, good ratings, all ratings) per service, district or agent over the last `days` days (ratings of the
    visit and of the delivery alike: the approval is good over all, supervisors.ras)."""
    column = {"service": Service.name_en, "district": ServiceRequest.district, "agent": Agent.name}[dimension]
    query = (db.select(column, db.func.sum(db.case((Rating.score == GOOD, 1), else_=0)), db.func.count(Rating.id))
             .join(ServiceRequest, ServiceRequest.id == Rating.request_id)
             .where(Rating.created_at >= utcnow() - timedelta(days=days)))
    if dimension == "service":
        query = query.join(Service, Service.code == ServiceRequest.service_code)
    if dimension == "agent":
        query = query.join(Agent, Agent.id == ServiceRequest.assigned_agent_id).group_by(Agent.id, Agent.name)
    else:
        query = query.group_by(column)
    rows = [(label, int(good or 0), int(total)) for label, good, total in db.session.execute(_scoped(query, district))]
    return sorted(rows, key=lambda row: (-row[2], row[0]))[:AGENTS_SHOWN]


def breaches_by_district(district: str | None, today: date, zone: ZoneInfo,
                         days: int = DAYS) -> dict[str, tuple[int, int]]:
    """Per district: undecided requests past their PSGA due date (open, or filed and waiting for the department),
    and requests decided after it (approved, rejected, delivered; or completed, before stages existed) in the last
    `days` days."""
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, count in db.session.execute(
            _scoped(db.select(ServiceRequest.district, db.func.count()), district)
            .where(undecided(), ServiceRequest.psga_due_on < today)
            .group_by(ServiceRequest.district)):
        found[name][0] = count
    since = utcnow() - timedelta(days=days)
    for name, completed_at, stage, changed_at, due in db.session.execute(
            _scoped(db.select(ServiceRequest.district, ServiceRequest.completed_at, ServiceRequest.application_stage,
                              ServiceRequest.stage_changed_at, ServiceRequest.psga_due_on), district)
            .where(ServiceRequest.state == COMPLETED, ServiceRequest.completed_at >= since)):
        decided_at = changed_at if stage in DECIDED_STAGES else completed_at if stage is None else None
        if decided_at is not None and _local_date(decided_at, zone) > due:
            found[name][1] += 1
    return {name: (pair[0], pair[1]) for name, pair in sorted(found.items())}


def supervisor_charts(district: str | None) -> list[Chart]:
    """Every chart of the charts page for this district (or the whole UT)."""
    zone_name = current_app.config["DEFAULT_TIMEZONE"]
    zone, today = ZoneInfo(zone_name), local_today(zone_name)
    return [_daily_chart(district, today, zone), *_time_charts(district), *_approval_charts(district),
            _breach_chart(district, today, zone)]


def _daily_chart(district: str | None, today: date, zone: ZoneInfo) -> Chart:
    counts = requests_per_day(district, today, zone)
    states = list(STATE_FILLS)
    series = [Series(str(STATE_LABELS[state]), STATE_FILLS[state]) for state in states]
    days = [today - timedelta(days=n) for n in range(DAYS - 1, -1, -1)]
    labels = [format_date(day, "d MMM") for day in days]
    columns = [Column(label, tuple(counts[day, state] for state in states)) for day, label in zip(days, labels,
                                                                                                   strict=True)]
    title = _("Requests per day by state, last %(days)d days", days=DAYS)
    desc = _("%(total)d requests; each column is a day, split by the state each request is in now.",
             total=sum(counts.values()))
    rows = [[label, *[str(v) for v in column.values], str(sum(column.values))]
            for label, column in zip(labels, columns, strict=True) if sum(column.values)]
    return Chart("chart-daily", title, stacked_columns("chart-daily", title, desc, series, columns, label_every=7),
                 [_("Day"), *[one.name for one in series], _("Total")], rows)


def _time_charts(district: str | None) -> list[Chart]:
    times = times_by_district(district)
    series = [Series(_("median"), MEDIAN_FILL), Series(_("90th percentile"), P90_FILL)]
    charts = []
    for key, chart_id, title, unit, unit_name in (
            ("assign", "chart-assign", _("Time to assign, by district"), _(" min"), _("minutes")),
            ("complete", "chart-complete", _("Time to complete, by district"), _(" h"), _("hours"))):
        rows = [Row(name, (percentile(found[key], 0.5), percentile(found[key], 0.9)),
                    _("%(count)d requests", count=len(found[key]))) for name, found in sorted(times.items())]
        desc = _("Median and 90th percentile in %(unit)s from the citizen's request, last %(days)d days.",
                 unit=unit_name, days=DAYS)
        table = [[row.label, *[_figure(v) for v in row.values], row.note] for row in rows]
        charts.append(Chart(chart_id, title, horizontal_bars(chart_id, title, desc, series, rows, unit=unit),
                            [_("District"), _("Median (%(unit)s)", unit=unit_name),
                             _("90th percentile (%(unit)s)", unit=unit_name), _("Requests")], table))
    return charts


def _approval_charts(district: str | None) -> list[Chart]:
    series = [Series(_("approval"), "#1f7a35")]
    charts = []
    for dimension, title, heading in (("service", _("Approval rating by service"), _("Service")),
                                      ("district", _("Approval rating by district"), _("District")),
                                      ("agent", _("Approval rating by agent"), _("Agent"))):
        found = approval_by(dimension, district)
        rows = [Row(label, (approval_percent(good, total),), _("%(count)d ratings", count=total))
                for label, good, total in found]
        desc = _("Share of good among all citizens' ratings, in percent, last %(days)d days.", days=DAYS)
        chart_id = f"chart-approval-{dimension}"
        charts.append(Chart(chart_id, title, horizontal_bars(chart_id, title, desc, series, rows, "%", 100),
                            [heading, _("Approval (%)"), _("Good"), _("Ratings")],
                            [[label, str(approval_percent(good, total)), str(good), str(total)]
                             for label, good, total in found]))
    return charts


def _breach_chart(district: str | None, today: date, zone: ZoneInfo) -> Chart:
    found = breaches_by_district(district, today, zone)
    series = [Series(_("open past due date"), "#b3261e"), Series(_("completed late"), "#9a5b00")]
    rows = [Row(name, pair) for name, pair in found.items()]
    title = _("Statutory breaches (PSGA), by district")
    desc = _("Open requests past their due date now, and requests completed after it in the last %(days)d days.",
             days=DAYS)
    return Chart("chart-breaches", title, horizontal_bars("chart-breaches", title, desc, series, rows),
                 [_("District"), _("Open past due date"), _("Completed late")],
                 [[name, str(pair[0]), str(pair[1])] for name, pair in found.items()])


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"
