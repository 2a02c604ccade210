"""Read models for the agent console: an agent's live offers, open jobs and history; masking."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask import current_app
from sqlalchemy.orm import joinedload

from core.clock import utcnow
from core.extensions import db
from core.telephony import mask_phone
from dispatch.holidays import calendar_for
from dispatch.models import COMPLETED, FILED, HELD_STATES, LIVE, UNDER_PROCESS, Offer, ServiceRequest
from dispatch.timelines import days_left
from dispatch.visit_windows import window_text


@dataclass(frozen=True)
class OfferView:
    """What an agent sees of an offer before taking it: the citizen stays masked."""

    id: int
    service: str
    locality: str
    district: str
    distance_km: float
    fee: Decimal
    citizen: str
    phone: str
    seconds_left: int
    window: str = ""  # the visit window the citizen chose, on the local clock (issue 13); "" for the earliest


def mask_name(name: str) -> str:
    """A citizen's name before the job is taken: initials only."""
    parts = (name or "").split()
    return " ".join(p[0] + "•••" for p in parts) or "•••"


def live_offers(agent_id: int, language: str) -> list[OfferView]:
    """The agent's live offers, soonest to expire first; one past its time (not yet closed by dispatch) is
    listed with no seconds left, so the console shows it as expired rather than silently dropping it."""
    now = utcnow()
    offers = db.session.scalars(
        db.select(Offer).options(joinedload(Offer.request).joinedload(ServiceRequest.service))
        .where(Offer.agent_id == agent_id, Offer.state == LIVE)
        .order_by(Offer.expires_at)
    ).all()
    return [
        OfferView(o.id, o.request.service.name(language), o.request.locality, o.request.district, o.distance_km,
                  o.request.total_fee, mask_name(o.request.citizen_name), mask_phone(o.request.citizen_phone),
                  max(math.ceil((o.expires_at - now).total_seconds()), 0),
                  window_text(o.request.visit_window_start, o.request.visit_window_end, _zone()))
        for o in offers
    ]


def _zone() -> str:
    return current_app.config.get("DEFAULT_TIMEZONE") or "Asia/Kolkata"


def offer_of_agent(offer_id: int, agent_id: int) -> Offer | None:
    """The offer if it was made to this agent (in any state); None for anyone else's."""
    return db.session.scalar(db.select(Offer).where(Offer.id == offer_id, Offer.agent_id == agent_id))


def open_jobs(agent_id: int) -> list[ServiceRequest]:
    """The jobs the agent holds (assigned or visiting), oldest first."""
    return list(db.session.scalars(
        db.select(ServiceRequest).options(joinedload(ServiceRequest.service))
        .where(ServiceRequest.assigned_agent_id == agent_id, ServiceRequest.state.in_(HELD_STATES))
        .order_by(ServiceRequest.assigned_at)
    ))


def job_of_agent(request_id: int, agent_id: int) -> ServiceRequest | None:
    """A request the agent holds or completed; None for anyone else's."""
    request = db.session.get(ServiceRequest, request_id)
    if request is None or request.assigned_agent_id != agent_id:
        return None
    return request


def completed_jobs(agent_id: int, limit: int = 200) -> list[ServiceRequest]:
    """The agent's completed jobs, newest first."""
    return list(db.session.scalars(
        db.select(ServiceRequest).options(joinedload(ServiceRequest.service))
        .where(ServiceRequest.assigned_agent_id == agent_id, ServiceRequest.state == COMPLETED)
        .order_by(ServiceRequest.completed_at.desc()).limit(limit)
    ))


def completions(agent_id: int) -> list[tuple[datetime, Decimal]]:
    """(completed_at, agent_share) of every job the agent completed."""
    return [tuple(row) for row in db.session.execute(
        db.select(ServiceRequest.completed_at, ServiceRequest.agent_share)
        .where(ServiceRequest.assigned_agent_id == agent_id, ServiceRequest.state == COMPLETED)
    )]


def application_days_left(request: ServiceRequest, today: date) -> int | None:
    """Working days left on the statutory (PSGA) clock; None when it does not run (decided, cancelled, paused)."""
    running = request.state in HELD_STATES or request.application_stage in (FILED, UNDER_PROCESS)
    if not running or request.psga_paused_since is not None:
        return None
    return days_left(request.psga_due_on, today, calendar_for(request.district, today))
