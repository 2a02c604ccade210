"""Notification jobs: SMS through the telephony adapter, retried with backoff, sent once per key."""

from __future__ import annotations

import logging
import re

from redis.exceptions import RedisError
from rq import Retry

from core.extensions import queues, telephony
from dispatch.sms import sms_text

log = logging.getLogger(__name__)

RETRY = Retry(max=5, interval=[10, 30, 60, 120, 300])


def send_sms_job(to_number: str, template: str, language: str, values: dict, dedupe_key: str) -> int:
    """RQ job: send one templated SMS; a second run with the same key sends nothing more."""
    return telephony.send_sms(to_number, sms_text(template, language, **values), template, dedupe_key)


def sms_job_id(dedupe_key: str) -> str:
    """The RQ job id for an SMS: the dedupe key made of letters, digits, dashes (RQ allows no more)."""
    return "sms-" + re.sub(r"[^A-Za-z0-9_-]", "-", dedupe_key)[:120]


def queue_sms(to_number: str, template: str, language: str, values: dict, dedupe_key: str) -> None:
    """Enqueue an SMS on the notify queue; if Redis is down, send it now rather than lose it."""
    try:
        queues.queue("notify").enqueue(send_sms_job, to_number, template, language, values, dedupe_key,
                                       retry=RETRY, job_id=sms_job_id(dedupe_key))
    except RedisError:
        log.warning("notify queue unavailable; sending %s inline", template)
        send_sms_job(to_number, template, language, values, dedupe_key)
