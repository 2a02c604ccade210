"""Dispatch tables: centres, agents, requests, offers and the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.extensions import db
from fees.models import Money, Service

# Request states
NEW, OFFERED, ASSIGNED, VISITING, COMPLETED, CANCELLED, UNASSIGNED = (
    "new", "offered", "assigned", "visiting", "completed", "cancelled", "unassigned",
)
OPEN_STATES = (NEW, OFFERED, ASSIGNED, VISITING, UNASSIGNED)
WAITING_STATES = (NEW, UNASSIGNED)  # nobody holds or is offered the request: dispatch looks while needs_dispatch
HELD_STATES = (ASSIGNED, VISITING)  # an agent holds the job

# Offer states
LIVE, ACCEPTED, DECLINED, EXPIRED, WITHDRAWN = "live", "accepted", "declined", "expired", "withdrawn"


class Centre(db.Model):
    """A CSC or Khidmat Centre: a fixed place an agent works from."""

    __tablename__ = "centre"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(20), default="CSC")  # CSC | Khidmat
    pin_code: Mapped[str] = mapped_column(String(6))
    district: Mapped[str] = mapped_column(String(60), index=True)
    latitude: Mapped[float]
    longitude: Mapped[float]


class Agent(db.Model):
    """A VLE as a dispatchable resource: where they are, whether on duty, what they may do."""

    __tablename__ = "agent"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    centre_id: Mapped[int] = mapped_column(ForeignKey("centre.id"), index=True)
    district: Mapped[str] = mapped_column(String(60), index=True)
    on_duty: Mapped[bool] = mapped_column(default=False)
    last_seen_at: Mapped[datetime | None]
    latitude: Mapped[float]
    longitude: Mapped[float]
    capacity: Mapped[int] = mapped_column(default=3)
    open_jobs: Mapped[int] = mapped_column(default=0)  # jobs held (assigned + visiting); kept by the transitions
    service_codes: Mapped[list | None] = mapped_column(JSON)  # None: every service
    idle_since: Mapped[datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(default=True)

    centre: Mapped[Centre] = relationship()

    def may_do(self, service_code: str) -> bool:
        """Whether the agent is allowed to deliver this service."""
        return self.service_codes is None or service_code in self.service_codes


class ServiceRequest(db.Model):
    """A citizen's doorstep request: the system of record for its state."""

    __tablename__ = "service_request"
    __table_args__ = (
        Index("ix_request_needs_dispatch", "needs_dispatch", "state"),
        Index("ix_request_state_created", "state", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(12), unique=True)
    service_code: Mapped[str] = mapped_column(ForeignKey("service.code"), index=True)
    state: Mapped[str] = mapped_column(String(12), default=NEW)
    needs_dispatch: Mapped[bool] = mapped_column(default=True)
    attempts: Mapped[int] = mapped_column(default=0)
    citizen_phone: Mapped[str] = mapped_column(String(20), index=True)
    citizen_name: Mapped[str] = mapped_column(String(120), default="")
    language: Mapped[str] = mapped_column(String(2), default="en")
    channel: Mapped[str] = mapped_column(String(12), default="ivr")
    call_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    pin_code: Mapped[str] = mapped_column(String(6))
    locality: Mapped[str] = mapped_column(String(120))
    district: Mapped[str] = mapped_column(String(60), index=True)
    latitude: Mapped[float]
    longitude: Mapped[float]
    # The fee in force when the citizen confirmed: locked, never recomputed.
    fee_notification_id: Mapped[int] = mapped_column(ForeignKey("fee_notification.id"))
    government_fee: Mapped[Decimal] = mapped_column(Money)
    service_fee: Mapped[Decimal] = mapped_column(Money)
    agent_share: Mapped[Decimal] = mapped_column(Money)
    psga_due_on: Mapped[date]
    assigned_agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), index=True)
    visit_code: Mapped[str] = mapped_column(String(4), default="")
    visit_code_failures: Mapped[int] = mapped_column(default=0)
    application_number: Mapped[str | None] = mapped_column(String(60))
    fee_collected: Mapped[Decimal | None] = mapped_column(Money)
    fee_flag_reason: Mapped[str | None] = mapped_column(Text)
    # Flags the request for supervisors (no agent in range, all declined, documents missing); dispatch keeps trying
    # unless the reason needs a person (documents missing: needs_dispatch is off until a supervisor re-dispatches).
    escalation_reason: Mapped[str | None] = mapped_column(String(40))
    next_dispatch_at: Mapped[datetime | None]  # a waiting request is searched again from this moment (backoff)
    wait_rounds: Mapped[int] = mapped_column(default=0)  # searches in a row that found nobody free
    waiting_notified_at: Mapped[datetime | None]  # when the citizen was told they are still waiting (once)
    offers_reset_at: Mapped[datetime | None]  # a supervisor re-dispatched: earlier expiries no longer count
    cancel_reason: Mapped[str | None] = mapped_column(String(40))  # why the last agent gave the job back
    appealed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    assigned_at: Mapped[datetime | None]
    visit_started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    service: Mapped[Service] = relationship()
    assigned_agent: Mapped[Agent | None] = relationship()

    @property
    def total_fee(self) -> Decimal:
        """What the citizen pays: the notified service fee plus the government fee."""
        return self.service_fee + self.government_fee


class Offer(db.Model):
    """One exclusive offer of a request to one agent, live until accepted, declined or expired."""

    __tablename__ = "offer"
    __table_args__ = (
        # At most one live offer per request, enforced by the database itself.
        Index("uq_offer_live_per_request", "request_id", unique=True,
              sqlite_where=text("state = 'live'"), postgresql_where=text("state = 'live'")),
        # An agent decides on one offer at a time.
        Index("uq_offer_live_per_agent", "agent_id", unique=True,
              sqlite_where=text("state = 'live'"), postgresql_where=text("state = 'live'")),
        Index("ix_offer_state_expires", "state", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"), index=True)
    state: Mapped[str] = mapped_column(String(10), default=LIVE)
    distance_km: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    reason: Mapped[str | None] = mapped_column(String(200))
    offered_by: Mapped[str | None] = mapped_column(String(60))  # "supervisor:<id>" when chosen by a person

    request: Mapped[ServiceRequest] = relationship()
    agent: Mapped[Agent] = relationship()


class AuditEvent(db.Model):
    """One state change of a request: who moved it, from what, to what, and why."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), index=True)
    from_state: Mapped[str] = mapped_column(String(12))
    to_state: Mapped[str] = mapped_column(String(12))
    actor: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
