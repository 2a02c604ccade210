"""The live board: open requests with their statutory days left, escalations, fee flags, failed SMS, call-backs
and citizens' approval; and re-dispatch."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from redis.exceptions import RedisError
from sqlalchemy.orm import joinedload

from core.clock import local_today
from core.extensions import db, queues
from core.models import FAILED, OutboxMessage
from core.queues import QUEUE_NAMES
from dispatch.appeals import undecided
from dispatch.holidays import HolidayBook
from dispatch.index import stale_cutoff
from dispatch.models import (
    APPROVED,
    DELIVERED,
    FILED,
    FIRST_APPEAL,
    REJECTED,
    SECOND_APPEAL,
    UNASSIGNED,
    UNDER_PROCESS,
    Agent,
    Appeal,
    ServiceRequest,
)
from dispatch.timelines import days_left

STATE_LABELS = {"new": _l("looking for an agent"), "offered": _l("offered to an agent"), "assigned": _l("assigned"),
                "visiting": _l("visit in progress"), "unassigned": _l("unassigned"), "completed": _l("completed"),
                "cancelled": _l("cancelled")}
ESCALATION_LABELS = {"no_agent_in_range": _l("no agent in range"), "all_declined": _l("all declined"),
                     "all_busy": _l("all busy"), "documents_missing": _l("documents missing"),
                     "not_taken": _l("offered many times, not taken")}
STAGE_LABELS = {FILED: _l("application filed"), UNDER_PROCESS: _l("under process"), APPROVED: _l("approved"),
                REJECTED: _l("rejected"), DELIVERED: _l("delivered")}
DELIVERY_LABELS = {"handed_over": _l("handed over"), "digilocker": _l("DigiLocker"), "serviceplus": _l("ServicePlus")}
APPEAL_LABELS = {FIRST_APPEAL: _l("first appeal"), SECOND_APPEAL: _l("second appeal")}
CANCEL_LABELS = {"citizen_not_home": _l("citizen not at home"), "documents_missing": _l("documents missing"),
                 "citizen_withdrew": _l("citizen withdrew")}


@dataclass
class BoardRow:
    """One open request as the board shows it."""

    request: ServiceRequest
    days_left: int
    at_risk_days: int = 2
    appeal: str | None = None  # the latest appeal's stage (first, second), if any

    @property
    def breached(self) -> bool:
        return self.days_left < 0

    @property
    def at_risk(self) -> bool:
        return not self.paused and 0 <= self.days_left <= self.at_risk_days

    @property
    def paused(self) -> bool:
        return self.request.psga_paused_since is not None


@dataclass
class BoardSnapshot:
    """The board at one instant."""

    today: date
    counts: dict[str, int]
    rows: list[BoardRow]
    escalations: Counter = field(default_factory=Counter)
    fee_flags: list[ServiceRequest] = field(default_factory=list)
    agents_on_duty: int = 0
    failed_sms: list[OutboxMessage] = field(default_factory=list)
    queue_lengths: dict[str, int] | None = None  # state-level supervisors only; None when Redis does not answer
    appeals: dict[str, int] = field(default_factory=dict)  # open appeals by stage (first, second)
    stages: dict[str, int] = field(default_factory=dict)  # completed requests by application stage

    @property
    def breached(self) -> int:
        return sum(1 for row in self.rows if row.breached)

    @property
    def at_risk(self) -> int:
        return sum(1 for row in self.rows if row.at_risk)


def board_snapshot(district: str | None = None, limit: int = 200, appeal: str | None = None) -> BoardSnapshot:
    """Requests whose PSGA clock runs (open, or filed and undecided; all districts or one district's) with their
    working days left, oldest first; `appeal` (first, second) keeps only those with an open appeal of that stage."""
    today = local_today(current_app.config["DEFAULT_TIMEZONE"])
    query = db.select(ServiceRequest).options(joinedload(ServiceRequest.service),
                                              joinedload(ServiceRequest.assigned_agent))
    scoped = (lambda q: q.where(ServiceRequest.district == district)) if district else (lambda q: q)
    listed = scoped(query.where(undecided()))
    if appeal in APPEAL_LABELS:
        listed = listed.where(db.exists().where(Appeal.request_id == ServiceRequest.id, Appeal.stage == appeal,
                                                Appeal.closed_at.is_(None)))
    open_requests = db.session.scalars(listed.order_by(ServiceRequest.created_at).limit(limit)).all()
    latest_appeal = dict(db.session.execute(
        db.select(Appeal.request_id, db.func.max(Appeal.stage)).where(
            Appeal.request_id.in_([r.id for r in open_requests])).group_by(Appeal.request_id)).all())
    appeals = dict(db.session.execute(
        scoped(db.select(Appeal.stage, db.func.count()).join(ServiceRequest, ServiceRequest.id == Appeal.request_id)
               .where(Appeal.closed_at.is_(None))).group_by(Appeal.stage)).all())
    stages = dict(db.session.execute(
        scoped(db.select(ServiceRequest.application_stage, db.func.count())
               .where(ServiceRequest.application_stage.is_not(None))).group_by(ServiceRequest.application_stage)
    ).all())
    book, at_risk_days = HolidayBook(today - timedelta(days=400)), int(current_app.config["PSGA_AT_RISK_DAYS"])
    counts = dict(db.session.execute(
        scoped(db.select(ServiceRequest.state, db.func.count()).group_by(ServiceRequest.state))
    ).all())
    flagged = db.session.scalars(
        scoped(query.where(ServiceRequest.fee_flag_reason.is_not(None)))
        .order_by(ServiceRequest.completed_at.desc()).limit(50)
    ).all()
    # On duty and fresh: an agent whose console stopped beating is not really there.
    on_duty = db.session.scalar(
        db.select(db.func.count(Agent.id)).where(Agent.on_duty.is_(True), Agent.active.is_(True),
                                                 Agent.last_seen_at >= stale_cutoff(),
                                                 *([Agent.district == district] if district else []))
    )
    failed = db.select(OutboxMessage).where(OutboxMessage.status == FAILED)
    if district:
        failed = failed.join(ServiceRequest, ServiceRequest.id == OutboxMessage.request_id).where(
            ServiceRequest.district == district)
    return BoardSnapshot(
        today=today, counts=counts,
        rows=[BoardRow(r, days_left(r.psga_due_on, today, book.calendar(r.district)), at_risk_days,
                       latest_appeal.get(r.id)) for r in open_requests],
        escalations=Counter(r.escalation_reason for r in open_requests if r.state == UNASSIGNED),
        fee_flags=list(flagged), agents_on_duty=on_duty or 0,
        failed_sms=list(db.session.scalars(failed.order_by(OutboxMessage.id.desc()).limit(50))),
        queue_lengths=None if district else queue_lengths(), appeals=appeals, stages=stages,
    )


def queue_lengths() -> dict[str, int] | None:
    """Jobs waiting in each RQ queue (dispatch, notify, default); None when Redis does not answer."""
    try:
        return {name: queues.queue(name).count for name in QUEUE_NAMES}
    except (RedisError, OSError):
        return None
