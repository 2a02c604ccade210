"""Dispatch tables: centres, agents, requests, offers and the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.extensions import db
from dispatch.sms_codes import random_offer_code
from fees.models import Money, Service

# Request states
NEW, OFFERED, ASSIGNED, VISITING, COMPLETED, CANCELLED, UNASSIGNED = (
    "new", "offered", "assigned", "visiting", "completed", "cancelled", "unassigned",
)
OPEN_STATES = (NEW, OFFERED, ASSIGNED, VISITING, UNASSIGNED)
WAITING_STATES = (NEW, UNASSIGNED)  # nobody holds or is offered the request: dispatch looks while needs_dispatch
HELD_STATES = (ASSIGNED, VISITING)  # an agent holds the job

# Application stages after the visit (a column of its own, beside the request's dispatch state): the department's
# side of the statutory guarantee. None until the agent files the application (the request completes).
FILED, UNDER_PROCESS, APPROVED, REJECTED, DELIVERED = "filed", "under_process", "approved", "rejected", "delivered"
APPLICATION_STAGES = (FILED, UNDER_PROCESS, APPROVED, REJECTED, DELIVERED)
DECIDED_STAGES = (APPROVED, REJECTED, DELIVERED)  # the PSGA clock stops: no appeal follows
# How a delivered certificate reaches the citizen.
DELIVERY_MODES = ("handed_over", "digilocker", "serviceplus")
# Appeal stages under the PSGA: to the First, then the Second Appellate Authority.
FIRST_APPEAL, SECOND_APPEAL = "first", "second"

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
    language: Mapped[str] = mapped_column(String(3), default="en")
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
    appealed_at: Mapped[datetime | None]  # when the first appeal was filed (the psga_appeal rows say more)
    # The application after the visit (dispatch/applications.py): its stage, when it last changed, and the outcome.
    application_stage: Mapped[str | None] = mapped_column(String(16), index=True)
    stage_changed_at: Mapped[datetime | None]
    rejection_reason: Mapped[str | None] = mapped_column(String(200))
    delivery_mode: Mapped[str | None] = mapped_column(String(16))
    delivery_reference: Mapped[str | None] = mapped_column(String(80))
    # The PSGA clock in working days: psga_due_on is provisional (from the confirmation date) until the application
    # is filed, then counted from psga_started_on, extended by the working days the clock was paused (documents
    # missing on the citizen's side); psga_paused_since is set while a pause is running.
    psga_started_on: Mapped[date | None]
    psga_paused_since: Mapped[date | None]
    psga_paused_days: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    assigned_at: Mapped[datetime | None]
    visit_started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # On the citizen's terms (issue 13): the visit window chosen on the call (naive UTC; dispatch/visit_windows.py),
    # and the spoken landmark recorded on the call (Twilio's RecordingSid and URL, or the simulator's local file),
    # deleted LANDMARK_KEEP_DAYS after the request closes (landmark_deleted_at set, sid and URL cleared).
    visit_window_start: Mapped[datetime | None]
    visit_window_end: Mapped[datetime | None]
    landmark_recording_sid: Mapped[str | None] = mapped_column(String(64))
    landmark_recording_url: Mapped[str | None] = mapped_column(String(500))
    landmark_deleted_at: Mapped[datetime | None]

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
    # What the agent types to answer by SMS (YES K7P3), and the job's code once accepted; make_offer keeps it unique
    # among the agent's live offer and open jobs (dispatch.offer_codes), other offers get a random one.
    sms_code: Mapped[str | None] = mapped_column(String(4), default=random_offer_code)

    request: Mapped[ServiceRequest] = relationship()
    agent: Mapped[Agent] = relationship()


class AuditEvent(db.Model):
    """One state change of a request: who moved it, from what, to what, and why."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), index=True)
    # A dispatch state, or an application stage (under_process…), or an appeal (appeal_first, appeal_second).
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Appeal(db.Model):
    """An auto-appeal under the PSGA: one per request and stage (first, second), with its own number."""

    __tablename__ = "psga_appeal"
    __table_args__ = (UniqueConstraint("request_id", "stage", name="uq_psga_appeal_request_stage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), index=True)
    stage: Mapped[str] = mapped_column(String(6))  # first | second
    number: Mapped[str] = mapped_column(String(24), unique=True)  # FA-2026-000001, SA-2026-000001
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("appellate_authority.id"))
    authority_name: Mapped[str] = mapped_column(String(120), default="")  # as it was when filed
    authority_designation: Mapped[str] = mapped_column(String(120), default="")
    filed_at: Mapped[datetime] = mapped_column(default=utcnow)
    filed_on: Mapped[date]  # local date
    decide_by: Mapped[date]  # filed_on + APPEAL_PERIOD_DAYS: undecided then, the next stage follows
    closed_at: Mapped[datetime | None]  # the application was decided (approved, rejected, delivered)
    closed_reason: Mapped[str | None] = mapped_column(String(40))

    request: Mapped[ServiceRequest] = relationship()


class AppellateAuthority(db.Model):
    """Who hears appeals for a department in a district (district "" = every district without its own)."""

    __tablename__ = "appellate_authority"
    __table_args__ = (UniqueConstraint("district", "department", "level", name="uq_appellate_authority"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    district: Mapped[str] = mapped_column(String(60), default="")
    department: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(6))  # first | second
    name: Mapped[str] = mapped_column(String(120))
    designation: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Holiday(db.Model):
    """A gazetted holiday: UT-wide (district None) or for one district; statutory days skip it."""

    __tablename__ = "holiday"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(120))
    district: Mapped[str | None] = mapped_column(String(60))
    year: Mapped[int] = mapped_column(index=True)


class DepartmentToken(db.Model):
    """A department system's API key: only its SHA-256 is kept; `source` names it in audit rows."""

    __tablename__ = "department_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(40), unique=True)
    department: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
