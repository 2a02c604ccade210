"""Fee disputes: a citizen says they paid more than the notified fee (SMS "PAID <amount>"); a supervisor decides.

    open → upheld   (the agent must refund claimed − notified; the citizen is told by SMS)
    open → rejected (with the supervisor's reason; the citizen is told by SMS)

One case per request (a second PAID for the same request is answered with the case already open or decided);
the inbound SMS's MessageSid makes a redelivered message open nothing new. Each change is a compare-and-set on the
case's state with an audit row on the request's timeline, in the transaction that stages the citizen's SMS.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from core.clock import utcnow
from core.extensions import db
from dispatch.models import Agent, AuditEvent, ServiceRequest
from dispatch.notify import stage_request_sms
from fees.models import Money

OPEN, UPHELD, REJECTED = "open", "upheld", "rejected"
DISPUTE_STATES = (OPEN, UPHELD, REJECTED)
DECISIONS = (UPHELD, REJECTED)
NOTE_LIMIT = 300  # it travels in an SMS


class FeeDispute(db.Model):
    """A citizen's claim to have paid more than the notified fee, naming the agent who visited."""

    __tablename__ = "fee_dispute"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), unique=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), index=True)
    phone: Mapped[str] = mapped_column(String(20))  # E.164, the requesting number (only it may dispute)
    claimed_amount: Mapped[Decimal] = mapped_column(Money)
    notified_fee: Mapped[Decimal] = mapped_column(Money)  # the request's locked total fee
    fee_collected: Mapped[Decimal | None] = mapped_column(Money)  # what the agent recorded
    state: Mapped[str] = mapped_column(String(8), default=OPEN, index=True)
    note: Mapped[str] = mapped_column(Text, default="")  # the supervisor's reason
    decided_by: Mapped[str | None] = mapped_column(String(120))
    message_sid: Mapped[str | None] = mapped_column(String(64), unique=True)  # the inbound SMS that opened it
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    request: Mapped[ServiceRequest] = relationship()
    agent: Mapped[Agent | None] = relationship()

    @property
    def refund(self) -> Decimal:
        """What the agent owes the citizen when the dispute is upheld."""
        return max(Decimal(0), Decimal(self.claimed_amount) - Decimal(self.notified_fee))


class DecisionRefused(Exception):
    """A decision that cannot be recorded; `code` says why (no_case is a 404)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def dispute_for_message(message_sid: str | None) -> FeeDispute | None:
    """The case an inbound SMS already opened (Twilio delivered it again), if any."""
    if not message_sid:
        return None
    return db.session.scalar(db.select(FeeDispute).where(FeeDispute.message_sid == message_sid))


def dispute_of_request(request_id: int) -> FeeDispute | None:
    """The request's fee dispute, if one was opened."""
    return db.session.scalar(db.select(FeeDispute).where(FeeDispute.request_id == request_id))


def open_dispute(request: ServiceRequest, claimed: Decimal, phone: str, message_sid: str | None) -> FeeDispute:
    """Open the request's fee dispute, audited (the caller commits); the existing one if it has one already.

    Called first in its transaction: when a parallel delivery of the same SMS wins the race, it rolls back."""
    found = dispute_for_message(message_sid) or dispute_of_request(request.id)
    if found is not None:
        return found
    dispute = FeeDispute(request_id=request.id, agent_id=request.assigned_agent_id, phone=phone,
                         claimed_amount=claimed, notified_fee=request.total_fee, fee_collected=request.fee_collected,
                         state=OPEN, message_sid=message_sid, opened_at=utcnow())
    db.session.add(dispute)
    try:
        db.session.flush()  # the unique request and MessageSid settle two deliveries at once
    except IntegrityError:
        db.session.rollback()
        return dispute_for_message(message_sid) or dispute_of_request(request.id)
    _audit(request, "citizen:sms", f"fee dispute {dispute.id} opened: paid Rs {claimed:.2f}, notified Rs "
                                   f"{Decimal(request.total_fee):.2f}")
    return dispute


def decide_dispute(dispute_id: int, decision: str, note: str, actor: str, district: str | None) -> FeeDispute:
    """Uphold or reject an open dispute with a note, once; the citizen is told by SMS; audited."""
    dispute = db.session.get(FeeDispute, dispute_id)
    if dispute is None or (district and dispute.request.district != district):
        raise DecisionRefused("no_case")
    if decision not in DECISIONS:
        raise DecisionRefused("bad_decision")
    note = " ".join((note or "").split())
    if not note:
        raise DecisionRefused("needs_note")
    if len(note) > NOTE_LIMIT:
        raise DecisionRefused("note_too_long")
    now = utcnow()
    changed = db.session.execute(
        update(FeeDispute).where(FeeDispute.id == dispute_id, FeeDispute.state == OPEN)
        .values(state=decision, note=note, decided_by=actor[:120], closed_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if changed != 1:
        db.session.rollback()
        raise DecisionRefused("already_decided")
    db.session.refresh(dispute)
    request = dispute.request
    if decision == UPHELD:
        _audit(request, actor, f"fee dispute {dispute.id} upheld: agent to refund Rs {dispute.refund:.2f}: {note}")
        stage_request_sms(request, "dispute_upheld", f"dispute-decided-{dispute.id}", case=dispute.id,
                          refund=f"{dispute.refund:.2f}", note=note)
    else:
        _audit(request, actor, f"fee dispute {dispute.id} rejected: {note}")
        stage_request_sms(request, "dispute_rejected", f"dispute-decided-{dispute.id}", case=dispute.id, note=note)
    db.session.commit()
    return dispute


def disputes(district: str | None, state: str | None = OPEN, limit: int = 200) -> list[FeeDispute]:
    """The district's disputes in a state (open oldest first, decided latest first), or all (state None)."""
    query = (db.select(FeeDispute).join(ServiceRequest, ServiceRequest.id == FeeDispute.request_id)
             .options(joinedload(FeeDispute.request).joinedload(ServiceRequest.service), joinedload(FeeDispute.agent)))
    if district:
        query = query.where(ServiceRequest.district == district)
    if state:
        query = query.where(FeeDispute.state == state)
    order = FeeDispute.opened_at if state == OPEN else FeeDispute.opened_at.desc()
    return list(db.session.scalars(query.order_by(order, FeeDispute.id).limit(limit)).unique())


def scoped_dispute(dispute_id: int, district: str | None) -> FeeDispute | None:
    """One dispute if the supervisor's district may see it."""
    dispute = db.session.get(FeeDispute, dispute_id)
    if dispute is None or (district and dispute.request.district != district):
        return None
    return dispute


def dispute_trail(dispute: FeeDispute) -> list[AuditEvent]:
    """The dispute's audit rows on its request's timeline, oldest first."""
    return list(db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.request_id == dispute.request_id,
                                    AuditEvent.reason.like(f"fee dispute {dispute.id} %"))
        .order_by(AuditEvent.at, AuditEvent.id)))


def _audit(request: ServiceRequest, actor: str, reason: str) -> None:
    db.session.add(AuditEvent(request_id=request.id, from_state=request.state, to_state=request.state,
                              actor=actor[:60], reason=reason[:200], at=utcnow()))
