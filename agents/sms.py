"""Agents without mobile data: SMS commands from an agent's registered number (agents.sms_commands reads them).

Each command calls the same dispatch use cases as the console (dispatch.offers accept_offer / decline_offer,
dispatch.visits start_visit / complete_request: their compare-and-set, visit-code lockout and fee check) and is
answered by one SMS in the agent's language (dispatch.notify.agent_language), staged in the outbox. The same SMS
delivered twice (same MessageSid) acts and is answered once (agents.models.AgentSmsCommand).

The composition root (digidost.sms_webhook) asks registered_agent() who sent an inbound SMS; a number that is no
active agent's goes to the citizens' handling.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from sqlalchemy.exc import IntegrityError

from agents.models import AgentSmsCommand
from agents.sms_commands import (
    Accept,
    AgentCommand,
    BadFormat,
    Decline,
    Done,
    Help,
    Jobs,
    NotForAgents,
    Start,
    command_name,
)
from core.clock import utcnow
from core.extensions import db
from core.outbox import stage_sms
from core.phones import to_e164
from core.telephony import mask_phone
from dispatch.models import ACCEPTED, ASSIGNED, HELD_STATES, LIVE, VISITING, Agent, Offer, ServiceRequest
from dispatch.notify import agent_language
from dispatch.offers import OfferUnavailable, accept_offer, decline_offer
from dispatch.sms import sms_text
from dispatch.visits import (
    BadInput,
    FeeNeedsReason,
    NotYourJob,
    VisitCodeLocked,
    WrongState,
    WrongVisitCode,
    complete_request,
    start_visit,
)

log = logging.getLogger(__name__)

DECLINED_BY_SMS = "declined by SMS"


def registered_agent(from_number: str | None) -> int | None:
    """The id of the active agent whose registered number sent this SMS, or None."""
    phone = to_e164(from_number or "") if from_number else None
    if phone is None:
        return None
    return db.session.scalar(db.select(Agent.id).where(Agent.phone == phone, Agent.active.is_(True)))


def answer_agent_sms(agent_id: int, command: AgentCommand, message_sid: str | None) -> str | None:
    """Act on one agent's SMS command and queue the answer; return the answer's template key (None when this
    MessageSid was already handled, or on an unexpected failure: Twilio gets its 200 regardless)."""
    try:
        return _answer(agent_id, command, message_sid)
    except Exception:
        log.exception("answering an agent's SMS failed")
        db.session.rollback()
        return None


def _answer(agent_id: int, command: AgentCommand, message_sid: str | None) -> str | None:
    record_id = _claim(agent_id, command, message_sid)
    if record_id is None:
        log.info("agent %s: SMS %s already handled", agent_id, message_sid)
        return None
    key, values = act(agent_id, command)
    agent = db.session.get(Agent, agent_id)
    language = agent_language(agent)
    if key == "bad_format":
        values = {"format": sms_text(f"agent_sms_format_{values['command']}", language)}
    template = f"agent_sms_{key}"
    stage_sms(agent.phone, sms_text(template, language, **values), template, f"agent-sms:{record_id}")
    db.session.get(AgentSmsCommand, record_id).reply_template = template
    db.session.commit()
    log.info("agent %s (%s): %s answered with %s", agent_id, mask_phone(agent.phone), command_name(command), key)
    return key


def _claim(agent_id: int, command: AgentCommand, message_sid: str | None) -> int | None:
    """Record the command before acting on it; None when this MessageSid is already recorded (a redelivery)."""
    if message_sid and db.session.scalar(
            db.select(AgentSmsCommand.id).where(AgentSmsCommand.message_sid == message_sid)) is not None:
        return None
    record = AgentSmsCommand(message_sid=message_sid, agent_id=agent_id, command=command_name(command),
                             created_at=utcnow())
    db.session.add(record)
    try:
        db.session.commit()
    except IntegrityError:  # the same SMS delivered twice at once: the other delivery acts
        db.session.rollback()
        return None
    return record.id


def act(agent_id: int, command: AgentCommand) -> tuple[str, dict]:
    """Do what the command asks through dispatch's use cases: the answer's key (agent_sms_<key>) and values."""
    if isinstance(command, Accept):
        return _accept(agent_id, command.code)
    if isinstance(command, Decline):
        return _decline(agent_id, command.code)
    if isinstance(command, Start):
        return _start(agent_id, command)
    if isinstance(command, Done):
        return _done(agent_id, command)
    if isinstance(command, Jobs):
        return _jobs(agent_id)
    if isinstance(command, BadFormat):
        return "bad_format", {"command": command.command}
    if isinstance(command, Help | NotForAgents):
        return "help", {}
    raise TypeError(command)


def _accept(agent_id: int, code: str) -> tuple[str, dict]:
    offer = _offer(agent_id, code)
    if offer is None:
        return _not_found(code)
    if offer.state == ACCEPTED and _holds(offer.request, agent_id):
        return "already_yours", {"code": code, "number": offer.request.number}
    try:
        acceptance = accept_offer(offer.id, agent_id)
    except OfferUnavailable:
        return "offer_gone", {"code": code}
    request = db.session.get(ServiceRequest, acceptance.request_id)
    language = agent_language(db.session.get(Agent, agent_id))
    return "accepted", {"code": code, "number": request.number, "service": request.service.name(language),
                        "citizen": request.citizen_name, "phone": request.citizen_phone,
                        "locality": request.locality}


def _decline(agent_id: int, code: str) -> tuple[str, dict]:
    offer = _offer(agent_id, code)
    if offer is None:
        return _not_found(code)
    if offer.state == ACCEPTED and _holds(offer.request, agent_id):
        return "already_yours", {"code": code, "number": offer.request.number}
    try:
        decline_offer(offer.id, agent_id, DECLINED_BY_SMS)
    except OfferUnavailable:
        return "offer_gone", {"code": code}
    return "declined", {"code": code}


def _start(agent_id: int, command: Start) -> tuple[str, dict]:
    code = command.code
    request = _job(agent_id, code)
    if request is None:
        return _job_not_found(agent_id, code)
    if request.state not in HELD_STATES:
        return "job_closed", {"code": code, "number": request.number}
    try:
        start_visit(request.id, agent_id, command.visit_code)
    except WrongVisitCode as wrong:
        return "wrong_visit_code", {"code": code, "left": wrong.attempts_left}
    except VisitCodeLocked:
        return "visit_code_locked", {"code": code}
    except (NotYourJob, WrongState):
        return "job_closed", {"code": code, "number": request.number}
    request = db.session.get(ServiceRequest, request.id, populate_existing=True)
    return "visit_started", {"code": code, "fee": _money(request.total_fee)}


def _done(agent_id: int, command: Done) -> tuple[str, dict]:
    code = command.code
    request = _job(agent_id, code)
    if request is None:
        return _job_not_found(agent_id, code)
    try:
        complete_request(request.id, agent_id, command.application_number, command.fee, command.reason or None)
    except FeeNeedsReason as needs:
        return "fee_needs_reason", {"code": code, "fee": _money(needs.expected)}
    except BadInput:
        return "bad_format", {"command": "done"}
    except WrongState as wrong:
        if wrong.state == ASSIGNED:
            return "start_first", {"code": code}
        return "job_closed", {"code": code, "number": request.number}
    except NotYourJob:
        return "job_closed", {"code": code, "number": request.number}
    request = db.session.get(ServiceRequest, request.id, populate_existing=True)
    values = {"code": code, "application": request.application_number, "collected": _money(request.fee_collected),
              "fee": _money(request.total_fee)}
    return ("completed_flagged" if request.fee_flag_reason else "completed"), values


def _jobs(agent_id: int) -> tuple[str, dict]:
    language = agent_language(db.session.get(Agent, agent_id))
    lines = []
    live = db.session.scalars(db.select(Offer).where(Offer.agent_id == agent_id, Offer.state == LIVE,
                                                     Offer.expires_at > utcnow()))
    for offer in live:
        lines.append(_job_line("offered", offer.sms_code, offer.request, language))
    held = db.session.execute(
        db.select(Offer.sms_code, ServiceRequest).join(ServiceRequest, ServiceRequest.id == Offer.request_id)
        .where(Offer.agent_id == agent_id, Offer.state == ACCEPTED, ServiceRequest.assigned_agent_id == agent_id,
               ServiceRequest.state.in_(HELD_STATES))
        .order_by(ServiceRequest.assigned_at, Offer.id.desc()))
    seen = set()
    for code, request in held:
        if request.id not in seen:  # a job given back and given again has two accepted offers: the latest's code
            seen.add(request.id)
            lines.append(_job_line(VISITING if request.state == VISITING else ASSIGNED, code, request, language))
    if not lines:
        return "no_jobs", {}
    return "jobs", {"jobs": "; ".join(lines)}


def _job_line(stage: str, code: str | None, request: ServiceRequest, language: str) -> str:
    return sms_text(f"agent_sms_job_{stage}", language, code=code or request.number,
                    service=request.service.name(language), locality=request.locality)


def _offer(agent_id: int, code: str) -> Offer | None:
    """The agent's offer with this code: the live one, else the latest."""
    return db.session.scalar(
        db.select(Offer).where(Offer.agent_id == agent_id, Offer.sms_code == code)
        .order_by((Offer.state == LIVE).desc(), Offer.id.desc()).limit(1))


def _job(agent_id: int, code: str) -> ServiceRequest | None:
    """The request the agent took by accepting the offer with this code (held first, else the latest)."""
    return db.session.scalar(
        db.select(ServiceRequest).join(Offer, Offer.request_id == ServiceRequest.id)
        .where(Offer.agent_id == agent_id, Offer.sms_code == code, Offer.state == ACCEPTED,
               ServiceRequest.assigned_agent_id == agent_id)
        .order_by(ServiceRequest.state.in_(HELD_STATES).desc(), Offer.id.desc()).limit(1))


def _holds(request: ServiceRequest, agent_id: int) -> bool:
    return request.assigned_agent_id == agent_id and request.state in HELD_STATES


def _job_not_found(agent_id: int, code: str) -> tuple[str, dict]:
    if db.session.scalar(db.select(Offer.id).where(Offer.agent_id == agent_id, Offer.sms_code == code,
                                                   Offer.state == LIVE)) is not None:
        return "accept_first", {"code": code}
    if db.session.scalar(db.select(Offer.id).where(Offer.agent_id == agent_id, Offer.sms_code == code)
                         .limit(1)) is not None:
        return "offer_gone", {"code": code}
    return _not_found(code)


def _not_found(code: str) -> tuple[str, dict]:
    """No offer of this agent has the code: someone else's (live or a job held), or nobody's."""
    someone_elses = db.session.scalar(
        db.select(Offer.id).join(ServiceRequest, ServiceRequest.id == Offer.request_id)
        .where(Offer.sms_code == code,
               (Offer.state == LIVE) | ((Offer.state == ACCEPTED) & ServiceRequest.state.in_(HELD_STATES)))
        .limit(1))
    return ("not_yours" if someone_elses is not None else "unknown_code"), {"code": code}


def _money(amount) -> str:
    return f"{Decimal(amount):.2f}"
