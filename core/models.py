"""Tables owned by the shared base: the SMS outbox."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.extensions import db

# An SMS's life: pending (written with the state change that causes it) → sending (a job claimed it) → sent;
# back to pending with a later next_attempt_at when the provider failed; failed for good after the last attempt.
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"


class OutboxMessage(db.Model):
    """One SMS the system decided to send: a row first, then sent exactly once by a job that takes its id."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    to_number: Mapped[str] = mapped_column(String(20), index=True)
    sender: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    template: Mapped[str] = mapped_column(String(40), default="")
    # What caused it: a second decision to send the same message (a replayed job or webhook) adds no row.
    dedupe_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    request_id: Mapped[int | None] = mapped_column(index=True)  # the citizen's request it is about, if any
    status: Mapped[str] = mapped_column(String(12), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime | None]  # last put on the notify queue; the sweeper re-queues what a flush dropped
    claimed_at: Mapped[datetime | None]  # when the current sending attempt began
    provider: Mapped[str | None] = mapped_column(String(12))  # twilio | outbox (no credentials: kept locally)
    provider_sid: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
