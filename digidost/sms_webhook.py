"""Twilio's inbound SMS webhook (POST /ivr/sms), answered here because it reaches both doors.

An SMS from an active agent's registered number carrying an agent command (YES, NO, START, DONE, JOBS, HELP, or
anything the citizens' parser does not read either) goes to the staff door (agents.sms); every other SMS, and a
citizen's command (a status query, a rating, PAID) sent from an agent's phone, goes to the citizens' handling
(ivr.messages.answer_sms). Same signature check, rate limit and idempotency (MessageSid) as before the move.
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from twilio.twiml.messaging_response import MessagingResponse

from agents.sms import answer_agent_sms, registered_agent
from agents.sms_commands import NotForAgents, read_agent_command
from core.extensions import csrf
from core.security import limiter
from ivr import limits
from ivr.messages import MAX_BODY, answer_sms
from ivr.signature import twilio_signed
from ivr.sms_commands import Unknown, read_command
from ivr.views import SID

bp = Blueprint("sms_webhook", __name__, url_prefix="/ivr")


@bp.post("/sms")
@csrf.exempt
@twilio_signed
@limiter.limit(limits.sms_limit, key_func=limits.caller_key, exempt_when=limits.caller_withheld,
               on_breach=limits.answer_too_many_messages)
def sms():
    """An inbound SMS: an agent's command, or a citizen's status query, rating or fee dispute; the answer goes out
    as an SMS of its own."""
    message_sid = request.form.get("MessageSid", "")
    answer_inbound_sms(request.form.get("From"), request.form.get("Body"),
                       message_sid if SID.match(message_sid) else None)
    return Response(str(MessagingResponse()), mimetype="text/xml")


def answer_inbound_sms(from_number: str | None, body: str | None, message_sid: str | None) -> str | None:
    """Hand the SMS to the door it is for; the answer's template key (None when no answer is queued)."""
    agent_id = registered_agent(from_number)
    if agent_id is not None:
        text = (body or "")[:MAX_BODY]
        command = read_agent_command(text)
        if not isinstance(command, NotForAgents) or isinstance(read_command(text), Unknown):
            return answer_agent_sms(agent_id, command, message_sid)
    return answer_sms(from_number, body, message_sid)
