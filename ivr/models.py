"""IVR tables: call sessions, callers' language choice, call-back requests and citizens' ratings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.extensions import db

OPEN, DONE = "open", "done"
# What a rating rates (RAS): the visit (asked by the receipt SMS) or the whole service once delivered.
VISIT, DELIVERY = "visit", "delivery"
MOMENTS = (VISIT, DELIVERY)
GOOD, AVERAGE, BAD = 1, 2, 3


class CallSession(db.Model):
    """One phone call: where it is in the flow, and the last answer given (replayed when Twilio retries)."""

    __tablename__ = "ivr_call_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_sid: Mapped[str] = mapped_column(String(64), unique=True)
    caller: Mapped[str | None] = mapped_column(String(20), index=True)  # E.164; None when withheld or invalid
    language: Mapped[str | None] = mapped_column(String(3))
    step: Mapped[str] = mapped_column(String(20))
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    turn: Mapped[int] = mapped_column(default=1)  # the turn the caller's next keys answer
    last_key: Mapped[str] = mapped_column(String(80), default="")  # "turn:digits" of the last answered step
    last_answer: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str | None] = mapped_column(String(20))
    request_number: Mapped[str | None] = mapped_column(String(12))
    call_status: Mapped[str] = mapped_column(String(20), default="in-progress")
    abandoned: Mapped[bool] = mapped_column(default=False)
    dropped_at_step: Mapped[str | None] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]


class CallerPreference(db.Model):
    """The language a caller chose, offered first when they call again."""

    __tablename__ = "ivr_caller_preference"

    phone: Mapped[str] = mapped_column(String(20), primary_key=True)  # E.164
    language: Mapped[str] = mapped_column(String(3))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class CallbackRequest(db.Model):
    """A caller who could not reach an operator and asked to be called back; supervisors work these."""

    __tablename__ = "ivr_callback_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)  # E.164
    language: Mapped[str] = mapped_column(String(3))
    # The district of the caller's latest request, when there is one: its district supervisor calls back;
    # callers never located are for the state-level supervisors.
    district: Mapped[str | None] = mapped_column(String(60), index=True)
    call_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(8), default=OPEN, index=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(120))
    note: Mapped[str | None] = mapped_column(Text)  # what the supervisor noted when calling back
    # A follow-up of a "bad" rating (RAS): the supervisor calls the citizen back and closes it with a note.
    rating_id: Mapped[int | None] = mapped_column(ForeignKey("ivr_rating.id"), unique=True)


class Rating(db.Model):
    """A citizen's rating, 1 good, 2 average, 3 bad: of the visit (replied to the receipt SMS) or of the service
    once delivered (replied to the delivery SMS); one of each per request."""

    __tablename__ = "ivr_rating"
    __table_args__ = (UniqueConstraint("request_id", "moment", name="uq_ivr_rating_request_moment"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"))
    moment: Mapped[str] = mapped_column(String(8), default=VISIT, server_default=VISIT)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    score: Mapped[int]
    message_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    comment: Mapped[str] = mapped_column(Text, default="")


class SmsReply(db.Model):
    """The IVR's answer to one inbound SMS, sent by a notify job that loads it by id (no number in job args)."""

    __tablename__ = "ivr_sms_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str | None] = mapped_column(String(64), unique=True)  # the inbound SMS answered
    phone: Mapped[str] = mapped_column(String(20))  # E.164
    template: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
