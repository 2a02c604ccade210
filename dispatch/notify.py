"""Notification jobs: SMS through the telephony adapter, retried with backoff, sent once per key.

The jobs take IDs and read the number and the values from the database when they run: RQ logs and stores
job arguments, and phone numbers must not appear there.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable
from decimal import Decimal

from redis.exceptions import RedisError
from rq import Retry

from core.extensions import db, queues, telephony
from dispatch.models import Agent, Offer, ServiceRequest
from dispatch.sms import sms_text

log = logging.getLogger(__name__)

RETRY = Retry(max=5, interval=[10, 30, 60, 120, 300])
AGENT_LANGUAGE = "en"  # agents choose a console language, but dispatch cannot read it (agents sits above)


def send_request_sms(request_id: int, template: str, dedupe_key: str) -> int | None:
    """RQ job: send the citizen of a request one templated SMS (request_created, receipt); once per key."""
    request = db.session.get(ServiceRequest, request_id)
    if request is None:
        return None
    values = _request_values(request, template)
    return telephony.send_sms(request.citizen_phone, sms_text(template, request.language, **values),
                              template, dedupe_key)


def send_assignment_sms(offer_id: int) -> int | None:
    """RQ job: tell the citizen who accepted (name, centre) and the visit code; once per accepted offer."""
    offer = db.session.get(Offer, offer_id)
    if offer is None:
        return None
    request, agent = db.session.get(ServiceRequest, offer.request_id), db.session.get(Agent, offer.agent_id)
    text = sms_text("agent_assigned", request.language, number=request.number, agent=agent.name,
                    centre=agent.centre.name, code=request.visit_code)
    return telephony.send_sms(request.citizen_phone, text, "agent_assigned", f"assigned:{offer_id}")


def send_offer_sms(offer_id: int) -> int | None:
    """RQ job: tell the offered agent of the job (the console shows the offer from the database)."""
    offer = db.session.get(Offer, offer_id)
    if offer is None:
        return None
    request, agent = db.session.get(ServiceRequest, offer.request_id), db.session.get(Agent, offer.agent_id)
    minutes = max(1, math.ceil((offer.expires_at - offer.created_at).total_seconds() / 60))
    text = sms_text("offer_to_agent", AGENT_LANGUAGE, service=request.service.name(AGENT_LANGUAGE),
                    locality=request.locality, distance=f"{offer.distance_km:.1f}", minutes=minutes)
    return telephony.send_sms(agent.phone, text, "offer_to_agent", f"offer:{offer_id}")


def _request_values(request: ServiceRequest, template: str) -> dict:
    values = {"number": request.number, "service": request.service.name(request.language),
              "fee": request.total_fee}
    if template == "receipt":
        agent = request.assigned_agent
        values.update(application=request.application_number, fee=f"{Decimal(request.fee_collected):.2f}",
                      agent=agent.name, centre=agent.centre.name)
    return values


def queue_request_sms(request_id: int, template: str, dedupe_key: str) -> None:
    """Queue send_request_sms (e.g. "request_created" under f"created:{request_id}")."""
    _queue(send_request_sms, (request_id, template, dedupe_key), dedupe_key)


def queue_assignment_sms(offer_id: int) -> None:
    """Queue send_assignment_sms for an accepted offer."""
    _queue(send_assignment_sms, (offer_id,), f"assigned:{offer_id}")


def queue_offer_sms(offer_id: int) -> None:
    """Queue send_offer_sms for a new offer."""
    _queue(send_offer_sms, (offer_id,), f"offer:{offer_id}")


def sms_job_id(dedupe_key: str) -> str:
    """The RQ job id for an SMS: the dedupe key made of letters, digits, dashes (RQ allows no more)."""
    return "sms-" + re.sub(r"[^A-Za-z0-9_-]", "-", dedupe_key)[:120]


def _queue(job: Callable, args: tuple, dedupe_key: str) -> None:
    # Enqueued on the notify queue; if Redis is down, sent now rather than lost.
    try:
        queues.queue("notify").enqueue(job, *args, retry=RETRY, job_id=sms_job_id(dedupe_key))
    except RedisError:
        log.warning("notify queue unavailable; sending %s inline", dedupe_key)
        job(*args)

