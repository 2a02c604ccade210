"""Per-caller rate limits on the IVR's webhooks: past the limit, a polite answer instead of another request."""

from __future__ import annotations

import logging

from flask import Response, current_app, request
from flask_limiter import RequestLimit
from limits import parse
from twilio.twiml.messaging_response import MessagingResponse

from core.security import limiter
from core.telephony import mask_phone
from ivr.messages import reply_language, store_reply
from ivr.phones import e164
from ivr.prompts import sms_text
from ivr.services import preferred_language
from ivr.twiml import too_many_calls

log = logging.getLogger(__name__)

SMS_NOTICE = "1 per hour"  # a caller past the SMS limit is told so once, not once per message


def caller_key() -> str:
    """The rate-limit key of a webhook's caller (its E.164 number; the signature check has already run)."""
    return f"caller:{e164(request.form.get('From'))}"


def caller_withheld() -> bool:
    """A withheld number has no key of its own (and cannot make a request): no per-caller limit applies."""
    return e164(request.form.get("From")) is None


def call_limit() -> str:
    return current_app.config["IVR_CALL_LIMIT_PER_CALLER"]


def sms_limit() -> str:
    return current_app.config["SMS_LIMIT_PER_CALLER"]


def answer_too_many_calls(limit: RequestLimit) -> Response:
    """Say politely, in the caller's language, that they call too often, and hang up."""
    caller = e164(request.form.get("From"))
    log.warning("call from %s refused: over %s", mask_phone(caller), limit.limit)
    return Response(too_many_calls(preferred_language(caller)), mimetype="text/xml")


def answer_too_many_messages(limit: RequestLimit) -> Response:
    """Tell the sender once per hour, by SMS, that they write too often; the messages themselves are dropped."""
    phone = e164(request.form.get("From")) or ""
    log.warning("SMS from %s dropped: over %s", mask_phone(phone), limit.limit)
    if limiter.limiter.hit(parse(SMS_NOTICE), "ivr-sms-notice", phone):
        message_sid = request.form.get("MessageSid", "")[:64] or None
        store_reply(phone, "ivr_too_many_messages", sms_text("too_many_messages", reply_language(phone)), message_sid)
    return Response(str(MessagingResponse()), mimetype="text/xml")
