"""Auto Appeal under the PSGA, in two stages, filed without the citizen asking (driven by the sweeper, hourly).

First appeal: a request not decided (approved, rejected or delivered) by its working-day deadline, whose clock is
not paused, and not cancelled, is appealed to the First Appellate Authority of its district and department.
Before the application is filed, the provisional deadline (counted from the confirmation) applies, except while a
request waits on the citizen's missing documents. Second appeal: a first appeal still open APPEAL_PERIOD_DAYS
(calendar days) after filing, the application still undecided, goes to the Second Appellate Authority.

Each stage happens once per request: the psga_appeal row is unique on (request, stage); the row, the audit line and
the citizen's SMS (outbox) are written in one transaction per request, so a crash leaves all or nothing and a
second run (or a second sweeper) finds the row and does nothing. A decision closes the open appeal (applications).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from core.clock import local_today, utcnow
from core.extensions import db
from dispatch.matching import DOCUMENTS_MISSING
from dispatch.models import (
    CANCELLED,
    COMPLETED,
    FILED,
    FIRST_APPEAL,
    OPEN_STATES,
    SECOND_APPEAL,
    UNASSIGNED,
    UNDER_PROCESS,
    Appeal,
    AppellateAuthority,
    AuditEvent,
    ServiceRequest,
)
from dispatch.notify import stage_request_sms

PREFIX = {FIRST_APPEAL: "FA", SECOND_APPEAL: "SA"}
AUDIT_STATE = {FIRST_APPEAL: "appeal_first", SECOND_APPEAL: "appeal_second"}
LEVEL_NAME = {FIRST_APPEAL: "First Appellate Authority", SECOND_APPEAL: "Second Appellate Authority"}
ACTOR = "system"
_NUMBER_TRIES = 5


def undecided():
    """SQL: the request still waits for the department's decision (or for its visit)."""
    return or_(ServiceRequest.state.in_(OPEN_STATES),
               and_(ServiceRequest.state == COMPLETED, ServiceRequest.application_stage.in_((FILED, UNDER_PROCESS))))


def breached_requests(today: date):
    """SQL: requests whose timeline is missed today and that have no first appeal yet."""
    first = aliased(Appeal)
    return (db.select(ServiceRequest.id)
            .where(undecided(), ServiceRequest.psga_due_on < today, ServiceRequest.psga_paused_since.is_(None),
                   ServiceRequest.appealed_at.is_(None),
                   ~and_(ServiceRequest.state == UNASSIGNED, ServiceRequest.escalation_reason == DOCUMENTS_MISSING),
                   ~exists().where(first.request_id == ServiceRequest.id, first.stage == FIRST_APPEAL))
            .order_by(ServiceRequest.psga_due_on, ServiceRequest.id))


def overdue_first_appeals(today: date):
    """SQL: first appeals still open past their decide-by day, the application undecided, no second appeal yet."""
    second = aliased(Appeal)
    return (db.select(ServiceRequest.id).join(Appeal, Appeal.request_id == ServiceRequest.id)
            .where(Appeal.stage == FIRST_APPEAL, Appeal.closed_at.is_(None), Appeal.decide_by < today,
                   undecided(), ServiceRequest.state != CANCELLED,
                   ~exists().where(second.request_id == ServiceRequest.id, second.stage == SECOND_APPEAL))
            .order_by(Appeal.decide_by, ServiceRequest.id))


def file_auto_appeals() -> list[int]:
    """File every first appeal due today; return the requests appealed (each at most once, ever)."""
    today = local_today(current_app.config["DEFAULT_TIMEZONE"])
    return [rid for rid in db.session.scalars(breached_requests(today)).all() if _file(rid, FIRST_APPEAL, today)]


def file_second_appeals() -> list[int]:
    """File every second appeal due today; return the requests appealed again (each at most once, ever)."""
    today = local_today(current_app.config["DEFAULT_TIMEZONE"])
    return [rid for rid in db.session.scalars(overdue_first_appeals(today)).all()
            if _file(rid, SECOND_APPEAL, today)]


def run_appeals() -> dict[str, list[int]]:
    """The sweeper's hourly job: first appeals, then second appeals."""
    return {FIRST_APPEAL: file_auto_appeals(), SECOND_APPEAL: file_second_appeals()}


def authority_for(district: str, department: str, stage: str) -> AppellateAuthority | None:
    """The appellate authority of a department in a district, or the department's UT-wide one (district "")."""
    return db.session.scalar(
        db.select(AppellateAuthority)
        .where(AppellateAuthority.department == department, AppellateAuthority.level == stage,
               AppellateAuthority.district.in_((district, "")))
        .order_by(AppellateAuthority.district.desc()).limit(1))


def appeal_number(stage: str, year: int, attempt: int = 0) -> str:
    """The next free number of the stage in the year: FA-2026-000001, SA-2026-000001 …"""
    prefix = f"{PREFIX[stage]}-{year}-"
    taken = db.session.scalar(db.select(db.func.count(Appeal.id)).where(Appeal.number.like(prefix + "%"))) or 0
    return f"{prefix}{taken + 1 + attempt:06d}"


def _file(request_id: int, stage: str, today: date) -> bool:
    """File one appeal in its own transaction; False when it exists already (another run filed it)."""
    for attempt in range(_NUMBER_TRIES):
        try:
            filed = _file_once(request_id, stage, today, attempt)
            db.session.commit()
            return filed
        except IntegrityError:
            db.session.rollback()
            if db.session.scalar(db.select(Appeal.id).where(Appeal.request_id == request_id,
                                                            Appeal.stage == stage)) is not None:
                return False  # filed by a parallel run: exactly once all the same
    return False


def _file_once(request_id: int, stage: str, today: date, attempt: int) -> bool:
    request = db.session.get(ServiceRequest, request_id)
    if request is None:
        return False
    now: datetime = utcnow()
    authority = authority_for(request.district, request.service.department, stage)
    appeal = Appeal(request_id=request_id, stage=stage, number=appeal_number(stage, today.year, attempt),
                    authority_id=authority.id if authority else None,
                    authority_name=authority.name if authority else "",
                    authority_designation=authority.designation if authority else "",
                    filed_at=now, filed_on=today,
                    decide_by=today + timedelta(days=int(current_app.config["APPEAL_PERIOD_DAYS"])))
    db.session.add(appeal)
    db.session.flush()  # the unique (request, stage) decides who files it
    if stage == FIRST_APPEAL:
        db.session.execute(update(ServiceRequest).where(ServiceRequest.id == request_id,
                                                        ServiceRequest.appealed_at.is_(None))
                           .values(appealed_at=now).execution_options(synchronize_session=False))
    heard_by = f"{authority.designation}, {authority.name}" if authority else "no authority configured"
    state = request.application_stage or request.state
    db.session.add(AuditEvent(request_id=request_id, from_state=state, to_state=AUDIT_STATE[stage], actor=ACTOR,
                              at=now, reason=(f"PSGA timeline missed (due {request.psga_due_on}); appeal "
                                              f"{appeal.number} filed to the {LEVEL_NAME[stage]} ({heard_by})")[:200]))
    where = f" ({authority.designation}, {request.district})" if authority else ""
    stage_request_sms(request, f"appeal_{stage}", f"appeal:{request_id}:{stage}", appeal=appeal.number,
                      authority=where)
    return True


def appeals_of(request_id: int) -> list[Appeal]:
    """A request's appeals, first then second."""
    return list(db.session.scalars(db.select(Appeal).where(Appeal.request_id == request_id).order_by(Appeal.id)))
