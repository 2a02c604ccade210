"""After assignment: start the visit with the citizen's code, complete with the fee collected, or cancel.

Each transition is a compare-and-set through move_request (audited) and checks that the agent holds the job.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from sqlalchemy import update

from core.audit import record_security_event
from core.clock import utcnow
from core.extensions import db
from dispatch.applications import filing_values
from dispatch.enqueue import dispatch_lease_until, enqueue_dispatch
from dispatch.index import room_after_commit
from dispatch.lifecycle import move_request
from dispatch.matching import DOCUMENTS_MISSING
from dispatch.models import (
    ASSIGNED,
    CANCELLED,
    COMPLETED,
    HELD_STATES,
    NEW,
    UNASSIGNED,
    VISITING,
    Agent,
    AuditEvent,
    ServiceRequest,
)
from dispatch.notify import stage_receipt_sms, stage_request_sms
from dispatch.requests import new_visit_code
from dispatch.waiting import wake_waiting_near_agent

MAX_CODE_FAILURES = 5
# Why an agent gives a job back, and where the request goes then: back to dispatch (another agent, another
# day), to supervisors (another agent would find the same documents missing), or cancelled.
NOT_HOME = "citizen_not_home"  # twice for one request: the request is closed (issue 13's no-show rule)
CANCEL_REASONS = {"citizen_not_home": NEW, DOCUMENTS_MISSING: UNASSIGNED, "citizen_withdrew": CANCELLED}
CANCEL_SMS = {"citizen_not_home": "visit_not_home", DOCUMENTS_MISSING: "visit_documents_missing",
              "citizen_withdrew": "request_withdrawn"}


class VisitError(Exception):
    """A visit transition was refused."""


class NotYourJob(VisitError, LookupError):
    """No such request held by this agent (shown as 404: other agents' jobs do not exist for them)."""


class WrongState(VisitError):
    """The request is not in a state that allows this step (e.g. completing before the visit started)."""

    def __init__(self, state: str):
        super().__init__(f"request is {state}")
        self.state = state


class WrongVisitCode(VisitError):
    """The code did not match; `attempts_left` more tries before the code locks."""

    def __init__(self, attempts_left: int):
        super().__init__(f"wrong visit code, {attempts_left} attempts left")
        self.attempts_left = attempts_left


class VisitCodeLocked(VisitError):
    """Too many wrong codes: only a supervisor's override can start this visit now."""


class FeeNeedsReason(VisitError):
    """The fee collected differs from the notified fee locked on the request and no reason was given."""

    def __init__(self, expected: Decimal):
        super().__init__(f"fee differs from the notified Rs {expected}; a reason is required")
        self.expected = expected


class BadInput(VisitError):
    """A required value is missing or malformed; `field` names it."""

    def __init__(self, field: str):
        super().__init__(f"bad {field}")
        self.field = field


def held_request(request_id: int, agent_id: int) -> ServiceRequest:
    """The request if this agent holds it (assigned or visiting); NotYourJob otherwise."""
    request = db.session.get(ServiceRequest, request_id)
    if request is None or request.assigned_agent_id != agent_id or request.state not in HELD_STATES:
        raise NotYourJob(request_id)
    return request


def start_visit(request_id: int, agent_id: int, code: str) -> None:
    """assigned → visiting when the citizen's 4-digit code matches; only five codes are ever compared.

    Each attempt takes its number in one atomic UPDATE … RETURNING before its code is compared, so of any burst of
    parallel attempts exactly MAX_CODE_FAILURES are compared, and a right code among them starts the visit.
    """
    request = held_request(request_id, agent_id)
    if request.state == VISITING:
        return  # a repeated submit from a flaky connection: already started
    attempt = db.session.scalar(
        update(ServiceRequest)
        .where(ServiceRequest.id == request_id, ServiceRequest.state == ASSIGNED,
               ServiceRequest.assigned_agent_id == agent_id, ServiceRequest.visit_code_failures < MAX_CODE_FAILURES)
        .values(visit_code_failures=ServiceRequest.visit_code_failures + 1)
        .returning(ServiceRequest.visit_code_failures).execution_options(synchronize_session=False))
    db.session.commit()  # the attempt is counted before the code is looked at
    if attempt is None:
        db.session.refresh(request)
        if request.state == VISITING and request.assigned_agent_id == agent_id:
            return  # started meanwhile (by a parallel submit of the right code)
        if request.state != ASSIGNED or request.assigned_agent_id != agent_id:
            raise NotYourJob(request_id)
        raise VisitCodeLocked(request_id)
    code = (code or "").strip()
    if not secrets.compare_digest(code.encode(), request.visit_code.encode()):
        left = MAX_CODE_FAILURES - attempt
        if left <= 0:
            raise VisitCodeLocked(request_id)
        raise WrongVisitCode(left)
    if not move_request(request_id, ASSIGNED, VISITING, f"agent:{agent_id}", "visit code matched",
                        visit_started_at=utcnow()):
        db.session.rollback()
        raise WrongState(request.state)
    db.session.commit()


def override_visit_code(request_id: int, supervisor_id: int, reason: str) -> None:
    """A supervisor starts the visit without the code (e.g. the citizen lost the SMS), with a reason."""
    reason = (reason or "").strip()
    if not reason:
        raise BadInput("reason")
    request = db.session.get(ServiceRequest, request_id)
    if request is None:
        raise NotYourJob(request_id)
    if not move_request(request_id, ASSIGNED, VISITING, f"supervisor:{supervisor_id}",
                        f"visit code override: {reason}", visit_started_at=utcnow()):
        db.session.rollback()
        raise WrongState(request.state)
    record_security_event("override", f"supervisor:{supervisor_id}", f"request:{request.number}", reason)
    db.session.commit()


def complete_request(request_id: int, agent_id: int, application_number: str, fee_collected: Decimal,
                     reason: str | None = None) -> None:
    """visiting → completed with the department's application number and the fee collected; receipt SMS queued.

    A fee other than the locked notified fee needs a reason and is flagged for supervisors.
    """
    request = held_request(request_id, agent_id)
    if request.state != VISITING:
        raise WrongState(request.state)
    application_number = (application_number or "").strip()
    if not application_number or len(application_number) > 60:
        raise BadInput("application_number")
    if fee_collected is None or fee_collected < 0:
        raise BadInput("fee_collected")
    expected = request.total_fee
    reason = (reason or "").strip() or None
    flag = None
    if Decimal(fee_collected) != expected:
        if reason is None:
            raise FeeNeedsReason(expected)
        flag = f"collected Rs {fee_collected} instead of Rs {expected}: {reason}"
    now = utcnow()
    if not move_request(request_id, VISITING, COMPLETED, f"agent:{agent_id}", "completed",
                        application_number=application_number, fee_collected=fee_collected,
                        fee_flag_reason=flag, completed_at=now, **filing_values(request, now)):
        db.session.rollback()
        raise WrongState(request.state)
    _release_agent(agent_id, now)
    db.session.refresh(request)
    stage_receipt_sms(request, db.session.get(Agent, agent_id))
    db.session.commit()
    wake_waiting_near_agent(agent_id)


def cancel_by_agent(request_id: int, agent_id: int, reason: str) -> str:
    """The agent gives the job back: to dispatch (citizen not home), to supervisors (documents missing) or
    cancelled (citizen withdrew). Returns the request's new state."""
    if reason not in CANCEL_REASONS:
        raise BadInput("reason")
    request = held_request(request_id, agent_id)
    to_state, sms = CANCEL_REASONS[reason], CANCEL_SMS[reason]
    if reason == NOT_HOME and _not_home_before(request_id):  # the no-show rule: the second time, closed
        to_state, sms = CANCELLED, "request_closed_not_home"
    now = utcnow()
    values: dict = {"cancel_reason": reason}
    if to_state == CANCELLED:
        values.update(needs_dispatch=False, next_dispatch_at=None)
    if to_state in (NEW, UNASSIGNED):
        # A fresh visit code: the one the citizen holds named this agent, who must not be able to use it.
        # This agent's accepted offer keeps them from being offered the request again (tried_and_cooling_agents).
        values.update(assigned_agent_id=None, visit_code=_another_visit_code(request.visit_code),
                      visit_code_failures=0, assigned_at=None,
                      visit_started_at=None, needs_dispatch=to_state == NEW, attempts=0, wait_rounds=0,
                      next_dispatch_at=dispatch_lease_until(now))
    if to_state == UNASSIGNED:
        values.update(escalation_reason=reason)
    if not move_request(request_id, HELD_STATES, to_state, f"agent:{agent_id}", f"agent cancelled: {reason}",
                        **values):
        db.session.rollback()
        raise WrongState(request.state)
    _release_agent(agent_id, now)
    db.session.refresh(request)
    # One SMS per give-back (the same agent may be given the job again by a supervisor, and give it back again).
    stage_request_sms(request, sms, f"cancelled:{request_id}:{agent_id}:{now:%Y%m%d%H%M%S%f}")
    db.session.commit()
    if to_state == NEW:
        enqueue_dispatch(request_id)
    wake_waiting_near_agent(agent_id)
    return to_state


def _not_home_before(request_id: int) -> bool:
    """Whether an agent already found nobody at home for this request (its audit trail says so)."""
    return db.session.scalar(
        db.select(AuditEvent.id).where(AuditEvent.request_id == request_id,
                                       AuditEvent.reason == f"agent cancelled: {NOT_HOME}").limit(1)) is not None


def _another_visit_code(old: str) -> str:
    code = new_visit_code()
    while code == old:  # 1 in 10,000: the old code must not come back
        code = new_visit_code()
    return code


def _release_agent(agent_id: int, now) -> None:
    # Atomic in the database: parallel completions must not lose a decrement.
    room = db.session.scalar(
        update(Agent).where(Agent.id == agent_id, Agent.open_jobs > 0)
        .values(open_jobs=Agent.open_jobs - 1, idle_since=now).returning(Agent.capacity - Agent.open_jobs)
        .execution_options(synchronize_session=False))
    if room is not None:
        room_after_commit(agent_id, room)  # written to the index once the caller commits

