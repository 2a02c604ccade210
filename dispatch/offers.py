"""Offer transitions: make, accept, decline, expire, withdraw; and a request's waiting. Each commits atomically,
is audited, and stages its SMS in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from core.clock import utcnow
from core.extensions import db
from dispatch.enqueue import DISPATCH_LEASE_SECONDS, enqueue_dispatch
from dispatch.index import offer_closed_after_commit, offer_made_after_commit, room_after_commit
from dispatch.lifecycle import move_request
from dispatch.matching import ALL_DECLINED, NO_AGENT_IN_RANGE, next_search_delay
from dispatch.models import (
    ACCEPTED,
    ASSIGNED,
    DECLINED,
    EXPIRED,
    LIVE,
    NEW,
    OFFERED,
    UNASSIGNED,
    WAITING_STATES,
    WITHDRAWN,
    Agent,
    AuditEvent,
    Offer,
    ServiceRequest,
)
from dispatch.notify import stage_assignment_sms, stage_offer_sms
from dispatch.offer_codes import fresh_offer_code
from dispatch.waiting import wake_waiting_near_agent


class OfferUnavailable(Exception):
    """The offer expired, was declined, or went to someone else: it can no longer be accepted."""


@dataclass(frozen=True)
class Acceptance:
    """What an agent gets on accepting: the request now held."""

    request_id: int
    offer_id: int


def make_offer(request_id: int, agent_id: int, distance_km: float, ttl_seconds: int,
               offered_by: str | None = None, note: str = "", waiting_as: str | None = None) -> Offer | None:
    """Offer a waiting request to one agent, exclusively; None when it no longer waits or the agent is deciding
    on another offer. `note` (a supervisor's reason) goes into the audit trail; `waiting_as` is the waiting state
    the caller just read (the offer is then made only from that state)."""
    now = utcnow()
    actor = offered_by or "dispatcher"
    if not move_request(request_id, (waiting_as,) if waiting_as in WAITING_STATES else WAITING_STATES, OFFERED, actor,
                        f"offered to agent {agent_id}" + (f" ({note})" if note else ""),
                        attempts=ServiceRequest.attempts + 1, escalation_reason=None, wait_rounds=0,
                        next_dispatch_at=None):
        db.session.rollback()
        return None
    offer = Offer(request_id=request_id, agent_id=agent_id, distance_km=round(distance_km, 2), offered_by=offered_by,
                  created_at=now, expires_at=now + timedelta(seconds=ttl_seconds),
                  sms_code=fresh_offer_code(agent_id))  # what the agent answers by SMS (YES <code>)
    db.session.add(offer)
    try:
        db.session.flush()
    except IntegrityError:  # another live offer exists: the partial unique indexes said no
        db.session.rollback()
        return None
    stage_offer_sms(offer, db.session.get(ServiceRequest, request_id), db.session.get(Agent, agent_id))
    offer_made_after_commit(agent_id, offer.expires_at)
    db.session.commit()
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
    take_job(agent_id)
    offer_closed_after_commit(agent_id)
    request, agent = db.session.get(ServiceRequest, request_id), db.session.get(Agent, agent_id)
    stage_assignment_sms(request, agent, f"assigned:{offer_id}")  # the citizen learns who comes, and the code
    db.session.commit()
    wake_waiting_near_agent(agent_id)  # no longer deciding: free for another offer
    return Acceptance(request_id=request_id, offer_id=offer_id)


def take_job(agent_id: int) -> None:
    """Count one more job held by the agent (atomic: parallel accepts must not lose an increment)."""
    room = db.session.scalar(update(Agent).where(Agent.id == agent_id).values(open_jobs=Agent.open_jobs + 1)
                             .returning(Agent.capacity - Agent.open_jobs).execution_options(synchronize_session=False))
    if room is not None:
        room_after_commit(agent_id, room)


def decline_offer(offer_id: int, agent_id: int, reason: str) -> int:
    """The offered agent refuses; the request is offered to the next one. Returns the request id."""
    request_id = close_offer(offer_id, DECLINED, f"agent:{agent_id}", reason or "declined", agent_id=agent_id)
    enqueue_dispatch(request_id)
    wake_waiting_near_agent(agent_id)
    return request_id


def expire_offer(offer_id: int) -> int | None:
    """Close an offer whose time ran out and queue its request for the next agent; None when it was already
    decided or is not yet due."""
    try:
        request_id = close_offer(offer_id, EXPIRED, "dispatcher", "offer timed out", due_only=True)
    except OfferUnavailable:
        return None
    enqueue_dispatch(request_id)
    agent_id = db.session.scalar(db.select(Offer.agent_id).where(Offer.id == offer_id))
    wake_waiting_near_agent(agent_id)
    return request_id


def close_offer(offer_id: int, to_state: str, actor: str, reason: str,
                agent_id: int | None = None, due_only: bool = False) -> int:
    """End a live offer (declined, expired, withdrawn) and put its request back to waiting; returns its id."""
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
    request_id, offered_to = db.session.execute(
        db.select(Offer.request_id, Offer.agent_id).where(Offer.id == offer_id)).one()
    move_request(request_id, OFFERED, NEW, actor, reason, needs_dispatch=True,
                 next_dispatch_at=now + timedelta(seconds=DISPATCH_LEASE_SECONDS))
    offer_closed_after_commit(offered_to)
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
        request_id = close_offer(offer_id, WITHDRAWN, f"agent:{agent_id}", reason, agent_id=agent_id)
    except OfferUnavailable:  # accepted, declined or expired in the meantime
        return None
    enqueue_dispatch(request_id)
    return request_id


SEARCH_FLAGS = (NO_AGENT_IN_RANGE, ALL_DECLINED)  # flags a later search can prove out of date


def wait_for_agent(request_id: int, why: str, escalate_as: str | None = None) -> datetime | None:
    """Nobody can take the request now: it waits, searched again after a backoff, every search audited.

    With `escalate_as` it is also flagged for supervisors (state unassigned) while dispatch keeps trying.
    Returns when it will be searched again, or None when it no longer waits.
    """
    request = db.session.get(ServiceRequest, request_id, populate_existing=True)
    if request is None or request.state not in WAITING_STATES or not request.needs_dispatch:
        db.session.rollback()
        return None
    rounds = request.wait_rounds + 1
    retry_at = utcnow() + timedelta(seconds=next_search_delay(rounds, current_app.config["DISPATCH_RETRY_SECONDS"]))
    to_state = UNASSIGNED if escalate_as else request.state
    values = {"wait_rounds": rounds, "next_dispatch_at": retry_at}
    if escalate_as:
        values["escalation_reason"] = escalate_as
    elif request.escalation_reason in SEARCH_FLAGS:
        # The flag said nobody in range could take it; now someone could, later: no longer a supervisor's matter.
        to_state, values["escalation_reason"] = NEW, None
    note = f"no agent free ({why}); searching again at {retry_at:%H:%M:%S} UTC"
    if to_state != request.state:
        moved = move_request(request_id, request.state, to_state, "dispatcher", note, **values)
    else:
        moved = db.session.execute(
            update(ServiceRequest).where(ServiceRequest.id == request_id, ServiceRequest.state == request.state)
            .values(**values).execution_options(synchronize_session=False)).rowcount == 1
        if moved:
            db.session.add(AuditEvent(request_id=request_id, from_state=request.state, to_state=request.state,
                                      actor="dispatcher", reason=note[:200]))
    db.session.commit()
    return retry_at if moved else None


def escalate(request_id: int, reason: str) -> datetime | None:
    """Flag a waiting request for supervisors with the reason; dispatch keeps searching after its backoff."""
    return wait_for_agent(request_id, reason, escalate_as=reason)


def tried_and_cooling_agents(request_id: int) -> tuple[set[int], set[int]]:
    """Agents who may not be offered this request: (never again, not yet).

    Never again: declined it, or accepted it and gave it back (citizen not home). Not yet: let an offer expire
    within the cool-down, unless a supervisor re-dispatched since. Withdrawn offers (off duty) do not count.
    """
    request = db.session.get(ServiceRequest, request_id)
    cooldown_from = utcnow() - timedelta(seconds=current_app.config["OFFER_RETRY_COOLDOWN_SECONDS"])
    if request is not None and request.offers_reset_at is not None:
        cooldown_from = max(cooldown_from, request.offers_reset_at)
    tried, cooling = set(), set()
    rows = db.session.execute(
        db.select(Offer.agent_id, Offer.state, Offer.decided_at)
        .where(Offer.request_id == request_id, Offer.state.in_((DECLINED, EXPIRED, ACCEPTED))))
    for agent_id, state, decided_at in rows:
        if state != EXPIRED:
            tried.add(agent_id)
        elif decided_at is not None and decided_at > cooldown_from:
            cooling.add(agent_id)
    return tried, cooling - tried
