"""The application after the visit: its stage at the department, and the PSGA clock in working days.

Stages (ServiceRequest.application_stage; the dispatch state stays `completed`):

    filed ─→ under_process ─→ approved ─→ delivered (handed_over | digilocker | serviceplus, with a reference)
      │            └────────→ rejected (with a reason)
      └──→ approved / rejected (a department may skip "under process")

`filed` is set when the agent completes the visit (the receipt SMS tells the citizen the application number);
every later change is a compare-and-set on the stage with an audit row (actor agent:<id>, supervisor:<id>,
department:<source> or system) and one SMS to the citizen in their language. Setting the stage a request is
already in changes nothing and sends nothing (a department may send the same file twice). Callers commit.

The PSGA clock starts on the local day the application is filed (documents complete: a visit with documents
missing ends without filing) and runs in working days (dispatch.timelines, holidays of the request's district).
While the department waits for documents from the citizen, the clock is paused: psga_paused_since holds the day
the pause began; on resuming, the working days of the pause are added to psga_paused_days and the deadline moves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from sqlalchemy import update

from core.clock import utcnow
from core.extensions import db
from dispatch.holidays import calendar_for
from dispatch.models import (
    APPROVED,
    DECIDED_STAGES,
    DELIVERED,
    DELIVERY_MODES,
    FILED,
    REJECTED,
    UNDER_PROCESS,
    Appeal,
    AuditEvent,
    ServiceRequest,
)
from dispatch.notify import stage_delivery_rating_sms, stage_request_sms
from dispatch.requests import confirmed_on
from dispatch.timelines import psga_deadline, working_days_between

# Where each stage may go next.
NEXT_STAGES: dict[str | None, tuple[str, ...]] = {
    FILED: (UNDER_PROCESS, APPROVED, REJECTED),
    UNDER_PROCESS: (APPROVED, REJECTED),
    APPROVED: (DELIVERED,),
    REJECTED: (),
    DELIVERED: (),
}
SETTABLE_STAGES = (UNDER_PROCESS, APPROVED, REJECTED, DELIVERED)
PAUSABLE_STAGES = (FILED, UNDER_PROCESS)
MAX_REASON, MAX_REFERENCE = 200, 80
REFERENCE_REQUIRED = ("digilocker", "serviceplus")


class StageError(ValueError):
    """A stage change was refused: `code` says why, `field` names the bad value (when one is), message in English."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code, self.field, self.message = code, field, message


@dataclass(frozen=True)
class StageChange:
    """A checked stage change: the stage, and the reason or delivery facts it carries."""

    stage: str
    reason: str | None = None
    delivery_mode: str | None = None
    reference: str | None = None


def check_stage_change(current: str | None, stage: str, reason: str | None = None,
                       delivery_mode: str | None = None, reference: str | None = None) -> StageChange:
    """Check a change from `current` to `stage` with its values (pure); StageError naming what is wrong."""
    stage = (stage or "").strip().lower()
    reason = (reason or "").strip() or None
    delivery_mode = (delivery_mode or "").strip().lower() or None
    reference = (reference or "").strip() or None
    if stage not in SETTABLE_STAGES:
        raise StageError("unknown_stage", f"unknown stage {stage!r}: one of {', '.join(SETTABLE_STAGES)}", "stage")
    if current is None:
        raise StageError("not_filed", "the application is not filed yet (the visit is not completed)", "stage")
    if stage == REJECTED:
        if not reason:
            raise StageError("reason_required", "a rejection needs a reason", "reason")
        if len(reason) > MAX_REASON:
            raise StageError("reason_too_long", f"the reason is longer than {MAX_REASON} characters", "reason")
    if stage == DELIVERED:
        if delivery_mode not in DELIVERY_MODES:
            raise StageError("delivery_mode", "delivery needs a mode: one of " + ", ".join(DELIVERY_MODES),
                             "delivery_mode")
        if delivery_mode in REFERENCE_REQUIRED and not reference:
            raise StageError("reference_required", f"delivery by {delivery_mode} needs a reference", "reference")
        if reference and len(reference) > MAX_REFERENCE:
            raise StageError("reference_too_long", f"the reference is longer than {MAX_REFERENCE} characters",
                             "reference")
    if stage != current and stage not in NEXT_STAGES.get(current, ()):
        allowed = ", ".join(NEXT_STAGES.get(current, ())) or "nothing (final)"
        raise StageError("wrong_stage", f"the application is {current}: it can go to {allowed}, not {stage}",
                         "stage")
    return StageChange(stage, reason if stage == REJECTED else None,
                       delivery_mode if stage == DELIVERED else None, reference if stage == DELIVERED else None)


def local_day(at: datetime) -> date:
    """The local calendar day of a naive UTC instant (statutory days are local days)."""
    return confirmed_on(at, current_app.config["DEFAULT_TIMEZONE"])


def filing_values(request: ServiceRequest, now: datetime) -> dict:
    """The columns set when the agent files the application at completion: the stage and the clock's start."""
    started = local_day(now)
    return {"application_stage": FILED, "stage_changed_at": now, "psga_started_on": started,
            "psga_paused_since": None, "psga_paused_days": 0,
            "psga_due_on": psga_deadline(started, request.service.psga_days, calendar_for(request.district, started))}


def change_stage(request_id: int, stage: str, actor: str, *, reason: str | None = None,
                 delivery_mode: str | None = None, reference: str | None = None,
                 district: str | None = None) -> bool:
    """Move the application to `stage` (audited, one SMS to the citizen); False when it is already there.

    `district` limits the change to a district's requests (a district supervisor); LookupError for any other.
    """
    request = db.session.get(ServiceRequest, request_id)
    if request is None or (district and request.district != district):
        raise LookupError(request_id)
    current = request.application_stage
    change = check_stage_change(current, stage, reason, delivery_mode, reference)
    if change.stage == current:
        return False
    now = utcnow()
    values: dict = {"application_stage": change.stage, "stage_changed_at": now, "updated_at": now}
    if change.stage == REJECTED:
        values["rejection_reason"] = change.reason
    if change.stage == DELIVERED:
        values.update(delivery_mode=change.delivery_mode, delivery_reference=change.reference)
    if change.stage in DECIDED_STAGES:
        values["psga_paused_since"] = None  # the clock stops for good
    result = db.session.execute(
        update(ServiceRequest).where(ServiceRequest.id == request_id, ServiceRequest.application_stage == current)
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise StageError("conflict", "the stage was changed by someone else meanwhile: reload and try again")
    detail = {REJECTED: change.reason, DELIVERED: f"{change.delivery_mode} {change.reference or ''}".strip()}
    db.session.add(AuditEvent(request_id=request_id, from_state=current, to_state=change.stage, actor=actor[:60],
                              reason=(f"application {change.stage}" + (f": {detail[change.stage]}"
                                                                       if detail.get(change.stage) else ""))[:200],
                              at=now))
    if change.stage in DECIDED_STAGES:
        db.session.execute(update(Appeal).where(Appeal.request_id == request_id, Appeal.closed_at.is_(None))
                           .values(closed_at=now, closed_reason=change.stage)
                           .execution_options(synchronize_session=False))
    db.session.flush()
    db.session.refresh(request)
    stage_stage_sms(request)
    if change.stage == DELIVERED:
        stage_delivery_rating_sms(request)
    return True


def stage_stage_sms(request: ServiceRequest) -> None:
    """The citizen's SMS for the stage the application is now in (once per request and stage)."""
    stage = request.application_stage
    template = f"stage_{DELIVERED}_{request.delivery_mode}" if stage == DELIVERED else f"stage_{stage}"
    stage_request_sms(request, template, f"stage:{request.id}:{stage}",
                      application=request.application_number or "", due=request.psga_due_on.strftime("%d-%m-%Y"),
                      reason=request.rejection_reason or "", reference=request.delivery_reference or "")


def pause_clock(request_id: int, actor: str, today: date, district: str | None = None) -> bool:
    """Documents are missing on the citizen's side: pause the PSGA clock from today (audited, one SMS).
    False when it is already paused."""
    request = _open_application(request_id, district)
    if request.psga_paused_since is not None:
        return False
    result = db.session.execute(
        update(ServiceRequest).where(ServiceRequest.id == request_id, ServiceRequest.psga_paused_since.is_(None),
                                     ServiceRequest.application_stage == request.application_stage)
        .values(psga_paused_since=today, updated_at=utcnow()).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise StageError("conflict", "the application was changed by someone else meanwhile: reload and try again")
    db.session.add(AuditEvent(request_id=request_id, from_state=request.application_stage,
                              to_state=request.application_stage, actor=actor[:60],
                              reason=f"PSGA clock paused on {today}: documents missing on the citizen's side"))
    db.session.flush()
    db.session.refresh(request)
    stage_request_sms(request, "stage_documents_missing", f"pause:{request.id}:{today}",
                      application=request.application_number or "")
    return True


def resume_clock(request_id: int, actor: str, today: date, district: str | None = None) -> bool:
    """The documents came: the clock runs again and the deadline moves by the paused working days (audited).
    False when it was not paused."""
    request = _open_application(request_id, district)
    since = request.psga_paused_since
    if since is None:
        return False
    calendar = calendar_for(request.district, request.psga_started_on)
    paused = max(0, working_days_between(since, today, calendar))
    total = request.psga_paused_days + paused
    due = psga_deadline(request.psga_started_on or since, request.service.psga_days, calendar, total)
    result = db.session.execute(
        update(ServiceRequest).where(ServiceRequest.id == request_id, ServiceRequest.psga_paused_since == since)
        .values(psga_paused_since=None, psga_paused_days=total, psga_due_on=due, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise StageError("conflict", "the application was changed by someone else meanwhile: reload and try again")
    db.session.add(AuditEvent(request_id=request_id, from_state=request.application_stage,
                              to_state=request.application_stage, actor=actor[:60],
                              reason=f"PSGA clock resumed on {today} after {paused} working days; due {due}"))
    db.session.flush()
    return True


def _open_application(request_id: int, district: str | None) -> ServiceRequest:
    request = db.session.get(ServiceRequest, request_id)
    if request is None or (district and request.district != district):
        raise LookupError(request_id)
    if request.application_stage not in PAUSABLE_STAGES:
        raise StageError("not_pausable", "only an application filed or under process can wait for documents",
                         "stage")
    return request


def find_request(number: str | None = None, application_number: str | None = None) -> ServiceRequest | None:
    """A request by its 9-digit number, or by the department's application number."""
    if number:
        return db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.number == number.strip()))
    if application_number:
        return db.session.scalar(db.select(ServiceRequest)
                                 .where(ServiceRequest.application_number == application_number.strip())
                                 .order_by(ServiceRequest.id.desc()).limit(1))
    return None
