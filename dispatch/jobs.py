"""RQ jobs of the dispatcher, and the sweeper's rounds. Every job takes IDs and is idempotent: running one twice
changes nothing more than running it once."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import update

from core.clock import utcnow
from core.extensions import db
from core.outbox import requeue_due_messages
from dispatch.candidates import candidate_for_request
from dispatch.citizen_changes import hold_until_window
from dispatch.enqueue import dispatch_lease_until, enqueue_dispatch, enqueue_dispatch_batch
from dispatch.index import IndexRebuilding, refresh_agent_index
from dispatch.matching import ALL_BUSY, NOT_TAKEN
from dispatch.models import LIVE, OFFERED, WAITING_STATES, Offer, ServiceRequest
from dispatch.notify import stage_request_sms
from dispatch.offers import expire_offer, make_offer, wait_for_agent

log = logging.getLogger(__name__)

__all__ = ["dispatch_request", "dispatch_requests", "enqueue_dispatch", "sweep", "sweep_due"]

_OFFER_RACES = 3  # another dispatcher may offer the same agent at the same moment: try the next one
_BATCH = 500
# A backlog (after an outage, every waiting request is due at once) goes to the workers in jobs of this many
# requests: one job's overhead for many dispatches, and no per-request liveness check in the sweeper.
BACKLOG_FROM = 20
BACKLOG_JOB_SIZE = 25


def dispatch_request(request_id: int) -> int | None:
    """RQ job: offer a waiting request to the best candidate, or let it wait (flagged for supervisors when nobody
    in range can ever take it). Returns the id of the offer made."""
    request = db.session.get(ServiceRequest, request_id)
    if request is None or request.state not in WAITING_STATES or not request.needs_dispatch:
        return None
    if hold_until_window(request) is not None:  # the citizen's visit window opens later (issue 13)
        return None
    cfg = current_app.config
    if request.attempts >= cfg["OFFER_MAX_ATTEMPTS"] and request.escalation_reason is None:
        # Offered many times, never taken: supervisors should look, and dispatch goes on offering meanwhile.
        wait_for_agent(request_id, NOT_TAKEN, escalate_as=NOT_TAKEN)
        request = db.session.get(ServiceRequest, request_id, populate_existing=True)
    skip: set[int] = set()
    for _race in range(_OFFER_RACES):
        try:
            search = candidate_for_request(request, skip)
        except IndexRebuilding:
            # Not "nobody in range": the index is being rebuilt. The sweeper queues the request again.
            log.info("request %s waits for the agent index rebuild", request_id)
            db.session.rollback()
            return None
        if search.candidate is None:
            reason = search.escalation_reason
            wait_for_agent(request_id, reason, escalate_as=None if reason == ALL_BUSY else reason)
            log.info("request %s waits: %s", request_id, reason)
            return None
        offer = make_offer(request_id, search.candidate.agent_id, search.candidate.distance_km,
                           cfg["OFFER_TTL_SECONDS"], waiting_as=request.state)
        if offer is not None:
            return offer.id
        request = db.session.get(ServiceRequest, request_id, populate_existing=True)
        if request.state not in WAITING_STATES:
            return None  # someone else offered it first
        skip.add(search.candidate.agent_id)  # that agent was just offered another request
    wait_for_agent(request_id, ALL_BUSY)
    return None


def dispatch_requests(request_ids: list[int]) -> int:
    """RQ job: dispatch several requests in turn, each as its own job would; returns the offers made. One that
    fails is logged and left to its lease: the sweeper queues it again."""
    made = 0
    for request_id in request_ids:
        try:
            made += dispatch_request(request_id) is not None
        except Exception:
            log.exception("dispatching request %s failed; the sweeper will queue it again", request_id)
            db.session.rollback()
    return made


def sweep_due() -> dict:
    """The sweeper's tick (every second): expire due offers, queue due dispatches and due SMS. Cheap when idle:
    three indexed queries."""
    now = utcnow()
    overdue = db.session.scalars(
        db.select(Offer.id).where(Offer.state == LIVE, Offer.expires_at <= now).limit(_BATCH)).all()
    db.session.rollback()
    expired = sum(expire_offer(offer_id) is not None for offer_id in overdue)
    due = db.session.scalars(
        db.select(ServiceRequest.id)
        .where(ServiceRequest.needs_dispatch.is_(True), ServiceRequest.state.in_(WAITING_STATES),
               (ServiceRequest.next_dispatch_at.is_(None)) | (ServiceRequest.next_dispatch_at <= now))
        .order_by(ServiceRequest.next_dispatch_at).limit(_BATCH)).all()
    if due:
        db.session.execute(update(ServiceRequest).where(ServiceRequest.id.in_(due))
                           .values(next_dispatch_at=dispatch_lease_until(now))
                           .execution_options(synchronize_session=False))
    db.session.commit()
    if len(due) < BACKLOG_FROM:
        queued = sum(enqueue_dispatch(request_id) for request_id in due)
    else:
        chunks = [due[start:start + BACKLOG_JOB_SIZE] for start in range(0, len(due), BACKLOG_JOB_SIZE)]
        queued = sum(len(chunk) for chunk in chunks if enqueue_dispatch_batch(chunk))
    return {"expired": expired, "due": len(due), "queued": queued, **requeue_due_messages()}


def sweep() -> dict:
    """The sweeper's round (every SWEEP_INTERVAL_SECONDS): the tick's work, plus keeping the agent index true and
    telling citizens who have waited long. Idempotent, and safe on several machines at once."""
    summary = {**sweep_due(), **refresh_agent_index(), "told_waiting": tell_long_waiting_citizens()}
    log.info("sweep: %s", summary)
    return summary


def tell_long_waiting_citizens() -> int:
    """One SMS, once, to each citizen whose request has waited for an agent past WAITING_SMS_AFTER_MINUTES."""
    cutoff = utcnow() - timedelta(minutes=current_app.config["WAITING_SMS_AFTER_MINUTES"])
    waiting = db.session.scalars(
        db.select(ServiceRequest)
        .where(ServiceRequest.state.in_((*WAITING_STATES, OFFERED)), ServiceRequest.needs_dispatch.is_(True),
               ServiceRequest.waiting_notified_at.is_(None), ServiceRequest.created_at <= cutoff)
        .limit(_BATCH)).all()
    told = 0
    for request in waiting:
        marked = db.session.execute(
            update(ServiceRequest).where(ServiceRequest.id == request.id, ServiceRequest.waiting_notified_at.is_(None))
            .values(waiting_notified_at=utcnow()).execution_options(synchronize_session=False)).rowcount == 1
        if marked:
            stage_request_sms(request, "request_waiting", f"waiting:{request.id}")
            told += 1
        db.session.commit()
    return told

