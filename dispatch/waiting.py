"""Waiting requests woken when capacity appears nearby: an agent comes on duty or fresh again, or ends an offer
or a job. The sweeper's backoff finds the rest; this only makes it prompt."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import exists, update

from core.clock import utcnow
from core.extensions import db
from dispatch.enqueue import dispatch_lease_until, enqueue_dispatch
from dispatch.geo import bounding_box
from dispatch.models import ACCEPTED, DECLINED, EXPIRED, WAITING_STATES, Agent, Offer, ServiceRequest

WAKE_BATCH = 5  # oldest first; an agent takes one offer at a time, the rest wait for the next wake-up


def wake_waiting_near(latitude: float, longitude: float, agent: Agent | None = None) -> list[int]:
    """Queue dispatch now for the oldest waiting requests within the widest search ring; return their ids.

    With `agent`, only requests that agent may be offered: old requests they declined (or let expire lately, or
    may not do) would otherwise fill the batch at every wake-up and keep newer ones waiting for the sweeper.
    """
    ring_km = max(current_app.config["SEARCH_RINGS_KM"])
    south, north, west, east = bounding_box(latitude, longitude, ring_km)
    query = (db.select(ServiceRequest.id)
             .where(ServiceRequest.needs_dispatch.is_(True), ServiceRequest.state.in_(WAITING_STATES),
                    ServiceRequest.latitude.between(south, north),
                    ServiceRequest.longitude.between(west, east)))
    if agent is not None:
        query = query.where(*_may_be_offered_to(agent))
    waiting = db.session.scalars(query.order_by(ServiceRequest.created_at).limit(WAKE_BATCH)).all()
    if not waiting:
        db.session.rollback()
        return []
    # The lease keeps the sweeper from queuing them again meanwhile; if Redis is down it re-queues them after it.
    db.session.execute(update(ServiceRequest).where(ServiceRequest.id.in_(waiting))
                       .values(next_dispatch_at=dispatch_lease_until(utcnow()))
                       .execution_options(synchronize_session=False))
    db.session.commit()
    for request_id in waiting:
        enqueue_dispatch(request_id)
    return list(waiting)


def _may_be_offered_to(agent: Agent) -> list:
    # The same rules as tried_and_cooling_agents and why_passed_over, as SQL over the waiting requests.
    cooldown_from = utcnow() - timedelta(seconds=current_app.config["OFFER_RETRY_COOLDOWN_SECONDS"])
    by_agent = (Offer.request_id == ServiceRequest.id) & (Offer.agent_id == agent.id)
    tried = exists().where(by_agent, Offer.state.in_((DECLINED, ACCEPTED)))
    forgiven = ServiceRequest.offers_reset_at.is_not(None) & (Offer.decided_at <= ServiceRequest.offers_reset_at)
    cooling = exists().where(by_agent, Offer.state == EXPIRED, Offer.decided_at > cooldown_from, ~forgiven)
    conditions = [~tried, ~cooling]
    if agent.service_codes is not None:
        conditions.append(ServiceRequest.service_code.in_(agent.service_codes))
    return conditions


def wake_waiting_near_agent(agent_id: int | None) -> list[int]:
    """Wake the waiting requests around an on-duty agent who has just become free for an offer."""
    agent = db.session.get(Agent, agent_id) if agent_id is not None else None
    if agent is None or not agent.on_duty:
        return []
    return wake_waiting_near(agent.latitude, agent.longitude, agent)
