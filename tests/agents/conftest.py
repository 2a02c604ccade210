"""Helpers for the agent console's tests: a service with a notified fee, agents with logins, requests."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from agent_helpers import PASSWORD, SERVICE_CODE, SRINAGAR

from agents.accounts import create_account
from core.extensions import db
from core.roles import AGENT, SUPERVISOR
from dispatch.models import Agent, Centre, Offer, ServiceRequest
from dispatch.offers import accept_offer
from dispatch.presence import go_on_duty
from dispatch.requests import NewRequest, create_request
from fees.models import FeeEntry, FeeNotification, Service


@pytest.fixture
def service(app) -> Service:
    """One doorstep service with a notified fee: Rs 30 government + Rs 50 service, agent share Rs 40."""
    service = Service(code=SERVICE_CODE, department="Revenue", category="certificates",
                      name_en="Domicile Certificate", name_hi="अधिवास प्रमाण पत्र", name_ur="ڈومیسائل سرٹیفکیٹ",
                      documents=[{"en": "Aadhaar card", "hi": "आधार कार्ड", "ur": "آدھار کارڈ"},
                                 {"en": "Ration card", "hi": "राशन कार्ड", "ur": "راشن کارڈ"}],
                      psga_days=15)
    notification = FeeNotification(number="TEST/2025/1", issued_on=datetime(2025, 1, 1).date(),
                                    issued_by="Test", effective_from=datetime(2025, 1, 1))
    notification.entries.append(FeeEntry(service_code=SERVICE_CODE, government_fee=Decimal("30"),
                                         service_fee=Decimal("50"), agent_share=Decimal("40"),
                                         government_share=Decimal("10")))
    db.session.add_all([service, notification])
    db.session.commit()
    return service


@pytest.fixture
def make_agent(app):
    """Create an agent (with a centre in Srinagar) and its login; return the Agent."""
    counter = iter(range(1, 100))

    def make(name: str = "", on_duty: bool = True, position: tuple[float, float] = SRINAGAR,
             district: str = "Srinagar") -> Agent:
        n = next(counter)
        centre = Centre(code=f"TEST-{n}", name=f"Test Khidmat Centre {n}", kind="Khidmat", pin_code="190001",
                        district=district, latitude=position[0], longitude=position[1])
        db.session.add(centre)
        db.session.flush()
        agent = Agent(name=name or f"Agent {n}", phone=f"+9194190{n:05d}", centre_id=centre.id, district=district,
                      latitude=position[0], longitude=position[1])
        db.session.add(agent)
        db.session.commit()
        create_account(f"agent{n}", PASSWORD, AGENT, phone=agent.phone, agent_id=agent.id, temporary=False)
        if on_duty:
            go_on_duty(agent.id)
        return agent

    return make


@pytest.fixture
def supervisor(app):
    return create_account("super1", PASSWORD, SUPERVISOR, temporary=False)


@pytest.fixture
def make_request(service):
    """Create a citizen's request through the service layer (PIN 190001, Srinagar)."""
    counter = iter(range(1, 1000))

    def make(name: str = "Rafiq Ahmad Dar") -> ServiceRequest:
        return create_request(NewRequest(service_code=SERVICE_CODE, pin_code="190001",
                                         citizen_phone=f"+9199060{next(counter):05d}", citizen_name=name))

    return make


@pytest.fixture
def offered(make_request, run_jobs):
    """A new request dispatched by the real jobs; returns its live offer."""

    def make(name: str = "Rafiq Ahmad Dar") -> Offer:
        request = make_request(name)
        run_jobs()
        offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request.id, Offer.state == "live"))
        assert offer is not None, "the request was not offered"
        return offer

    return make


@pytest.fixture
def assigned(offered):
    """A request accepted by the agent it was offered to; returns the request."""

    def make() -> ServiceRequest:
        offer = offered()
        accept_offer(offer.id, offer.agent_id)
        return db.session.get(ServiceRequest, offer.request_id)

    return make

