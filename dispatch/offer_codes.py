"""Offer codes unique among the codes an agent holds: their live offer and the jobs they hold."""

from __future__ import annotations

from core.extensions import db
from dispatch.models import ACCEPTED, HELD_STATES, LIVE, Offer, ServiceRequest
from dispatch.sms_codes import random_offer_code


def codes_held_by(agent_id: int) -> set[str]:
    """The codes of the agent's live offer and of the jobs they hold."""
    return set(db.session.scalars(
        db.select(Offer.sms_code).join(ServiceRequest, ServiceRequest.id == Offer.request_id)
        .where(Offer.agent_id == agent_id, Offer.sms_code.is_not(None),
               (Offer.state == LIVE) | ((Offer.state == ACCEPTED) & ServiceRequest.state.in_(HELD_STATES)
                                        & (ServiceRequest.assigned_agent_id == agent_id)))))


def fresh_offer_code(agent_id: int) -> str:
    """A code none of the agent's live offer and open jobs has."""
    taken = codes_held_by(agent_id)
    code = random_offer_code()
    while code in taken:
        code = random_offer_code()
    return code
