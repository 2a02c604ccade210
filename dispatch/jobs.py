"""RQ jobs of the dispatcher and the sweeper. Every job takes IDs and is idempotent: running one twice
changes nothing more than running it once."""

from __future__ import annotations

import logging

from flask import current_app

from core.clock import utcnow
from core.extensions import db
from dispatch.candidates import candidate_for_request
from dispatch.enqueue import enqueue_dispatch, schedule_offer_expiry
from dispatch.index import IndexRebuilding, refresh_agent_index
from dispatch.matching import ALL_DECLINED
from dispatch.models import LIVE, NEW, Offer, ServiceRequest
from dispatch.notify import queue_offer_sms
from dispatch.offers import escalate, expire_offer, make_offer

log = logging.getLogger(__name__)

__all__ = ["dispatch_request", "enqueue_dispatch", "expire_offer_job", "sweep"]

_OFFER_RACES = 3  # another dispatcher may offer the same agent at the same moment: try the next one


def dispatch_request(request_id: int) -> int | None:
    """RQ job: offer a new request to the best candidate, or escalate it. Returns the id of the offer made."""
    request = db.session.get(ServiceRequest, request_id)
    if request is None or request.state != NEW:
        return None
    cfg = current_app.config
    if request.attempts >= cfg["OFFER_MAX_ATTEMPTS"]:
        escalate(request_id, ALL_DECLINED)
        return None
    skip: set[int] = set()
    for _race in range(_OFFER_RACES):
        try:
            search = candidate_for_request(request, skip)
        except IndexRebuilding:
            # Not "nobody in range": the index is being rebuilt. The request keeps its needs-dispatch
            # mark and the sweeper queues it again.
            log.info("request %s waits for the agent index rebuild", request_id)
            db.session.rollback()
            return None
        if search.candidate is None:
            escalate(request_id, search.escalation_reason)
            log.info("request %s escalated: %s", request_id, search.escalation_reason)
            return None
        offer = make_offer(request_id, search.candidate.agent_id, search.candidate.distance_km,
                           cfg["OFFER_TTL_SECONDS"])
        if offer is not None:
            schedule_offer_expiry(offer.id, cfg["OFFER_TTL_SECONDS"])
            queue_offer_sms(offer.id)  # the console shows the offer from the database; the SMS alerts
            return offer.id
        request = db.session.get(ServiceRequest, request_id, populate_existing=True)
        if request.state != NEW:
            return None  # someone else offered it first
        skip.add(search.candidate.agent_id)  # that agent was just offered another request
    return None  # still needs dispatch: the sweeper comes back to it


def expire_offer_job(offer_id: int) -> int | None:
    """RQ job: expire the offer if still live and due, then offer the request to the next agent."""
    request_id = expire_offer(offer_id)
    if request_id is None:
        return None
    return dispatch_request(request_id)


def sweep() -> dict:
    """Periodic (every 15 s): keep the agent index true, expire overdue offers, re-queue every request that
    needs dispatch and has no live job. Idempotent, and safe on several machines at once."""
    index = refresh_agent_index()
    overdue = db.session.scalars(db.select(Offer.id).where(Offer.state == LIVE, Offer.expires_at <= utcnow())).all()
    expired = [request_id for request_id in map(expire_offer, overdue) if request_id is not None]
    pending = db.session.scalars(
        db.select(ServiceRequest.id).where(ServiceRequest.needs_dispatch.is_(True), ServiceRequest.state == NEW)
    ).all()
    db.session.rollback()
    queued = sum(enqueue_dispatch(request_id) for request_id in pending)
    summary = {"expired": len(expired), "pending": len(pending), "queued": queued, **index}
    log.info("sweep: %s", summary)
    return summary
