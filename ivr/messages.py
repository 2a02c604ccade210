"""Inbound SMS: status queries (STATUS 123456789), ratings (1, 2 or 3) of the latest visit or delivery asked about,
fee disputes (PAID <amount>); anything else gets the help SMS, at most once per HELP_SMS_EVERY_MINUTES.

What the text asks for is read by the pure ivr.sms_commands (every digit set, English, Hindi and Urdu keywords);
the answer goes out in the caller's language (reply_language).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy.exc import IntegrityError

from core.clock import utcnow
from core.extensions import db
from core.models import OutboxMessage
from core.outbox import stage_sms
from core.telephony import mask_phone
from dispatch import citizen_changes as changes
from dispatch.disputes import OPEN as DISPUTE_OPEN
from dispatch.disputes import dispute_for_message, dispute_of_request, open_dispute
from dispatch.models import COMPLETED, ServiceRequest
from dispatch.numbers import is_well_formed_request_number
from dispatch.requests import find_request
from dispatch.visit_windows import chosen_window, open_windows
from ivr.flow import status_prompts
from ivr.models import BAD, DELIVERY, VISIT, CallbackRequest, CallerPreference, Rating, SmsReply
from ivr.phones import e164
from ivr.prompts import DEFAULT_LANGUAGE, LANGUAGES, prompt_text
from ivr.replies import reply_text
from ivr.services import DatabaseLookups, local_now
from ivr.sms_commands import (
    AskStatus,
    CancelRequest,
    ChangeUnreadable,
    ClaimPaid,
    PaidUnreadable,
    Rate,
    RescheduleRequest,
    read_command,
)

log = logging.getLogger(__name__)

MAX_BODY = 500
# The outbox templates that ask the citizen for a rating, and what a reply to each rates.
RATING_ASKED_BY = {"receipt": VISIT, "rating_after_delivery": DELIVERY}
RATING_THANKS = {VISIT: "rating_thanks", DELIVERY: "rating_thanks_delivery"}


def answer_sms(from_number: str | None, body: str | None, message_sid: str | None) -> str | None:
    """Act on one inbound SMS and queue the answer; return the reply's template key (None if none is queued)."""
    try:
        return _answer_sms(from_number, body, message_sid)
    except Exception:  # Twilio gets its 200 regardless (and would not retry a reply any better than our queue)
        log.exception("answering an SMS failed")
        db.session.rollback()
        return None


def _answer_sms(from_number: str | None, body: str | None, message_sid: str | None) -> str | None:
    phone = e164(from_number)
    if phone is None:
        log.info("SMS from an unusable number ignored")
        return None
    language = reply_language(phone)
    command = read_command((body or "")[:MAX_BODY])
    if isinstance(command, Rate):
        key, values = rate_latest(phone, command.score, message_sid, language)
    elif isinstance(command, AskStatus):
        key, values = status_reply(command.number, language, phone)
    elif isinstance(command, ClaimPaid):
        key, values = claim_paid(phone, command, message_sid)
    elif isinstance(command, PaidUnreadable):
        key, values = "paid_how", {}
    elif isinstance(command, CHANGE_COMMANDS):  # CANCEL / RESCHEDULE (issue 13): a change made is confirmed by
        key, values = change_by_sms(phone, command, message_sid)  # dispatch's own SMS (key None: no reply)
        if key is None:
            return None
    else:
        if help_sent_lately(phone, message_sid):
            log.info("SMS from %s not understood; help already sent lately", mask_phone(phone))
            return None
        key, values = "help", {}
    store_reply(phone, f"ivr_{key}", reply_text(key, language, **values), message_sid)
    log.info("SMS from %s answered with %s", mask_phone(phone), key)
    return key


def store_reply(phone: str, template: str, body: str, message_sid: str | None) -> SmsReply:
    """Keep the reply and stage its SMS in the outbox, one transaction; the same inbound SMS delivered twice keeps
    (and sends) one reply."""
    if message_sid:
        earlier = db.session.scalar(db.select(SmsReply).where(SmsReply.message_sid == message_sid))
        if earlier is not None:
            return earlier
    reply = SmsReply(message_sid=message_sid, phone=phone, template=template, body=body)
    db.session.add(reply)
    try:
        db.session.flush()
        stage_sms(phone, body, template, dedupe_key=f"ivr-reply:{reply.id}")
        db.session.commit()
    except IntegrityError:  # the same SMS answered twice at once: the first reply stands
        db.session.rollback()
        return db.session.scalar(db.select(SmsReply).where(SmsReply.message_sid == message_sid))
    return reply


def help_sent_lately(phone: str, message_sid: str | None) -> bool:
    """Whether this number got the help SMS within HELP_SMS_EVERY_MINUTES (for another message than this one)."""
    since = utcnow() - timedelta(minutes=current_app.config["HELP_SMS_EVERY_MINUTES"])
    query = db.select(SmsReply.id).where(SmsReply.phone == phone, SmsReply.template == "ivr_help",
                                         SmsReply.created_at >= since)
    if message_sid:  # the same message delivered again is answered by store_reply with its one reply
        query = query.where(SmsReply.message_sid.is_distinct_from(message_sid))
    return db.session.scalar(query.limit(1)) is not None


def status_reply(number: str, language: str, phone: str | None = None) -> tuple[str, dict]:
    """The SMS answering a status query: the request's state in words (naming the agent only to the number that
    made the request), or why the number is not found."""
    if not is_well_formed_request_number(number):
        return "number_invalid", {"number": number}
    if find_request(number) is None:
        return "number_unknown", {"number": number}
    found = DatabaseLookups(phone).request_status(number)
    words = " ".join(prompt_text(p.key, language, p.params) for p in status_prompts(found))
    return "status_reply", {"number": number, "status": words}


def rating_target(phone: str) -> tuple[ServiceRequest, str] | None:
    """What a rating from this number rates: of the visits and deliveries it was asked to rate and has not, the one
    asked about last (a visit completed without a receipt SMS on record counts as asked at completion)."""
    rated = {(request_id, moment) for request_id, moment in db.session.execute(
        db.select(Rating.request_id, Rating.moment).where(Rating.phone == phone))}
    candidates: list[tuple[datetime, int, int, str]] = []
    for request_id, completed_at in db.session.execute(
            db.select(ServiceRequest.id, ServiceRequest.completed_at)
            .where(ServiceRequest.citizen_phone == phone, ServiceRequest.state == COMPLETED)):
        if (request_id, VISIT) not in rated and completed_at is not None:
            candidates.append((completed_at, 0, request_id, VISIT))
    for request_id, asked_at, message_id in db.session.execute(
            db.select(OutboxMessage.request_id, OutboxMessage.created_at, OutboxMessage.id)
            .join(ServiceRequest, ServiceRequest.id == OutboxMessage.request_id)
            .where(OutboxMessage.template.in_([t for t, m in RATING_ASKED_BY.items() if m == DELIVERY]),
                   ServiceRequest.citizen_phone == phone)):
        if (request_id, DELIVERY) not in rated:
            candidates.append((asked_at, message_id, request_id, DELIVERY))
    if not candidates:
        return None
    _at, _tie, request_id, moment = max(candidates)
    return db.session.get(ServiceRequest, request_id), moment


def rate_latest(phone: str, score: int, message_sid: str | None, language: str = DEFAULT_LANGUAGE) -> tuple[str, dict]:
    """Store the rating on what this number was last asked to rate; a "bad" one opens a follow-up call-back."""
    if message_sid:
        earlier = db.session.scalar(db.select(Rating).where(Rating.message_sid == message_sid))
        if earlier is not None:  # Twilio delivered the same SMS twice
            return _rating_answer(earlier)
    target = rating_target(phone)
    if target is None:
        return "rating_nothing", {}
    request, moment = target
    rating = Rating(request_id=request.id, moment=moment, phone=phone, score=score, message_sid=message_sid,
                    created_at=utcnow())
    db.session.add(rating)
    try:
        db.session.flush()
        if score == BAD:  # RAS: a bad rating is followed up by a supervisor's call-back, closed with a note
            db.session.add(CallbackRequest(phone=phone, language=language, district=request.district,
                                           rating_id=rating.id, requested_at=utcnow()))
        db.session.commit()
    except IntegrityError:  # rated at the same moment by a parallel delivery
        db.session.rollback()
        return RATING_THANKS[moment], {"number": request.number}
    return _rating_answer(rating)


def _rating_answer(rating: Rating) -> tuple[str, dict]:
    number = _number_of(rating.request_id)
    if rating.score == BAD:
        return "rating_bad_followup", {"number": number}
    return RATING_THANKS.get(rating.moment, "rating_thanks"), {"number": number}


def claim_paid(phone: str, claim: ClaimPaid, message_sid: str | None) -> tuple[str, dict]:
    """A citizen says they paid `claim.amount`: open a fee dispute when it is more than the notified fee.

    Only the number that made the request may dispute its fee. A claim at or below the notified fee opens no case
    (nothing to decide); the answer saying so is kept like every reply (ivr_sms_reply)."""
    earlier = dispute_for_message(message_sid)
    if earlier is not None:  # the same SMS delivered twice: one case, the same answer
        return "dispute_opened", _dispute_values(earlier)
    if claim.number is not None:
        if not is_well_formed_request_number(claim.number):
            return "number_invalid", {"number": claim.number}
        request = find_request(claim.number)
        if request is None:
            return "number_unknown", {"number": claim.number}
        if request.citizen_phone != phone:
            log.warning("fee dispute for request %s from another number (%s) refused", request.number,
                        mask_phone(phone))
            return "dispute_not_yours", {"number": request.number}
    else:
        request = db.session.scalar(
            db.select(ServiceRequest).where(ServiceRequest.citizen_phone == phone, ServiceRequest.state == COMPLETED)
            .order_by(ServiceRequest.completed_at.desc(), ServiceRequest.id.desc()).limit(1))
        if request is None:
            return "dispute_nothing", {}
    if request.state != COMPLETED:
        return "dispute_not_completed", {"number": request.number}
    existing = dispute_of_request(request.id)
    if existing is not None:
        key = "dispute_already_open" if existing.state == DISPUTE_OPEN else "dispute_already_decided"
        return key, _dispute_values(existing)
    notified = Decimal(request.total_fee)
    if claim.amount <= notified:
        return "dispute_no_overcharge", {"number": request.number, "fee": _money(notified),
                                         "claimed": _money(claim.amount)}
    dispute = open_dispute(request, claim.amount, phone, message_sid)
    db.session.commit()
    log.info("fee dispute %s opened for request %s", dispute.id, request.number)
    return "dispute_opened", _dispute_values(dispute)


def _dispute_values(dispute) -> dict:
    return {"case": dispute.id, "number": _number_of(dispute.request_id), "claimed": _money(dispute.claimed_amount),
            "fee": _money(dispute.notified_fee)}


def _money(amount) -> str:
    return f"{Decimal(amount):.2f}"


def reply_language(phone: str) -> str:
    """The caller's chosen language, else the language of their latest request, else English."""
    preference = db.session.get(CallerPreference, phone)
    if preference is not None:
        return preference.language
    latest = db.session.scalar(
        db.select(ServiceRequest.language).where(ServiceRequest.citizen_phone == phone)
        .order_by(ServiceRequest.id.desc()).limit(1)
    )
    return latest if latest in LANGUAGES else DEFAULT_LANGUAGE


def _number_of(request_id: int) -> str:
    request = db.session.get(ServiceRequest, request_id)
    return request.number if request else ""


# ---- cancel and reschedule by SMS (issue 13, item 3) ----------------------------------------------------------
CHANGE_COMMANDS = (CancelRequest, RescheduleRequest, ChangeUnreadable)


def change_by_sms(phone: str, command, message_sid: str | None) -> tuple[str | None, dict]:
    """CANCEL / RESCHEDULE from the number that made the request: done (None: dispatch's SMS confirms it, and this
    message is noted as answered), the window choices, or why not."""
    if isinstance(command, ChangeUnreadable):
        return "sms_cancel_how", {}
    if message_sid and db.session.scalar(db.select(SmsReply.id).where(SmsReply.message_sid == message_sid)):
        return None, {}  # the same SMS delivered twice: acted on once
    number = command.number
    if not is_well_formed_request_number(number):
        return "number_invalid", {"number": number}
    refused = changes.change_refused(find_request(number), phone)
    if refused is None and isinstance(command, CancelRequest):
        refused = changes.cancel_by_citizen(number, phone, "sms")
    elif refused is None:
        now = local_now()
        window = chosen_window(command.choice, now) if command.choice is not None else None
        if window is None:  # no digit, or one not (or no longer) possible: the choices open now
            language = reply_language(phone)
            choices = " ".join(f"{w.choice} = {prompt_text(f'window_label_{w.choice}', language)}"
                               for w in open_windows(now))
            return "sms_reschedule_choices", {"number": number, "choices": choices}
        refused = changes.reschedule_by_citizen(number, phone, window, "sms")
    if refused in (changes.CANCELLED_NOW, changes.RESCHEDULED):
        _note_answered(phone, message_sid, refused)
        return None, {}
    if refused == changes.UNKNOWN:
        return "number_unknown", {"number": number}
    return f"sms_change_{refused}", {"number": number}


def _note_answered(phone: str, message_sid: str | None, outcome: str) -> None:
    """Keep the inbound SMS as answered (its confirmation is dispatch's SMS, already in the outbox)."""
    db.session.add(SmsReply(message_sid=message_sid, phone=phone, template=f"ivr_{outcome}",
                            body=f"(confirmed by the request's own SMS: {outcome})"))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
