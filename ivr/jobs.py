"""The IVR's RQ jobs: SMS replies sent from the notify queue, never from inside Twilio's webhook."""

from __future__ import annotations

import logging

from redis.exceptions import RedisError
from rq import Retry

from core.extensions import db, queues, telephony
from ivr.models import SmsReply

log = logging.getLogger(__name__)

RETRY = Retry(max=5, interval=[10, 30, 60, 120, 300])


def send_sms_reply(reply_id: int) -> int | None:
    """RQ job: send one stored SMS reply; a second run sends nothing more. The outbox id, or None if gone."""
    reply = db.session.get(SmsReply, reply_id)
    if reply is None:
        return None
    return telephony.send_sms(reply.phone, reply.body, template=reply.template, dedupe_key=f"ivr-reply:{reply.id}")


def queue_sms_reply(reply_id: int) -> None:
    """Enqueue a stored reply on the notify queue; if Redis is down, send it now rather than lose it."""
    try:
        queues.queue("notify").enqueue(send_sms_reply, reply_id, retry=RETRY, job_id=f"ivr-sms-reply-{reply_id}")
    except RedisError:
        log.warning("notify queue unavailable; sending SMS reply %s inline", reply_id)
        send_sms_reply(reply_id)
