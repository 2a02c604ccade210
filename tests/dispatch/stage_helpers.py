"""Helpers of the application-stage and appeal tests: a controlled clock and a filed application."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import update

from core.extensions import db
from core.models import OutboxMessage
from dispatch.models import VISITING, Agent, ServiceRequest
from dispatch.requests import NewRequest, create_request
from dispatch.visits import complete_request

CLOCK_MODULES = ("dispatch.appeals", "dispatch.applications", "dispatch.visits", "dispatch.requests",
                 "supervisors.board", "supervisors.requests_views", "supervisors.application_views")


class Clock:
    """Today in J&K, set by the test; utcnow() is noon of that day, local time."""

    def __init__(self, monkeypatch, today: date):
        self.monkeypatch = monkeypatch
        self.set(today)

    def set(self, today: date) -> None:
        self.today = today
        import sys

        noon = datetime.combine(today, time(12)).replace(tzinfo=ZoneInfo("Asia/Kolkata"))
        now = noon.astimezone(UTC).replace(tzinfo=None)
        for name in CLOCK_MODULES:
            module = sys.modules.get(name)  # imported by create_app; patched where it is used
            if module is None:
                continue
            if hasattr(module, "utcnow"):
                self.monkeypatch.setattr(module, "utcnow", lambda now=now: now)
            if hasattr(module, "local_today"):
                self.monkeypatch.setattr(module, "local_today", lambda *_a, today=today: today)

    def advance(self, days: int) -> date:
        self.set(self.today + timedelta(days=days))
        return self.today


def filed_application(agent_id: int, language: str = "en", service_code: str = "domicile",
                      phone: str = "+919812345678", application: str = "DOM/2026/1") -> ServiceRequest:
    """A request visited and completed by the agent: its application filed (through complete_request)."""
    request = create_request(NewRequest(service_code=service_code, pin_code="190001", citizen_phone=phone,
                                        language=language))
    db.session.execute(update(ServiceRequest).where(ServiceRequest.id == request.id)
                       .values(state=VISITING, assigned_agent_id=agent_id, needs_dispatch=False))
    db.session.execute(update(Agent).where(Agent.id == agent_id).values(open_jobs=Agent.open_jobs + 1))
    db.session.commit()
    db.session.expire_all()
    complete_request(request.id, agent_id, application, db.session.get(ServiceRequest, request.id).total_fee)
    db.session.expire_all()
    return db.session.get(ServiceRequest, request.id)


def sms_of(request_id: int, template: str | None = None) -> list[OutboxMessage]:
    """The SMS staged for a request (of one template), oldest first."""
    query = db.select(OutboxMessage).where(OutboxMessage.request_id == request_id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return list(db.session.scalars(query.order_by(OutboxMessage.id)))


def fee(value: str) -> Decimal:
    return Decimal(value)
