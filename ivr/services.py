"""IVR use cases: answer a call and each of its steps, close it, answer an SMS; call-backs for supervisors."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy.exc import IntegrityError

from core.clock import local_today, utcnow
from core.extensions import db
from core.telephony import mask_phone
from dispatch.geo import PinError
from dispatch.models import ServiceRequest
from dispatch.requests import NewRequest, create_request, find_request, locate_pin
from dispatch.timelines import days_left
from fees.labels import category_name
from fees.models import Service
from fees.schedule import NoFeeInForce
from fees.services import active_services, fee_in_force
from ivr import flow
from ivr.models import OPEN, CallbackRequest, CallerPreference, CallSession
from ivr.phones import e164, is_simulated
from ivr.prompts import LANGUAGES, rupees
from ivr.twiml import emergency, render

log = logging.getLogger(__name__)

FINAL_CALL_STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")
CALL_STATUSES = ("queued", "initiated", "ringing", "in-progress", *FINAL_CALL_STATUSES)


class DatabaseLookups:
    """The flow's questions about the world, answered from the catalogue, the fees, the requests and the clock."""

    def __init__(self, caller: str | None):
        self.caller = caller
        self._services: list[Service] | None = None

    def categories(self) -> list[flow.Choice]:
        seen: dict[str, flow.Choice] = {}
        for service in self._active():
            if service.category not in seen:
                label = {lang: category_name(service.category, lang) for lang in LANGUAGES}
                seen[service.category] = flow.Choice(service.category, label)
        return list(seen.values())

    def services(self, category: str) -> list[flow.Choice]:
        return [flow.Choice(s.code, _names(s)) for s in self._active() if s.category == category]

    def place(self, pin: str) -> flow.PlaceFound | flow.PinProblem:
        try:
            place = locate_pin(pin)
        except PinError as problem:
            return flow.PinProblem(pin, problem.kind)
        return flow.PlaceFound(place.pin_code, place.locality, place.district)

    def quote(self, service_code: str) -> flow.Quote | None:
        service = db.session.get(Service, service_code)
        if service is None or not service.active:
            return None
        try:
            fee = fee_in_force(service_code)
        except NoFeeInForce:
            return None
        return flow.Quote(_names(service), rupees(fee.total), rupees(fee.service_fee), rupees(fee.government_fee),
                          tuple(service.documents or ()), fee.notification_id)

    def request_status(self, number: str) -> flow.RequestStatus | None:
        found = find_request(number)
        if found is None:
            return None
        # The local calendar date, as on the dispatch board, so the caller hears what the supervisor sees.
        # Who is coming is told only to the number that made the request: anyone else hears the state alone.
        own = self.caller is not None and self.caller == found.citizen_phone
        return status_of(found, local_today(current_app.config["DEFAULT_TIMEZONE"]), name_agent=own)

    def operator_open(self) -> bool:
        cfg = current_app.config
        return bool(cfg.get("OPERATOR_NUMBER")) and flow.operator_hours_open(cfg.get("OPERATOR_HOURS", ""),
                                                                             local_now().time())

    def caller_known(self) -> bool:
        return self.caller is not None

    def _active(self) -> list[Service]:
        if self._services is None:
            self._services = [s for s in active_services() if s.doorstep]
        return self._services


def status_of(found: ServiceRequest, today: date, name_agent: bool = True) -> flow.RequestStatus:
    """A request's status as the flow speaks it, with the statutory days left counted from `today`; the agent and
    centre only when `name_agent`."""
    agent = found.assigned_agent if name_agent else None
    return flow.RequestStatus(
        state=found.state, service=_names(found.service), agent=agent.name if agent else "",
        centre=agent.centre.name if agent else "", days_left=days_left(found.psga_due_on, today),
    )


def local_now() -> datetime:
    """Now on the call centre's clock (DEFAULT_TIMEZONE, Asia/Kolkata)."""
    return datetime.now(ZoneInfo(current_app.config.get("DEFAULT_TIMEZONE") or "Asia/Kolkata"))


# ---- voice --------------------------------------------------------------------------------------------------

def answer_call(call_sid: str, from_number: str | None) -> str:
    """TwiML for a call coming in: the language menu, or the main menu in the caller's remembered language."""
    return _safely(call_sid, lambda: _start(call_sid, e164(from_number), restarted=False))


def answer_step(call_sid: str, turn: str | None, digits: str | None, from_number: str | None,
                dial_status: str | None = None) -> str:
    """TwiML for the keys pressed at one turn; a turn already answered gets the same answer again."""
    return _safely(call_sid, lambda: _step(call_sid, turn, digits, from_number, dial_status))


def end_call(call_sid: str, call_status: str, from_number: str | None) -> None:
    """Record how a call ended; a call that ended before any outcome is an abandoned call."""
    try:
        _end_call(call_sid, call_status if call_status in CALL_STATUSES else "unknown", from_number)
    except Exception:  # Twilio only logs a failed status callback; keep our own log of it instead
        log.exception("recording the end of call %s failed", call_sid[-6:])
        db.session.rollback()


def _end_call(call_sid: str, call_status: str, from_number: str | None) -> None:
    session = _session(call_sid)
    if session is None:
        session = CallSession(call_sid=call_sid, caller=e164(from_number), step="", state={}, last_answer="")
        db.session.add(session)
    session.call_status = call_status
    if call_status in FINAL_CALL_STATUSES and session.ended_at is None:
        session.ended_at = utcnow()
        session.abandoned = session.outcome is None
        session.dropped_at_step = session.step if session.abandoned else None
        if session.abandoned:
            log.info("call %s from %s abandoned at %s", call_sid[-6:], mask_phone(session.caller),
                     session.step or "-")
    db.session.commit()


def _start(call_sid: str, caller: str | None, restarted: bool) -> str:
    session = _session(call_sid)
    if session is not None and session.last_answer:
        return session.last_answer
    reply = flow.start(preferred_language(caller), restarted=restarted)
    if session is None:
        session = CallSession(call_sid=call_sid, caller=caller)
        db.session.add(session)
    session.turn, session.last_key = 1, "0:"
    _record(session, reply, render(reply, 1))
    try:
        db.session.commit()
    except IntegrityError:  # the same call's first webhook, twice at once: answer as the first one did
        db.session.rollback()
        return _session(call_sid).last_answer
    log.info("call %s from %s started (%s)", call_sid[-6:], mask_phone(caller), reply.state.language or "-")
    return session.last_answer


def _step(call_sid: str, turn: str | None, digits: str | None, from_number: str | None,
          dial_status: str | None) -> str:
    session = _session(call_sid, for_update=True)
    if session is None or not session.last_answer:  # an unknown call (or one we lost): start again, politely
        return _start(call_sid, e164(from_number), restarted=True)
    if str(session.turn) != (turn or ""):
        return session.last_answer  # a retried (or stale) step: the answer it already got
    state = flow.CallState.from_dict(session.state)
    lookups = DatabaseLookups(session.caller)
    if dial_status is not None:
        answered = dial_status == "completed"
        reply = (flow.Reply(state, (flow.Prompt("goodbye"),), hang_up=True) if answered
                 else flow.operator_missed(state, lookups))
    else:
        reply = flow.advance(state, digits, lookups)
    reply = _perform(reply, session)
    session.last_key = f"{session.turn}:{re.sub(r'[^0-9*#]', '?', digits or '')}"[:80]
    session.turn += 1
    _record(session, reply, render(reply, session.turn))
    db.session.commit()
    return session.last_answer


def _perform(reply: flow.Reply, session: CallSession) -> flow.Reply:
    state = reply.state
    if reply.effect == flow.REMEMBER_LANGUAGE and session.caller and state.language:
        remember_language(session.caller, state.language)
    elif reply.effect == flow.CREATE_CALLBACK and session.caller:
        if db.session.scalar(db.select(CallbackRequest).where(CallbackRequest.call_sid == session.call_sid)) is None:
            db.session.add(CallbackRequest(phone=session.caller, language=state.language or "en",
                                           call_sid=session.call_sid, district=_latest_district(session.caller)))
    elif reply.effect == flow.CREATE_REQUEST:
        # The simulator's fictitious callers make simulator requests: the board shows them apart.
        channel = "simulator" if is_simulated(session.caller) else "ivr"
        request = create_request(NewRequest(state.service_code or "", state.pin or "", session.caller or "",
                                            state.language or "en", channel=channel, call_sid=session.call_sid,
                                            quoted_notification_id=state.quoted_notification_id))
        session.request_number = request.number
        log.info("call %s confirmed request %s", session.call_sid[-6:], request.number)
        return flow.request_registered(state, request.number)
    return reply


def _record(session: CallSession, reply: flow.Reply, twiml: str) -> None:
    state = reply.state
    session.state = state.as_dict()
    session.step = state.step
    session.language = state.language
    session.outcome = state.outcome
    session.last_answer = twiml
    session.updated_at = utcnow()


def _safely(call_sid: str, answer) -> str:
    """Run a step; on any failure log it and answer with an apology and the operator, never an error page."""
    try:
        return answer()
    except Exception:
        log.exception("IVR step failed for call %s", (call_sid or "-")[-6:])
        db.session.rollback()
    try:
        return _apologise(call_sid)
    except Exception:
        log.exception("IVR apology failed for call %s", (call_sid or "-")[-6:])
        db.session.rollback()
        return emergency(None)


def _apologise(call_sid: str) -> str:
    session = _session(call_sid)
    if session is None:
        return emergency(None)
    state = flow.CallState.from_dict(session.state)
    reply = flow.apology(state, DatabaseLookups(session.caller))
    session.turn += 1
    session.last_key = f"{session.turn - 1}:error"
    _record(session, reply, render(reply, session.turn))
    db.session.commit()
    return session.last_answer


def _session(call_sid: str, for_update: bool = False) -> CallSession | None:
    query = db.select(CallSession).where(CallSession.call_sid == call_sid)
    if for_update:
        query = query.with_for_update()  # Twilio retrying while we answer waits for the first answer
    return db.session.scalar(query)


# ---- callers ------------------------------------------------------------------------------------------------

def preferred_language(caller: str | None) -> str | None:
    """The language a caller chose last time, if we know them."""
    if not caller:
        return None
    preference = db.session.get(CallerPreference, caller)
    return preference.language if preference else None


def remember_language(caller: str, language: str) -> None:
    """Keep the caller's language choice for their next call."""
    preference = db.session.get(CallerPreference, caller)
    if preference is None:
        db.session.add(CallerPreference(phone=caller, language=language))
    else:
        preference.language, preference.updated_at = language, utcnow()


# ---- call-backs for supervisors -----------------------------------------------------------------------------

def _latest_district(caller: str) -> str | None:
    return db.session.scalar(db.select(ServiceRequest.district).where(ServiceRequest.citizen_phone == caller)
                             .order_by(ServiceRequest.created_at.desc()).limit(1))


def _in_district(district: str | None) -> list:
    """A district supervisor works their district's call-backs; a state supervisor (None) works them all."""
    return [CallbackRequest.district == district] if district else []


def open_callbacks(district: str | None = None) -> list[CallbackRequest]:
    """Call-back requests still to be made, oldest first (for the supervisor board)."""
    return list(db.session.scalars(
        db.select(CallbackRequest).where(CallbackRequest.status == OPEN, *_in_district(district))
        .order_by(CallbackRequest.requested_at)
    ))


def mark_callback_done(callback_id: int, done_by: str, district: str | None = None) -> bool:
    """Mark a call-back made; False when it was already done, does not exist, or is another district's."""
    from ivr.models import DONE

    changed = db.session.execute(
        db.update(CallbackRequest)
        .where(CallbackRequest.id == callback_id, CallbackRequest.status == OPEN, *_in_district(district))
        .values(status=DONE, done_at=utcnow(), done_by=done_by[:120])
    ).rowcount
    db.session.commit()
    return bool(changed)


def _names(service: Service) -> dict[str, str]:
    return {lang: service.name(lang) for lang in LANGUAGES}
