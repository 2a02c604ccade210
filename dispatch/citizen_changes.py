"""A citizen cancels or reschedules their own request (by phone or SMS), and dispatch waits for a chosen window.

Each change is a compare-and-set through move_request (audited) from the state just read; a live offer is
withdrawn, an agent holding the job is freed (cancel) or told the new window (reschedule) by SMS in their language.
Only the number that made the request may change it, and only before the visit starts.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app
from sqlalchemy import update

from core.clock import utcnow
from core.extensions import db
from core.outbox import stage_sms
from dispatch.enqueue import dispatch_lease_until
from dispatch.index import offer_closed_after_commit
from dispatch.lifecycle import move_request
from dispatch.models import (
    ASSIGNED,
    CANCELLED,
    COMPLETED,
    LIVE,
    NEW,
    OFFERED,
    UNASSIGNED,
    VISITING,
    WAITING_STATES,
    WITHDRAWN,
    Agent,
    AuditEvent,
    Offer,
    ServiceRequest,
)
from dispatch.notify import agent_language, stage_request_sms
from dispatch.requests import find_request
from dispatch.sms import sms_text
from dispatch.visit_windows import VisitWindow, dispatch_not_before, window_text
from dispatch.visits import _release_agent
from dispatch.waiting import wake_waiting_near_agent

log = logging.getLogger(__name__)

CHANGEABLE_STATES = (NEW, OFFERED, ASSIGNED, UNASSIGNED)  # before the visit starts
# What a change came to (the IVR and the SMS say each in words).
CANCELLED_NOW, RESCHEDULED = "cancelled", "rescheduled"
UNKNOWN, NOT_YOURS, ALREADY_CANCELLED, TOO_LATE = "unknown", "not_yours", "already_cancelled", "too_late"
CITIZEN_CANCELLED = "citizen_cancelled"  # the request's cancel_reason
_RACES = 3  # the request moved between our read and our update (an offer made or accepted): read it again


def change_refused(request: ServiceRequest | None, phone: str | None) -> str | None:
    """Why this number may not change this request (None: it may)."""
    if request is None:
        return UNKNOWN
    if not phone or request.citizen_phone != phone:
        return NOT_YOURS
    if request.state == CANCELLED:
        return ALREADY_CANCELLED
    if request.state in (VISITING, COMPLETED):
        return TOO_LATE
    return None


def cancel_by_citizen(number: str, phone: str | None, channel: str) -> str:
    """Cancel the request for the citizen who made it: withdrawn offer, freed agent (told by SMS), the citizen's
    confirmation SMS; returns CANCELLED_NOW or why not."""
    for _race in range(_RACES):
        request = find_request(number)
        refused = change_refused(request, phone)
        if refused is not None:
            return refused
        request_id, from_state, agent_id = request.id, request.state, request.assigned_agent_id
        offered_to = _withdraw_live_offer(request_id, "citizen cancelled") if from_state == OFFERED else None
        if not move_request(request_id, from_state, CANCELLED, f"citizen:{channel}", "citizen cancelled",
                            needs_dispatch=False, cancel_reason=CITIZEN_CANCELLED, next_dispatch_at=None):
            db.session.rollback()
            continue
        now = utcnow()
        if from_state == ASSIGNED and agent_id is not None:
            _release_agent(agent_id, now)
            _tell_agent(request, agent_id, "agent_job_cancelled", f"citizen-cancelled-agent:{request_id}")
        db.session.refresh(request)
        stage_request_sms(request, "request_withdrawn", f"citizen-cancelled:{request_id}")
        db.session.commit()
        for freed in {agent_id if from_state == ASSIGNED else None, offered_to} - {None}:
            wake_waiting_near_agent(freed)
        log.info("request %s cancelled by the citizen (%s)", number, channel)
        return CANCELLED_NOW
    return TOO_LATE


def reschedule_by_citizen(number: str, phone: str | None, window: VisitWindow, channel: str) -> str:
    """Move the visit to another window: the agent holding the job keeps it and is told; a request not yet taken
    is offered again from the new window's lead time (a live offer is withdrawn). Returns RESCHEDULED or why not."""
    for _race in range(_RACES):
        request = find_request(number)
        refused = change_refused(request, phone)
        if refused is not None:
            return refused
        request_id, from_state, agent_id = request.id, request.state, request.assigned_agent_id
        values: dict = {"visit_window_start": window.start, "visit_window_end": window.end}
        to_state = from_state
        if from_state in (*WAITING_STATES, OFFERED):
            offered_to = _withdraw_live_offer(request_id, "citizen rescheduled") if from_state == OFFERED else None
            to_state = NEW if from_state == OFFERED else from_state
            values.update(needs_dispatch=True, next_dispatch_at=_first_dispatch(window.start))
        else:
            offered_to = None
        note = f"citizen rescheduled to {window_text(window.start, window.end, _zone())} ({channel})"
        if not move_request(request_id, from_state, to_state, f"citizen:{channel}", note, **values):
            db.session.rollback()
            continue
        db.session.refresh(request)
        if from_state == ASSIGNED and agent_id is not None:
            _tell_agent(request, agent_id, "agent_job_rescheduled", f"rescheduled-agent:{request_id}:{_stamp()}")
        stage_request_sms(request, "request_rescheduled", f"rescheduled:{request_id}:{_stamp()}",
                          window=window_text(window.start, window.end, _zone()))
        db.session.commit()
        if offered_to is not None:
            wake_waiting_near_agent(offered_to)
        return RESCHEDULED
    return TOO_LATE


def hold_until_window(request: ServiceRequest) -> datetime | None:
    """Dispatch's check before an offer: a request whose window opens later than the lead time is not offered yet;
    its next search is set to that moment (audited once). Returns that moment, or None when it may be offered now."""
    not_before = dispatch_not_before(request.visit_window_start, current_app.config["VISIT_WINDOW_LEAD_MINUTES"])
    if not_before is None or utcnow() >= not_before:
        return None
    if request.next_dispatch_at is not None and request.next_dispatch_at >= not_before:
        db.session.rollback()
        return not_before  # already held (a duplicate job): nothing more to write
    held = db.session.execute(
        update(ServiceRequest).where(ServiceRequest.id == request.id, ServiceRequest.state == request.state,
                                     ServiceRequest.needs_dispatch.is_(True))
        .values(next_dispatch_at=not_before).execution_options(synchronize_session=False)).rowcount == 1
    if held:
        db.session.add(AuditEvent(request_id=request.id, from_state=request.state, to_state=request.state,
                                  actor="dispatcher", reason=f"waits for its visit window: first offered at "
                                                             f"{not_before:%Y-%m-%d %H:%M} UTC"))
    db.session.commit()
    return not_before


def _first_dispatch(window_start: datetime) -> datetime:
    now = utcnow()
    not_before = dispatch_not_before(window_start, current_app.config["VISIT_WINDOW_LEAD_MINUTES"])
    return max(not_before, dispatch_lease_until(now)) if not_before else dispatch_lease_until(now)


def _withdraw_live_offer(request_id: int, reason: str) -> int | None:
    """Close the request's live offer (in this transaction); the agent it was offered to, if any."""
    agent_id = db.session.scalar(
        update(Offer).where(Offer.request_id == request_id, Offer.state == LIVE)
        .values(state=WITHDRAWN, decided_at=utcnow(), reason=reason).returning(Offer.agent_id)
        .execution_options(synchronize_session=False))
    if agent_id is not None:
        offer_closed_after_commit(agent_id)
    return agent_id


def _tell_agent(request: ServiceRequest, agent_id: int, template: str, dedupe_key: str) -> None:
    agent = db.session.get(Agent, agent_id)
    if agent is None:
        return
    language = agent_language(agent)
    text = sms_text(template, language, number=request.number, service=request.service.name(language),
                    locality=request.locality,
                    window=window_text(request.visit_window_start, request.visit_window_end, _zone()))
    stage_sms(agent.phone, text, template, dedupe_key, request_id=request.id)


def _zone() -> str:
    return current_app.config.get("DEFAULT_TIMEZONE") or "Asia/Kolkata"


def _stamp() -> str:
    return f"{utcnow():%Y%m%d%H%M%S%f}"
