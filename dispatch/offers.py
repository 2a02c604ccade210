"""Offer transitions: make, accept, decline, expire, escalate. Each commits atomically and is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from core.clock import utcnow
from core.extensions import db
from dispatch.enqueue import enqueue_dispatch
from dispatch.lifecycle import move_request
from dispatch.models import (
    ACCEPTED,
    ASSIGNED,
    DECLINED,
    EXPIRED,
    LIVE,
    NEW,
    OFFERED,
    UNASSIGNED,
    WITHDRAWN,
    Agent,
    Offer,
    ServiceRequest,
)
from dispatch.notify import queue_assignment_sms


class OfferUnavailable(Exception):
    """The offer expired, was declined, or went to someone else: it can no longer be accepted."""


@dataclass(frozen=True)
class Acceptance:
    """What an agent gets on accepting: the request now held."""

    request_id: int
    offer_id: int


def make_offer(request_id: int, agent_id: int, distance_km: float, ttl_seconds: int) -> Offer | None:
    """Offer a new request to one agent, exclusively; None when the request is no longer new."""
    now = utcnow()
    if not move_request(request_id, NEW, OFFERED, "dispatcher", f"offered to agent {agent_id}",
                        attempts=ServiceRequest.attempts + 1):
        db.session.rollback()
        return None
    offer = Offer(request_id=request_id, agent_id=agent_id, distance_km=round(distance_km, 2),
                  created_at=now, expires_at=now + timedelta(seconds=ttl_seconds))
    db.session.add(offer)
    try:
        db.session.commit()
    except IntegrityError:  # another live offer exists: the partial unique index said no
        db.session.rollback()
        return None
    return offer


def accept_offer(offer_id: int, agent_id: int) -> Acceptance:
    """The offered agent takes the job: only them, only while live, only once; else OfferUnavailable."""
    now = utcnow()
    result = db.session.execute(
        update(Offer)
        .where(Offer.id == offer_id, Offer.agent_id == agent_id, Offer.state == LIVE, Offer.expires_at > now)
        .values(state=ACCEPTED, decided_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise OfferUnavailable(offer_id)
    request_id = db.session.scalar(db.select(Offer.request_id).where(Offer.id == offer_id))
    if not move_request(request_id, OFFERED, ASSIGNED, f"agent:{agent_id}", "offer accepted",
                        assigned_agent_id=agent_id, assigned_at=now, needs_dispatch=False):
        db.session.rollback()
        raise OfferUnavailable(offer_id)
    db.session.execute(
        update(Agent).where(Agent.id == agent_id)
        .values(open_jobs=Agent.open_jobs + 1).execution_options(synchronize_session=False)
    )
    db.session.commit()
    queue_assignment_sms(offer_id)  # the citizen learns who comes, and the visit code
    return Acceptance(request_id=request_id, offer_id=offer_id)


def decline_offer(offer_id: int, agent_id: int, reason: str) -> int:
    """The offered agent refuses; the request is offered to the next one. Returns the request id."""
    request_id = _close_offer(offer_id, DECLINED, f"agent:{agent_id}", reason or "declined", agent_id=agent_id)
    enqueue_dispatch(request_id)
    return request_id


def expire_offer(offer_id: int) -> int | None:
    """Close an offer whose time ran out; None when it was already decided or is not yet due."""
    try:
        return _close_offer(offer_id, EXPIRED, "dispatcher", "offer timed out", due_only=True)
    except OfferUnavailable:
        return None


def _close_offer(offer_id: int, to_state: str, actor: str, reason: str,
                 agent_id: int | None = None, due_only: bool = False) -> int:
    now = utcnow()
    conditions = [Offer.id == offer_id, Offer.state == LIVE]
    if agent_id is not None:
        conditions.append(Offer.agent_id == agent_id)
    if due_only:
        conditions.append(Offer.expires_at <= now)
    result = db.session.execute(
        update(Offer).where(*conditions).values(state=to_state, decided_at=now, reason=reason[:200])
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        raise OfferUnavailable(offer_id)
    request_id = db.session.scalar(db.select(Offer.request_id).where(Offer.id == offer_id))
    move_request(request_id, OFFERED, NEW, actor, reason, needs_dispatch=True)
    db.session.commit()
    return request_id


def withdraw_live_offer(agent_id: int, reason: str) -> int | None:
    """Take back the agent's live offer (they went off duty) and queue its request for the next agent.

    Returns the request id, or None when the agent held no live offer (or it was decided meanwhile).
    """
    offer_id = db.session.scalar(db.select(Offer.id).where(Offer.agent_id == agent_id, Offer.state == LIVE))
    if offer_id is None:
        return None
    try:
        request_id = _close_offer(offer_id, WITHDRAWN, f"agent:{agent_id}", reason, agent_id=agent_id)
    except OfferUnavailable:  # accepted, declined or expired in the meantime
        return None
    enqueue_dispatch(request_id)
    return request_id


def escalate(request_id: int, reason: str) -> bool:
    """Nobody can take the request: mark it unassigned for supervisors, with the reason."""
    moved = move_request(request_id, NEW, UNASSIGNED, "dispatcher", reason,
                         needs_dispatch=False, escalation_reason=reason)
    db.session.commit()
    return moved


def tried_agent_ids(request_id: int) -> set[int]:
    """Agents already offered this request who declined it, let it expire, or accepted it and gave it back
    (citizen not home): never offered it again. Withdrawn offers (the agent went off duty) do not count."""
    # Only asked for a request in state new, which no agent holds: an accepted offer means a cancelled job.
    return set(db.session.scalars(
        db.select(Offer.agent_id)
        .where(Offer.request_id == request_id, Offer.state.in_((DECLINED, EXPIRED, ACCEPTED)))
    ))
