"""Inbound SMS: status queries (STATUS 123456789) and ratings replied to the receipt SMS (1, 2 or 3)."""

from __future__ import annotations

import logging
import re

from sqlalchemy.exc import IntegrityError

from core.extensions import db
from core.outbox import stage_sms
from core.telephony import mask_phone
from dispatch.models import COMPLETED, ServiceRequest
from dispatch.numbers import is_well_formed_request_number
from dispatch.requests import find_request
from ivr.flow import status_prompts
from ivr.models import CallerPreference, Rating, SmsReply
from ivr.phones import e164
from ivr.prompts import DEFAULT_LANGUAGE, LANGUAGES, prompt_text, sms_text
from ivr.services import DatabaseLookups

log = logging.getLogger(__name__)

STATUS_QUERY = re.compile(r"^\s*(?:STATUS\s*)?([0-9][0-9 \-]{3,20})\s*$", re.IGNORECASE)
RATINGS = {"1": 1, "2": 2, "3": 3}  # as the receipt SMS asks: 1 good, 2 average, 3 bad
MAX_BODY = 500


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
    text = (body or "")[:MAX_BODY].strip()
    language = reply_language(phone)
    if text in RATINGS:
        key, values = rate_latest_visit(phone, RATINGS[text], message_sid)
    elif match := STATUS_QUERY.match(text):
        key, values = status_reply(re.sub(r"[ \-]", "", match.group(1)), language, phone)
    else:
        key, values = "help", {}
    store_reply(phone, f"ivr_{key}", sms_text(key, language, **values), message_sid)
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


def rate_latest_visit(phone: str, score: int, message_sid: str | None) -> tuple[str, dict]:
    """Store the rating on the caller's latest completed request that has none yet."""
    if message_sid:
        earlier = db.session.scalar(db.select(Rating).where(Rating.message_sid == message_sid))
        if earlier is not None:  # Twilio delivered the same SMS twice
            return "rating_thanks", {"number": _number_of(earlier.request_id)}
    rated = db.select(Rating.request_id)
    request = db.session.scalar(
        db.select(ServiceRequest)
        .where(ServiceRequest.citizen_phone == phone, ServiceRequest.state == COMPLETED,
               ServiceRequest.id.not_in(rated))
        .order_by(ServiceRequest.completed_at.desc(), ServiceRequest.id.desc()).limit(1)
    )
    if request is None:
        return "rating_nothing", {}
    db.session.add(Rating(request_id=request.id, phone=phone, score=score, message_sid=message_sid))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return "rating_thanks", {"number": request.number}


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
