"""The dispatcher's SMS: each staged in the outbox inside the transaction of the state change that causes it.

The text is built from the database rows in that transaction; the send job takes only the outbox row's id, so
no phone number appears in job arguments or worker logs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal

from flask import current_app

from core.outbox import stage_sms
from dispatch.models import Agent, Offer, ServiceRequest
from dispatch.sms import TEMPLATES, sms_text
from dispatch.visit_windows import window_text

AGENT_LANGUAGE = "en"  # an agent's SMS language when the staff door has not said which one they chose


def _no_language_known(agent_id: int) -> str | None:
    return None


_agent_language_of: Callable[[int], str | None] = _no_language_known


def read_agent_languages_with(lookup: Callable[[int], str | None]) -> None:
    """The staff door (agents/, above dispatch, which may not import it) says how to read the language an agent
    chose for the console; the agents' SMS are then written in it."""
    global _agent_language_of
    _agent_language_of = lookup


def agent_language(agent: Agent) -> str:
    """The language of an agent's SMS: the one they chose, when the SMS catalogue has it, else English."""
    chosen = _agent_language_of(agent.id)
    return chosen if chosen in TEMPLATES["offer_to_agent"] else AGENT_LANGUAGE


def stage_request_sms(request: ServiceRequest, template: str, dedupe_key: str, **values: object) -> None:
    """Tell the citizen of a request one templated SMS in their language, once per key."""
    filled = {"number": request.number, "service": request.service.name(request.language), "fee": request.total_fee,
              **values}
    stage_sms(request.citizen_phone, sms_text(template, request.language, **filled), template, dedupe_key,
              request_id=request.id)


def stage_receipt_sms(request: ServiceRequest, agent: Agent) -> None:
    """The receipt after completion: request and application numbers, the notified fee (and the fee the agent
    recorded when it differs), agent and centre, how to dispute (PAID <amount>) and how to rate the visit."""
    notified, collected = Decimal(request.total_fee), Decimal(request.fee_collected)
    text = "receipt" if collected == notified else "receipt_fee_differs"
    values = {"number": request.number, "service": request.service.name(request.language),
              "application": request.application_number, "fee": f"{notified:.2f}", "collected": f"{collected:.2f}",
              "agent": agent.name, "centre": agent.centre.name}
    # One outbox template for both texts: a reply of 1, 2 or 3 rates what the latest "receipt" asked about.
    stage_sms(request.citizen_phone, sms_text(text, request.language, **values), "receipt", f"receipt-{request.id}",
              request_id=request.id)


def stage_delivery_rating_sms(request: ServiceRequest) -> None:
    """Once the certificate is delivered, ask the citizen to rate the service again (RAS), once per request."""
    stage_request_sms(request, "rating_after_delivery", f"rating-delivery-{request.id}")


def stage_assignment_sms(request: ServiceRequest, agent: Agent, dedupe_key: str) -> None:
    """Tell the citizen who comes (name, centre) and the visit code; once per assignment."""
    stage_request_sms(request, "agent_assigned", dedupe_key, agent=agent.name, centre=agent.centre.name,
                      code=request.visit_code)


def stage_offer_sms(offer: Offer, request: ServiceRequest, agent: Agent) -> None:
    """Tell the offered agent of the job, how long they have, and how to answer by SMS (YES/NO <code>); the console
    shows it from the database."""
    minutes = max(1, math.ceil((offer.expires_at - offer.created_at).total_seconds() / 60))
    language = agent_language(agent)
    text = sms_text("offer_to_agent", language, service=request.service.name(language),
                    locality=request.locality, distance=f"{offer.distance_km:.1f}", minutes=minutes,
                    code=offer.sms_code)
    if request.visit_window_start is not None:  # the citizen's visit window (issue 13)
        text += " " + sms_text("visit_window_note", language, window=window_text(
            request.visit_window_start, request.visit_window_end, current_app.config["DEFAULT_TIMEZONE"]))
    stage_sms(agent.phone, text, "offer_to_agent", f"offer:{offer.id}", request_id=request.id, key_is_new=True)


def stage_job_sms(request: ServiceRequest, agent: Agent, distance_km: float, dedupe_key: str) -> None:
    """Tell an agent a supervisor gave them the job outright."""
    language = agent_language(agent)
    text = sms_text("job_to_agent", language, service=request.service.name(language),
                    locality=request.locality, distance=f"{distance_km:.1f}")
    stage_sms(agent.phone, text, "job_to_agent", dedupe_key, request_id=request.id)
