"""The SMS outbox: every SMS is a database row written in the transaction that decides to send it; a job that
takes the row's id sends it exactly once; the sweeper re-queues what a crash or a Redis flush dropped.

    stage_sms(...)            in the caller's transaction (no commit); the job is queued when that commits
    send_outbox_message(id)   RQ job: pending → sending → sent (or back to pending with backoff, or failed)
    requeue_due_messages()    sweeper: pending rows due and not queued lately; sending rows left by a dead worker
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import event, update
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioRestException

from core.clock import utcnow
from core.extensions import db, queues, telephony
from core.models import FAILED, PENDING, SENDING, SENT, OutboxMessage
from core.queues import job_is_alive
from core.telephony import mask_phone

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = (10, 30, 60, 120, 300)  # after the 1st, 2nd… failed attempt; then failed for good
MAX_ATTEMPTS = len(RETRY_AFTER_SECONDS) + 1
SEND_JOB_TIMEOUT = 30  # seconds; Twilio's HTTP timeout is 10
_STAGED = "digidost_outbox_staged"  # session.info key: ids staged in the open transaction
_BATCH = 500


def stage_sms(to_number: str, body: str, template: str, dedupe_key: str | None = None,
              request_id: int | None = None, key_is_new: bool = False) -> OutboxMessage | None:
    """Add an SMS to the current transaction (the caller commits); None when one with this key already exists.

    Its send job is queued when the transaction commits, and never if it rolls back. `key_is_new`: the key names
    a row made in this same transaction (an offer just inserted), so no SMS can have it yet: it is not looked up
    (the unique key still guards it).
    """
    if dedupe_key and not key_is_new and db.session.scalar(
            db.select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)) is not None:
        return None
    now = utcnow()
    message = OutboxMessage(to_number=to_number, sender=telephony.sender, body=body, template=template,
                            dedupe_key=dedupe_key, request_id=request_id, status=PENDING, next_attempt_at=now,
                            queued_at=now, created_at=now)
    db.session.add(message)
    db.session.flush()
    db.session.info.setdefault(_STAGED, []).append(message.id)
    return message


@event.listens_for(Session, "after_commit")
def _queue_staged_after_commit(session: Session) -> None:
    staged = session.info.pop(_STAGED, None)
    if staged:
        queue_outbox(staged)


@event.listens_for(Session, "after_rollback")
def _forget_staged_after_rollback(session: Session) -> None:
    session.info.pop(_STAGED, None)


def queue_outbox(message_ids: list[int]) -> int:
    """Put send jobs for these rows on the notify queue; return how many. Redis down: the sweeper queues them."""
    try:
        queue = queues.queue("notify")
        queue.enqueue_many([
            queue.prepare_data("core.outbox.send_outbox_message", args=(message_id,), job_id=f"sms-{message_id}",
                               timeout=SEND_JOB_TIMEOUT, result_ttl=600, failure_ttl=86_400)
            for message_id in message_ids])
        return len(message_ids)
    except RedisError:
        log.warning("notify queue unavailable; %d SMS left for the sweeper", len(message_ids))
        return 0


def send_outbox_message(message_id: int) -> str | None:
    """RQ job: send one outbox row if it is pending and due; return its status afterwards (None: no such row)."""
    now = utcnow()
    if not telephony.uses_twilio:
        # Without credentials the row itself is the delivery: one compare-and-set, so exactly once.
        _move(message_id, PENDING, SENT, due_by=now, attempts=OutboxMessage.attempts + 1, claimed_at=now,
              sent_at=now, provider="outbox", error=None)
        db.session.commit()
        return db.session.scalar(db.select(OutboxMessage.status).where(OutboxMessage.id == message_id))
    claimed = _move(message_id, PENDING, SENDING, due_by=now, attempts=OutboxMessage.attempts + 1, claimed_at=now,
                    provider="twilio")
    db.session.commit()
    message = db.session.get(OutboxMessage, message_id)
    if not claimed or message is None:
        return message.status if message else None
    try:
        sid = telephony.deliver(message.to_number, message.body)
    except Exception as exc:  # any provider or network error: the row records it and decides the retry
        return _record_failure(message, exc)
    _move(message_id, SENDING, SENT, provider_sid=sid, sent_at=utcnow(), error=None)
    db.session.commit()
    log.info("SMS %s %s to %s sent", message_id, message.template or "-", mask_phone(message.to_number))
    return SENT


def _record_failure(message: OutboxMessage, exc: Exception) -> str:
    permanent = isinstance(exc, TwilioRestException) and 400 <= (exc.status or 0) < 500 and exc.status != 429
    reason = f"{type(exc).__name__} {getattr(exc, 'status', '') or ''} {getattr(exc, 'code', '') or ''}".strip()
    if permanent or message.attempts >= MAX_ATTEMPTS:
        _move(message.id, SENDING, FAILED, error=f"{reason}: {str(exc)[:300]}")
        status = FAILED
    else:
        retry_at = utcnow() + timedelta(seconds=RETRY_AFTER_SECONDS[message.attempts - 1])
        _move(message.id, SENDING, PENDING, next_attempt_at=retry_at, queued_at=None, error=reason)
        status = PENDING
    db.session.commit()
    # Twilio's message text repeats the full number: log only the kind of error.
    log.warning("SMS %s to %s: %s, now %s", message.id, mask_phone(message.to_number), reason, status)
    return status


def _move(message_id: int, from_status: str, to_status: str, due_by: datetime | None = None, **values) -> bool:
    conditions = [OutboxMessage.id == message_id, OutboxMessage.status == from_status]
    if due_by is not None:
        conditions.append(OutboxMessage.next_attempt_at <= due_by)
    result = db.session.execute(update(OutboxMessage).where(*conditions).values(status=to_status, **values)
                                .execution_options(synchronize_session=False))
    return result.rowcount == 1


def requeue_due_messages() -> dict:
    """Sweeper: queue pending rows that are due and not queued lately; settle rows a dead worker left sending."""
    cfg, now = current_app.config, utcnow()
    requeue_before = now - timedelta(seconds=cfg["OUTBOX_REQUEUE_SECONDS"])
    candidates = db.session.scalars(
        db.select(OutboxMessage.id).where(
            OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now,
            (OutboxMessage.queued_at.is_(None)) | (OutboxMessage.queued_at < requeue_before))
        .order_by(OutboxMessage.id).limit(_BATCH)).all()
    # A job still waiting in a long queue (a backlog) is not queued twice: only lost ones are. Either way the row's
    # lease is renewed, so a long queue is looked through once per OUTBOX_REQUEUE_SECONDS, not at every tick.
    due = [message_id for message_id in candidates if not _job_alive(f"sms-{message_id}")]
    if candidates:
        db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(candidates)).values(queued_at=now)
                           .execution_options(synchronize_session=False))
    db.session.commit()
    queued = queue_outbox(list(due)) if due else 0
    stuck_before = now - timedelta(seconds=cfg["OUTBOX_STUCK_SECONDS"])
    stuck = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < stuck_before)
        .limit(_BATCH)).all()
    settled = sum(_settle_interrupted_send(message) for message in stuck)
    return {"sms_queued": queued, "sms_settled": settled}


def _job_alive(job_id: str) -> bool:
    try:
        return job_is_alive(queues.connection, job_id)
    except RedisError:
        return False  # queuing will fail too, and be tried again at the next sweep


def _settle_interrupted_send(message: OutboxMessage) -> bool:
    """A worker died mid-send: ask Twilio whether the SMS went out; sent if so, pending again if not."""
    try:
        sid = telephony.find_delivered(message.to_number, message.body, message.claimed_at - timedelta(seconds=5))
    except Exception as exc:  # Twilio unreachable: decide at the next sweep rather than risk a second SMS
        log.warning("SMS %s: cannot check an interrupted send yet (%s)", message.id, type(exc).__name__)
        db.session.rollback()
        return False
    if sid:
        moved = _move(message.id, SENDING, SENT, provider_sid=sid, sent_at=utcnow())
    else:
        moved = _move(message.id, SENDING, PENDING, next_attempt_at=utcnow(), queued_at=None)
    db.session.commit()
    return moved


def outbox_counts() -> dict[str, int]:
    """How many SMS are in each status (for the board and metrics)."""
    return dict(db.session.execute(
        db.select(OutboxMessage.status, db.func.count()).group_by(OutboxMessage.status)).all())
