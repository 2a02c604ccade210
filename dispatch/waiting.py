"""Waiting requests woken when capacity appears nearby: an agent comes on duty or fresh again, or ends an offer
or a job. The sweeper's backoff finds the rest; this only makes it prompt."""

from __future__ import annotations

import math

from flask import current_app
from sqlalchemy import update

from core.clock import utcnow
from core.extensions import db
from dispatch.enqueue import dispatch_lease_until, enqueue_dispatch
from dispatch.models import WAITING_STATES, Agent, ServiceRequest

WAKE_BATCH = 5  # oldest first; an agent takes one offer at a time, the rest wait for the next wake-up
KM_PER_DEGREE = 111.2


def wake_waiting_near(latitude: float, longitude: float) -> list[int]:
    """Queue dispatch now for the oldest waiting requests within the widest search ring; return their ids."""
    ring_km = max(current_app.config["SEARCH_RINGS_KM"])
    dlat = ring_km / KM_PER_DEGREE
    dlon = ring_km / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01))
    waiting = db.session.scalars(
        db.select(ServiceRequest.id)
        .where(ServiceRequest.needs_dispatch.is_(True), ServiceRequest.state.in_(WAITING_STATES),
               ServiceRequest.latitude.between(latitude - dlat, latitude + dlat),
               ServiceRequest.longitude.between(longitude - dlon, longitude + dlon))
        .order_by(ServiceRequest.created_at).limit(WAKE_BATCH)).all()
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


def wake_waiting_near_agent(agent_id: int | None) -> list[int]:
    """Wake the waiting requests around an on-duty agent who has just become free for an offer."""
    agent = db.session.get(Agent, agent_id) if agent_id is not None else None
    if agent is None or not agent.on_duty:
        return []
    return wake_waiting_near(agent.latitude, agent.longitude)
