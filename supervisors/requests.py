"""Request lists, search, one request's whole timeline, and CSV rows: queries for the supervisors' door.

Everything is scoped to a district (None: a state-level supervisor sees every district). Filters arrive as a plain
mapping of strings and are checked here; a bad one is a FilterError with a code the view turns into a message.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import g
from sqlalchemy import or_
from sqlalchemy.orm import joinedload

from core.clock import local_clock_text
from core.extensions import db
from core.models import OutboxMessage
from core.telephony import mask_phone
from dispatch.appeals import appeals_of
from dispatch.holidays import HolidayBook
from dispatch.models import (
    CANCELLED,
    COMPLETED,
    FILED,
    NEW,
    OPEN_STATES,
    UNASSIGNED,
    UNDER_PROCESS,
    AuditEvent,
    Centre,
    Offer,
    ServiceRequest,
)
from dispatch.numbers import NUMBER_LENGTH, is_well_formed_request_number
from dispatch.timelines import days_left
from fees.models import Service
from ivr.models import VISIT, Rating
from ivr.phones import e164

PAGE_SIZE = 50
WAITING = "waiting"  # new or unassigned, and searched without finding a free agent or flagged for supervisors
STATE_FILTERS = (WAITING, NEW, "offered", "assigned", "visiting", UNASSIGNED, COMPLETED, CANCELLED)
MAX_QUERY = 40
MAX_PAGE = 100_000
RATING_WORDS = {1: "good", 2: "average", 3: "bad"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class FilterError(ValueError):
    """A filter the list cannot apply; `code` names which and why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class RequestFilters:
    """What a supervisor asked to see: all optional, checked, and already narrowed to their district."""

    state: str | None = None
    district: str | None = None
    service: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    number: str | None = None
    phone: str | None = None
    query: str = ""
    page: int = 1

    def as_args(self, **changes) -> dict[str, str]:
        """The filters as query-string arguments (for links to other pages and the CSV)."""
        args = {"state": self.state, "district": self.district, "service": self.service,
                "from": self.date_from.isoformat() if self.date_from else None,
                "to": self.date_to.isoformat() if self.date_to else None, "q": self.query or None,
                "page": self.page if self.page > 1 else None} | changes
        return {key: str(value) for key, value in args.items() if value}


def parse_filters(args: Mapping[str, str], scope: str | None) -> RequestFilters:
    """Check the list's filters; a district supervisor's own district replaces whatever ?district says."""
    state = (args.get("state") or "").strip() or None
    if state is not None and state not in STATE_FILTERS:
        raise FilterError("state")
    district = scope or (args.get("district") or "").strip() or None
    if district is not None and not scope and district not in known_districts(None):
        raise FilterError("district")
    service = (args.get("service") or "").strip() or None
    if service is not None and db.session.get(Service, service) is None:
        raise FilterError("service")
    date_from, date_to = _date(args.get("from"), "from"), _date(args.get("to"), "to")
    if date_from and date_to and date_from > date_to:
        raise FilterError("period")
    query = (args.get("q") or "").strip()
    number = phone = None
    if query:
        number, phone = _search_terms(query)
    page = (args.get("page") or "1").strip()
    if not page.isdigit() or not 1 <= int(page) <= MAX_PAGE:
        raise FilterError("page")
    return RequestFilters(state, district, service, date_from, date_to, number, phone, query, int(page))


def _date(raw: str | None, name: str) -> date | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else _bad(name)
    except ValueError:
        return _bad(name)


def _bad(name: str):
    raise FilterError(name)


def _search_terms(query: str) -> tuple[str | None, str | None]:
    """A request number (nine digits, check digit holding) or a phone number in E.164."""
    if len(query) > MAX_QUERY:
        raise FilterError("q")
    compact = query.replace(" ", "")
    if compact.isdigit() and len(compact) == NUMBER_LENGTH:
        if not is_well_formed_request_number(compact):
            raise FilterError("number")
        return compact, None
    phone = e164(query)
    if phone is None:
        raise FilterError("q")
    return None, phone


def known_districts(scope: str | None) -> list[str]:
    """The districts a supervisor may filter by: their own, or every district with requests or centres."""
    if scope:
        return [scope]
    return sorted(set(db.session.scalars(db.select(ServiceRequest.district).distinct()))
                  | set(db.session.scalars(db.select(Centre.district).distinct())))


def service_choices() -> list[Service]:
    """Services for the filter, in catalogue order."""
    return list(db.session.scalars(db.select(Service).order_by(Service.sort_order, Service.name_en)))


def _local_midnight_utc(day: date, timezone_name: str) -> datetime:
    """The naive UTC instant at which a local calendar day begins."""
    return datetime.combine(day, time(), ZoneInfo(timezone_name)).astimezone(UTC).replace(tzinfo=None)


def _filtered(query, filters: RequestFilters, timezone_name: str):
    conditions = []
    if filters.state == WAITING:
        conditions += [ServiceRequest.state.in_((NEW, UNASSIGNED)),
                       or_(ServiceRequest.wait_rounds > 0, ServiceRequest.escalation_reason.is_not(None))]
    elif filters.state:
        conditions.append(ServiceRequest.state == filters.state)
    if filters.district:
        conditions.append(ServiceRequest.district == filters.district)
    if filters.service:
        conditions.append(ServiceRequest.service_code == filters.service)
    if filters.date_from:
        conditions.append(ServiceRequest.created_at >= _local_midnight_utc(filters.date_from, timezone_name))
    if filters.date_to:
        end = _local_midnight_utc(filters.date_to + timedelta(days=1), timezone_name)
        conditions.append(ServiceRequest.created_at < end)
    if filters.number:
        conditions.append(ServiceRequest.number == filters.number)
    if filters.phone:
        conditions.append(ServiceRequest.citizen_phone == filters.phone)
    return query.where(*conditions)


def _listing(filters: RequestFilters, timezone_name: str):
    query = (db.select(ServiceRequest, Rating.score)
             .outerjoin(Rating, (Rating.request_id == ServiceRequest.id) & (Rating.moment == VISIT))  # one row each
             .options(joinedload(ServiceRequest.service), joinedload(ServiceRequest.assigned_agent)))
    return _filtered(query, filters, timezone_name).order_by(ServiceRequest.created_at.desc(),
                                                             ServiceRequest.id.desc())


@dataclass
class ListedRequest:
    """One row of a list: the request, its rating if any, and its dates as the call centre reads them."""

    request: ServiceRequest
    rating: int | None
    created_local: str
    days_left: int | None  # None once the request is completed or cancelled

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.request.citizen_phone)


@dataclass
class RequestPage:
    """One page of a list, newest first."""

    rows: list[ListedRequest]
    total: int
    page: int
    pages: int

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def clock_runs(request: ServiceRequest) -> bool:
    """The PSGA clock runs: the request is open, or its application is filed and undecided (not paused)."""
    return request.psga_paused_since is None and (
        request.state in OPEN_STATES or request.application_stage in (FILED, UNDER_PROCESS))


def working_days_left(request: ServiceRequest, today: date) -> int | None:
    """Working days left on the PSGA clock (the request's district calendar); None when the clock does not run."""
    if not clock_runs(request):
        return None
    if "psga_holidays" not in g:  # one holiday query per page or export, not one per row
        g.psga_holidays = HolidayBook(today - timedelta(days=400))
    return days_left(request.psga_due_on, today, g.psga_holidays.calendar(request.district))


def _listed(request: ServiceRequest, rating: int | None, timezone_name: str, today: date) -> ListedRequest:
    left = working_days_left(request, today)
    return ListedRequest(request, rating, local_clock_text(request.created_at, timezone_name), left)


def request_page(filters: RequestFilters, timezone_name: str, today: date) -> RequestPage:
    """The page of requests the filters ask for, PAGE_SIZE a page, newest first."""
    total = db.session.scalar(_filtered(db.select(db.func.count(ServiceRequest.id)), filters, timezone_name)) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    found = db.session.execute(_listing(filters, timezone_name)
                               .limit(PAGE_SIZE).offset((filters.page - 1) * PAGE_SIZE)).all()
    return RequestPage([_listed(r, score, timezone_name, today) for r, score in found], total, filters.page, pages)


# ---- CSV ---------------------------------------------------------------------------------------------------------

CSV_HEADER = ("number", "created", "service_code", "service", "district", "pin", "state", "escalation", "agent",
              "citizen_phone", "fee_notified", "fee_collected", "days_left", "due_on", "appealed", "rating")


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet will not run as a formula ('=…' becomes \"'=…\"); numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(filters: RequestFilters, timezone_name: str, today: date) -> Iterator[str]:
    """The whole list as CSV text, a line at a time: a BOM (Excel then reads UTF-8), a header, then every row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
        return buffer.getvalue()

    yield "\ufeff" + line(CSV_HEADER)
    unpaged = RequestFilters(filters.state, filters.district, filters.service, filters.date_from,
                             filters.date_to, filters.number, filters.phone, filters.query)
    for r, score in db.session.execute(_listing(unpaged, timezone_name).execution_options(yield_per=500)):
        row = _listed(r, score, timezone_name, today)
        yield line((r.number, row.created_local, r.service_code, r.service.name_en, r.district, r.pin_code, r.state,
                    r.escalation_reason or "", r.assigned_agent.name if r.assigned_agent else "",
                    row.masked_phone, f"{r.total_fee:.2f}",
                    f"{r.fee_collected:.2f}" if r.fee_collected is not None else "",
                    "" if row.days_left is None else row.days_left, r.psga_due_on.isoformat(),
                    local_clock_text(r.appealed_at, timezone_name) if r.appealed_at else "",
                    RATING_WORDS.get(score, "") if score else ""))


# ---- One request's timeline --------------------------------------------------------------------------------------

@dataclass
class TimelineEntry:
    """One thing that happened to a request: `kind` is audit, offer, sms, appeal or rating; `item` its row."""

    at: datetime
    kind: str
    item: object
    local: str = ""
    decided_local: str = ""  # an offer's decision, an SMS's sending
    text: str = ""  # an SMS's body as a supervisor may read it


@dataclass
class RequestTimeline:
    """A request opened by a supervisor: the request, its rating, and every event in time order."""

    request: ServiceRequest
    rating: Rating | None
    entries: list[TimelineEntry] = field(default_factory=list)
    days_left: int | None = None
    times: dict[str, str] = field(default_factory=dict)  # the request's own instants on the local clock


VISIT_CODE_HIDDEN = "••••"


def without_visit_code(body: str, visit_code: str) -> str:
    """An SMS body with the request's live visit code hidden: the citizen gives it only to the agent at the door."""
    if not visit_code:
        return body
    return re.sub(rf"(?<!\d){re.escape(visit_code)}(?!\d)", VISIT_CODE_HIDDEN, body)


_KIND_ORDER = {"audit": 0, "offer": 1, "sms": 2, "appeal": 3, "rating": 4}


def request_timeline(request_id: int, scope: str | None, timezone_name: str, today: date) -> RequestTimeline | None:
    """The request with its audit events, offers, SMS, appeal and rating in time order; None outside the scope."""
    request = db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.id == request_id)
                                .options(joinedload(ServiceRequest.service),
                                         joinedload(ServiceRequest.assigned_agent)))
    if request is None or (scope and request.district != scope):
        return None
    clock = lambda at: local_clock_text(at, timezone_name) if at else ""  # noqa: E731
    entries = [TimelineEntry(e.at, "audit", e) for e in db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.request_id == request_id))]
    entries += [TimelineEntry(o.created_at, "offer", o, decided_local=clock(o.decided_at)) for o in db.session.scalars(
        db.select(Offer).where(Offer.request_id == request_id).options(joinedload(Offer.agent)))]
    entries += [TimelineEntry(m.created_at, "sms", m, decided_local=clock(m.sent_at),
                              text=without_visit_code(m.body, request.visit_code))
                for m in db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.request_id == request_id))]
    appeals = appeals_of(request_id)
    entries += [TimelineEntry(a.filed_at, "appeal", a) for a in appeals]
    if request.appealed_at and not appeals:  # appealed before appeals had rows of their own
        entries.append(TimelineEntry(request.appealed_at, "appeal", request))
    ratings = list(db.session.scalars(db.select(Rating).where(Rating.request_id == request_id)))  # visit, delivery
    entries += [TimelineEntry(one.created_at, "rating", one) for one in ratings]
    rating = next((one for one in ratings if one.moment == VISIT), None)
    entries.sort(key=lambda e: (e.at, _KIND_ORDER[e.kind], getattr(e.item, "id", 0)))
    for entry in entries:
        entry.local = clock(entry.at)
    left = working_days_left(request, today)
    times = {name: clock(getattr(request, name)) for name in
             ("created_at", "assigned_at", "visit_started_at", "completed_at", "appealed_at")}
    return RequestTimeline(request, rating, entries, left, times)
