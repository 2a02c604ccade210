"""IVR use cases: answer a call and each of its steps, close it, answer an SMS; call-backs for supervisors."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from redis.exceptions import RedisError

from core.clock import local_today, utcnow
from core.extensions import db
from core.telephony import mask_phone
from dispatch.citizen_changes import cancel_by_citizen, reschedule_by_citizen
from dispatch.geo import PinError
from dispatch.holidays import calendar_for
from dispatch.models import ServiceRequest
from dispatch.requests import NewRequest, create_request, find_request, locate_pin
from dispatch.timelines import days_left
from dispatch.visit_windows import VisitWindow, open_windows, window_text
from fees.models import Service
from ivr import flow
from ivr.call_state import (
    CallRecord,
    DatabaseCallStore,
    RedisCallStore,
    call_row,
    redis_failed,
    redis_store,
    remember_language,
)
from ivr.calls import CANCEL_REQUEST, RESCHEDULE_REQUEST, WindowChoice
from ivr.catalogue import Catalogue, catalogue_cache
from ivr.models import OPEN, CallbackRequest, CallerPreference, CallSession
from ivr.phones import e164, is_simulated
from ivr.prompts import LANGUAGES, rupees
from ivr.twiml import emergency, render

log = logging.getLogger(__name__)

FINAL_CALL_STATUSES = ("completed", "busy", "no-answer", "failed", "canceled")
CALL_STATUSES = ("queued", "initiated", "ringing", "in-progress", *FINAL_CALL_STATUSES)
CallStore = RedisCallStore | DatabaseCallStore


class DatabaseLookups:
    """The flow's questions about the world: the menus and fees from the process's catalogue snapshot (loaded from
    the database, see ivr.catalogue), PIN codes from the in-memory gazetteer, request status from the database."""

    def __init__(self, caller: str | None, catalogue: Catalogue | None = None):
        self.caller = caller
        self._catalogue = catalogue

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._catalogue = catalogue_cache().current(None, redis_reachable=False, now=utcnow())
        return self._catalogue

    def categories(self) -> list[flow.Choice]:
        return [flow.Choice(c, self.catalogue.category_names[c]) for c in self.catalogue.categories()]

    def services(self, category: str) -> list[flow.Choice]:
        return [flow.Choice(s.code, s.names) for s in self.catalogue.in_category(category)]

    def place(self, pin: str) -> flow.PlaceFound | flow.PinProblem:
        try:
            place = locate_pin(pin)
        except PinError as problem:
            return flow.PinProblem(pin, problem.kind)
        return flow.PlaceFound(place.pin_code, place.locality, place.district)

    def quote(self, service_code: str) -> flow.Quote | None:
        service = self.catalogue.service(service_code)
        fee = self.catalogue.fee(service_code, utcnow()) if service is not None else None
        if fee is None:
            return None
        return flow.Quote(service.names, rupees(fee.total), rupees(fee.service_fee), rupees(fee.government_fee),
                          service.documents, fee.notification_id)

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

    def visit_windows(self) -> list[WindowChoice]:
        """The visit windows still possible now on the local clock (no database)."""
        return [WindowChoice(w.choice, w.start.isoformat(), w.end.isoformat()) for w in open_windows(local_now())]


def status_of(found: ServiceRequest, today: date, name_agent: bool = True) -> flow.RequestStatus:
    """A request's status as the flow speaks it, with the statutory days left counted from `today`; the agent and
    centre only when `name_agent`."""
    agent = found.assigned_agent if name_agent else None
    return flow.RequestStatus(
        state=found.state, service=_names(found.service), agent=agent.name if agent else "",
        centre=agent.centre.name if agent else "",
        days_left=days_left(found.psga_due_on, today, calendar_for(found.district, today)),  # working days
        stage=found.application_stage, application=found.application_number or "",
        paused=found.psga_paused_since is not None, number=found.number, own=name_agent,
        window=window_text(found.visit_window_start, found.visit_window_end,
                           current_app.config.get("DEFAULT_TIMEZONE") or "Asia/Kolkata"),
    )


def local_now() -> datetime:
    """Now on the call centre's clock (DEFAULT_TIMEZONE, Asia/Kolkata)."""
    return datetime.now(ZoneInfo(current_app.config.get("DEFAULT_TIMEZONE") or "Asia/Kolkata"))


# ---- voice --------------------------------------------------------------------------------------------------
# A call's state lives in Redis (no SQL on a menu step) or, while Redis is unreachable, in its database row: see
# ivr.call_state. Only booking (a request or a call-back) and the call's end write to the database.

def answer_call(call_sid: str, from_number: str | None) -> str:
    """TwiML for a call coming in: the language menu, or the main menu in the caller's remembered language."""
    return _safely(call_sid, lambda: _on_a_store(lambda store: _start(store, call_sid, e164(from_number), False)))


def answer_step(call_sid: str, turn: str | None, digits: str | None, from_number: str | None,
                dial_status: str | None = None, recording: tuple[str, str] | None = None) -> str:
    """TwiML for the keys pressed at one turn (or, with `recording` (sid, url), what <Record> heard); a turn already
    answered gets the same answer again."""
    return _safely(call_sid, lambda: _on_a_store(
        lambda store: _step(store, call_sid, turn, digits, from_number, dial_status, recording)))


def end_call(call_sid: str, call_status: str, from_number: str | None) -> None:
    """Record how a call ended (its row in the database); a call that ended before any outcome is abandoned."""
    try:
        _end_call(call_sid, call_status if call_status in CALL_STATUSES else "unknown", from_number)
    except Exception:  # Twilio only logs a failed status callback; keep our own log of it instead
        log.exception("recording the end of call %s failed", call_sid[-6:])
        db.session.rollback()


def _on_a_store(answer: Callable[[CallStore], str]) -> str:
    """Answer on the Redis store; on the database when Redis is unreachable (or failed a moment ago)."""
    store = redis_store()
    if store is not None:
        try:
            return answer(store)
        except RedisError as error:
            redis_failed(error)
            db.session.rollback()
    return answer(DatabaseCallStore())


def _end_call(call_sid: str, call_status: str, from_number: str | None) -> None:
    record = _held_in_redis(call_sid)
    session = call_row(call_sid)
    if session is None:
        session = CallSession(call_sid=call_sid, caller=e164(from_number), step="", state={}, last_answer="")
        db.session.add(session)
    if record is not None and session.ended_at is None:  # the summary of a call held in Redis, written once
        record.write_to(session)
        if record.remember_language and record.caller:
            remember_language(record.caller, record.remember_language)
    session.call_status = call_status
    if call_status in FINAL_CALL_STATUSES and session.ended_at is None:
        session.ended_at = utcnow()
        session.abandoned = session.outcome is None
        session.dropped_at_step = session.step if session.abandoned else None
        if session.abandoned:
            log.info("call %s from %s abandoned at %s", call_sid[-6:], mask_phone(session.caller),
                     session.step or "-")
    db.session.commit()


def _held_in_redis(call_sid: str) -> CallRecord | None:
    store = redis_store()
    if store is None:
        return None
    try:
        return store.load(call_sid)
    except RedisError as error:
        redis_failed(error)
        return None


def _start(store: CallStore, call_sid: str, caller: str | None, restarted: bool) -> str:
    record = store.load(call_sid)
    if record is not None and record.last_answer:
        return record.last_answer
    reply = flow.start(_preferred_language(store, caller), restarted=restarted)
    record = record or CallRecord(call_sid, caller)
    record.turn, record.last_key = 1, "0:"
    record.record(reply, render(reply, 1))
    if not _save(store, record, None):  # the same call's first webhook, twice at once: answer as the first did
        return store.load(call_sid).last_answer
    log.info("call %s from %s started (%s)", call_sid[-6:], mask_phone(caller), reply.state.language or "-")
    return record.last_answer


def _step(store: CallStore, call_sid: str, turn: str | None, digits: str | None, from_number: str | None,
          dial_status: str | None, recording: tuple[str, str] | None = None) -> str:
    record = store.load(call_sid)
    if record is None and store.name == "redis":  # a call begun while Redis was unreachable goes on there
        database = DatabaseCallStore()
        record = database.load(call_sid)
        store = database if record is not None else store
    if record is None or not record.last_answer:  # an unknown call (or one we lost): start again, politely
        return _start(store, call_sid, e164(from_number), restarted=True)
    if str(record.turn) != (turn or ""):
        return record.last_answer  # a retried (or stale) step: the answer it already got
    state = flow.CallState.from_dict(record.state)
    lookups = DatabaseLookups(record.caller, catalogue_cache().current(
        store.catalogue_version, redis_reachable=store.name == "redis", now=utcnow()))
    if dial_status is not None:
        answered = dial_status == "completed"
        reply = (flow.Reply(state, (flow.Prompt("goodbye"),), hang_up=True) if answered
                 else flow.operator_missed(state, lookups))
    elif recording is not None and state.step == flow.citizen_flow.LANDMARK:
        reply = flow.citizen_flow.landmark_recorded(state, recording[0], recording[1], lookups)
    else:
        reply = flow.advance(state, digits, lookups)
    answered_turn = record.turn
    books = reply.effect in (flow.CREATE_REQUEST, flow.CREATE_CALLBACK, CANCEL_REQUEST, RESCHEDULE_REQUEST)
    if books and not store.hold_effect(call_sid):  # the same step, retried while the first attempt books
        return store.answer_once_saved(call_sid, answered_turn) or record.last_answer
    try:
        reply = _perform(reply, record, store)
        record.last_key = f"{record.turn}:{re.sub(r'[^0-9*#]', '?', digits or '')}"[:80]
        record.turn += 1
        record.record(reply, render(reply, record.turn))
        if not _save(store, record, answered_turn):
            return (store.load(call_sid) or record).last_answer
    finally:
        if books:
            store.release_effect(call_sid)
    return record.last_answer


def _save(store: CallStore, record: CallRecord, expected_turn: int | None) -> bool:
    """Save on the call's store; if Redis fails now, on the database (the caller's answer is not lost)."""
    try:
        return store.save(record, expected_turn)
    except RedisError as error:
        if store.name != "redis":
            raise
        redis_failed(error)
        return DatabaseCallStore().save(record, None)


def _perform(reply: flow.Reply, record: CallRecord, store: CallStore) -> flow.Reply:
    state = reply.state
    if reply.effect == flow.REMEMBER_LANGUAGE and record.caller and state.language:
        store.remember_language(record, state.language)
    elif reply.effect == flow.CREATE_CALLBACK and record.caller:
        if db.session.scalar(db.select(CallbackRequest).where(CallbackRequest.call_sid == record.call_sid)) is None:
            db.session.add(CallbackRequest(phone=record.caller, language=state.language or "en",
                                           call_sid=record.call_sid, district=_latest_district(record.caller)))
            db.session.commit()
    elif reply.effect == flow.CREATE_REQUEST:
        # The simulator's fictitious callers make simulator requests: the board shows them apart.
        channel = "simulator" if is_simulated(record.caller) else "ivr"
        request = create_request(NewRequest(state.service_code or "", state.pin or "", record.caller or "",
                                            state.language or "en", channel=channel, call_sid=record.call_sid,
                                            quoted_notification_id=state.quoted_notification_id,
                                            visit_window=_window_of(state),
                                            landmark_recording=(state.landmark_sid, state.landmark_url)
                                            if state.landmark_sid else None))
        record.request_number = request.number
        log.info("call %s confirmed request %s", record.call_sid[-6:], request.number)
        return flow.request_registered(state, request.number)
    elif reply.effect in (CANCEL_REQUEST, RESCHEDULE_REQUEST):  # the caller's own request (issue 13)
        channel = "simulator" if is_simulated(record.caller) else "ivr"
        if reply.effect == CANCEL_REQUEST:
            outcome = cancel_by_citizen(state.change_number or "", record.caller, channel)
        else:
            outcome = reschedule_by_citizen(state.change_number or "", record.caller,
                                            _window_of(state) or _no_window(), channel)
        return flow.citizen_flow.change_done(state, outcome)
    return reply


def _window_of(state: flow.CallState) -> VisitWindow | None:
    """The visit window the caller picked, as dispatch keeps it (None: the earliest agent)."""
    if not (state.window_choice and state.window_start and state.window_end):
        return None
    start, end = datetime.fromisoformat(state.window_start), datetime.fromisoformat(state.window_end)
    return VisitWindow(state.window_choice, start.date(), "", start, end)


def _no_window() -> VisitWindow:
    raise ValueError("a reschedule without a window")


def _safely(call_sid: str, answer) -> str:
    """Run a step; on any failure log it and answer with an apology and the operator, never an error page."""
    try:
        return answer()
    except Exception:
        log.exception("IVR step failed for call %s", (call_sid or "-")[-6:])
        db.session.rollback()
    try:
        return _on_a_store(lambda store: _apologise(store, call_sid))
    except Exception:
        log.exception("IVR apology failed for call %s", (call_sid or "-")[-6:])
        db.session.rollback()
        return emergency(None)


def _apologise(store: CallStore, call_sid: str) -> str:
    record = store.load(call_sid)
    if record is None:
        return emergency(None)
    state = flow.CallState.from_dict(record.state)
    reply = flow.apology(state, DatabaseLookups(record.caller))
    answered_turn = record.turn
    record.turn += 1
    record.last_key = f"{answered_turn}:error"
    record.record(reply, render(reply, record.turn))
    _save(store, record, answered_turn)
    return record.last_answer


# ---- callers ------------------------------------------------------------------------------------------------

def preferred_language(caller: str | None) -> str | None:
    """The language a caller chose last time, if we know them."""
    if not caller:
        return None
    preference = db.session.get(CallerPreference, caller)
    return preference.language if preference else None


def _preferred_language(store: CallStore, caller: str | None) -> str | None:
    """The caller's language from the store's cache, else from the database (then cached)."""
    if not caller:
        return None
    known, language = store.cached_language(caller)
    if not known:
        language = preferred_language(caller)
        store.cache_language(caller, language)
    return language


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
