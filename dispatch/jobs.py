"""RQ jobs of the dispatcher. Every job takes IDs and is idempotent."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from redis.exceptions import RedisError

from core.clock import utcnow
from core.extensions import db, queues
from dispatch.matching import Candidate, rank_candidates
from dispatch.models import NEW, Agent, ServiceRequest
from dispatch.offers import escalate, expire_offer, make_offer, tried_agent_ids

log = logging.getLogger(__name__)


def enqueue_dispatch(request_id: int) -> None:
    """Queue a request for dispatch; when Redis is down the sweeper will pick it up later."""
    try:
        queues.queue("dispatch").enqueue(dispatch_request, request_id)
    except RedisError:
        log.warning("dispatch queue unavailable; request %s left for the sweeper", request_id)


def dispatch_request(request_id: int) -> int | None:
    """RQ job: offer a new request to the best candidate, or escalate it. Returns the offer id made."""
    request = db.session.get(ServiceRequest, request_id)
    if request is None or request.state != NEW:
        return None
    cfg = current_app.config
    if request.attempts >= cfg["OFFER_MAX_ATTEMPTS"]:
        escalate(request_id, "all_declined")
        return None
    candidate = best_candidate(request)
    if candidate is None:
        escalate(request_id, "no_agent_in_range")
        return None
    offer = make_offer(request_id, candidate.agent_id, candidate.distance_km, cfg["OFFER_TTL_SECONDS"])
    if offer is None:
        return None
    try:
        queues.queue("dispatch").enqueue_in(timedelta(seconds=cfg["OFFER_TTL_SECONDS"]), expire_offer_job, offer.id)
    except RedisError:
        log.warning("could not schedule expiry of offer %s; the sweeper will expire it", offer.id)
    return offer.id


def best_candidate(request: ServiceRequest) -> Candidate | None:
    """The nearest suitable agent for the request (a linear scan; replaced by the spatial index)."""
    cfg = current_app.config
    stale_before = utcnow() - timedelta(seconds=cfg["PRESENCE_STALE_SECONDS"])
    excluded = tried_agent_ids(request.id)
    agents = db.session.scalars(
        db.select(Agent).where(Agent.on_duty.is_(True), Agent.active.is_(True), Agent.last_seen_at >= stale_before,
                               Agent.open_jobs < Agent.capacity)
    ).all()
    candidates = [
        Candidate.for_agent(a, (request.latitude, request.longitude))
        for a in agents if a.id not in excluded and a.may_do(request.service_code)
    ]
    for ring_km in cfg["SEARCH_RINGS_KM"]:
        ranked = rank_candidates([c for c in candidates if c.distance_km <= ring_km])
        if ranked:
            return ranked[0]
    return None


def expire_offer_job(offer_id: int) -> None:
    """RQ job: expire the offer if still live and due, then offer the request to the next agent."""
    request_id = expire_offer(offer_id)
    if request_id is not None:
        dispatch_request(request_id)


def sweep() -> dict:
    """Periodic: expire overdue offers and re-dispatch every request that needs it. Safe to run anywhere."""
    from dispatch.models import LIVE, Offer

    overdue = db.session.scalars(db.select(Offer.id).where(Offer.state == LIVE, Offer.expires_at <= utcnow())).all()
    for offer_id in overdue:
        expire_offer(offer_id)
    pending = db.session.scalars(
        db.select(ServiceRequest.id).where(ServiceRequest.needs_dispatch.is_(True), ServiceRequest.state == NEW)
    ).all()
    for request_id in pending:
        dispatch_request(request_id)
    return {"expired": len(overdue), "dispatched": len(pending)}
