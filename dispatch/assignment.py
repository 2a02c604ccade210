"""What supervisors do to dispatch: give a request to a named agent (as an exclusive offer, or as the job outright,
per SUPERVISOR_ASSIGNS; past the agent's capacity or service list only with a reason), or send it back to
dispatch now (re-dispatch). Everything is audited."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from core.audit import record_security_event
from core.clock import utcnow
from core.extensions import db
from dispatch.enqueue import dispatch_lease_until, enqueue_dispatch
from dispatch.geo import bounding_box, distance_km
from dispatch.index import stale_cutoff
from dispatch.lifecycle import move_request
from dispatch.models import (
    ACCEPTED,
    ASSIGNED,
    DECLINED,
    LIVE,
    NEW,
    OFFERED,
    WAITING_STATES,
    WITHDRAWN,
    Agent,
    Offer,
    ServiceRequest,
)
from dispatch.notify import stage_assignment_sms, stage_job_sms
from dispatch.offers import OfferUnavailable, close_offer, make_offer, take_job
from dispatch.waiting import wake_waiting_near_agent

CHOICES_SHOWN = 25


class AssignmentRefused(Exception):
    """The assignment cannot be made as asked; `code` says why (shown to the supervisor in words)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class AgentChoice:
    """An agent a supervisor may pick for a request, with what the choice depends on."""

    agent_id: int
    name: str
    centre: str
    distance_km: float
    on_duty: bool
    fresh: bool
    open_jobs: int
    capacity: int
    may_do_service: bool
    deciding_another_offer: bool
    declined_this: bool

    @property
    def over_capacity(self) -> bool:
        return self.open_jobs >= self.capacity

    @property
    def needs_reason(self) -> bool:
        """Going past capacity or the service list is allowed only with a reason."""
        return self.over_capacity or not self.may_do_service


def scoped_request(request_id: int, district: str | None) -> ServiceRequest | None:
    """The request, if it exists and lies in the supervisor's district (None: all districts)."""
    request = db.session.get(ServiceRequest, request_id)
    if request is None or (district and request.district != district):
        return None
    return request


def agent_choices(request: ServiceRequest) -> list[AgentChoice]:
    """Active agents of the request's district or within the widest search ring, nearest first."""
    ring_km = max(current_app.config["SEARCH_RINGS_KM"])
    south, north, west, east = bounding_box(request.latitude, request.longitude, ring_km)
    near = Agent.latitude.between(south, north) & Agent.longitude.between(west, east)
    agents = db.session.scalars(
        db.select(Agent).where(Agent.active.is_(True), near | (Agent.district == request.district))).all()
    deciding = set(db.session.scalars(db.select(Offer.agent_id).where(
        Offer.state == LIVE, Offer.agent_id.in_([a.id for a in agents]), Offer.request_id != request.id)))
    declined = set(db.session.scalars(db.select(Offer.agent_id).where(
        Offer.request_id == request.id, Offer.state == DECLINED)))
    stale_before = stale_cutoff()
    point = (request.latitude, request.longitude)
    choices = [
        AgentChoice(a.id, a.name, a.centre.name, round(distance_km((a.latitude, a.longitude), point), 1),
                    a.on_duty, a.last_seen_at is not None and a.last_seen_at >= stale_before, a.open_jobs,
                    a.capacity, a.may_do(request.service_code), a.id in deciding, a.id in declined)
        for a in agents
    ]
    return sorted(choices, key=lambda c: (not (c.on_duty and c.fresh), c.distance_km))[:CHOICES_SHOWN]


def assign_to_agent(request_id: int, agent_id: int, supervisor: str, reason: str = "",
                    district: str | None = None) -> str:
    """Give a waiting or offered request to this agent; returns "offered" or "assigned". AssignmentRefused if not."""
    request = scoped_request(request_id, district)
    agent = db.session.get(Agent, agent_id)
    if request is None:
        raise AssignmentRefused("no_such_request")
    if agent is None or not agent.active:
        raise AssignmentRefused("no_such_agent")
    reason = (reason or "").strip()[:150]
    if (agent.open_jobs >= agent.capacity or not agent.may_do(request.service_code)) and not reason:
        raise AssignmentRefused("needs_reason")
    offering = current_app.config["SUPERVISOR_ASSIGNS"] != "job"
    if offering and db.session.scalar(db.select(Offer.id).where(
            Offer.agent_id == agent_id, Offer.state == LIVE, Offer.request_id != request_id)) is not None:
        raise AssignmentRefused("agent_deciding")  # before withdrawing anything: a refusal changes nothing
    withdrawn_from = _withdraw_offer_of(request_id, supervisor) if request.state == OFFERED else None
    if db.session.get(ServiceRequest, request_id, populate_existing=True).state not in WAITING_STATES:
        raise AssignmentRefused("not_waiting")
    distance = distance_km((agent.latitude, agent.longitude), (request.latitude, request.longitude))
    why = f"assigned by {supervisor}" + (f": {reason}" if reason else "")
    if not offering:
        outcome = _give_job(request_id, agent, distance, supervisor, why)
    else:
        offer = make_offer(request_id, agent_id, distance, current_app.config["OFFER_TTL_SECONDS"],
                           offered_by=supervisor, note=why)
        if offer is None:
            raise AssignmentRefused("agent_deciding")
        offer.reason = why[:200]
        record_security_event("assignment", supervisor, f"request:{request.number}",
                              f"offered to agent {agent_id}; {why}")
        db.session.commit()
        outcome = "offered"
    wake_waiting_near_agent(withdrawn_from)  # after the assignment: free for the next waiting request
    return outcome


def _withdraw_offer_of(request_id: int, supervisor: str) -> int | None:
    """Withdraw the request's live offer; return the agent it was withdrawn from (None: there was none)."""
    live = db.session.execute(db.select(Offer.id, Offer.agent_id)
                              .where(Offer.request_id == request_id, Offer.state == LIVE)).first()
    if live is None:
        return None
    try:
        close_offer(live.id, WITHDRAWN, supervisor, "withdrawn: a supervisor assigned the request")
    except OfferUnavailable:  # decided meanwhile (accepted: the request is no longer waiting)
        return None
    return live.agent_id


def _give_job(request_id: int, agent: Agent, distance: float, supervisor: str, why: str) -> str:
    now = utcnow()
    if not move_request(request_id, WAITING_STATES, ASSIGNED, supervisor, why, assigned_agent_id=agent.id,
                        assigned_at=now, needs_dispatch=False, escalation_reason=None, next_dispatch_at=None):
        db.session.rollback()
        raise AssignmentRefused("not_waiting")
    # An accepted offer on record: the timeline shows it, and an agent who gives the job back is not offered it again.
    offer = Offer(request_id=request_id, agent_id=agent.id, distance_km=round(distance, 2), state=ACCEPTED,
                  offered_by=supervisor, created_at=now, expires_at=now, decided_at=now, reason=why[:200])
    db.session.add(offer)
    db.session.flush()
    take_job(agent.id)
    request = db.session.get(ServiceRequest, request_id, populate_existing=True)
    stage_assignment_sms(request, agent, f"assigned:{offer.id}")
    stage_job_sms(request, agent, distance, f"job:{offer.id}")
    record_security_event("assignment", supervisor, f"request:{request.number}",
                          f"job given to agent {agent.id}; {why}")
    db.session.commit()
    return "assigned"


def redispatch(request_id: int, supervisor: str, district: str | None = None) -> bool:
    """Send a waiting or escalated request to dispatch now: fresh attempts, earlier expiries forgiven (decliners
    are not: only a supervisor's own pick reaches them)."""
    request = db.session.get(ServiceRequest, request_id)
    if request is None or (district and request.district != district):
        return False
    now = utcnow()
    moved = move_request(request_id, WAITING_STATES, NEW, supervisor, "re-dispatched by supervisor",
                         needs_dispatch=True, attempts=0, wait_rounds=0, escalation_reason=None, offers_reset_at=now,
                         next_dispatch_at=dispatch_lease_until(now))
    db.session.commit()
    if moved:
        enqueue_dispatch(request_id)
    return moved
