"""Dispatch fixtures: a small catalogue of our own, and agents placed at known distances from a citizen."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from core.clock import utcnow
from core.extensions import db
from dispatch.models import LIVE, Agent, Centre, Offer, ServiceRequest
from dispatch.presence import go_on_duty
from dispatch.requests import NewRequest, create_request
from fees.models import FeeEntry, FeeNotification, Service

SRINAGAR_GPO = (34.07208, 74.82067)  # where PIN 190001 is, per the gazetteer
KM_PER_DEGREE_LATITUDE = 110.95  # near 34° N


def north_of(point: tuple[float, float], km: float) -> tuple[float, float]:
    """A point about `km` kilometres due north of `point`."""
    return point[0] + km / KM_PER_DEGREE_LATITUDE, point[1]


@pytest.fixture
def services(app):
    """Two doorstep services with fees in force (independent of the sample catalogue)."""
    for code, days in (("domicile", 15), ("character", 20)):
        if db.session.get(Service, code) is None:
            db.session.add(Service(code=code, department="Revenue", category="certificates", name_en=code.title(),
                                   name_hi=code, name_ur=code, psga_days=days))
    notice = FeeNotification(number="TEST/DISPATCH/1", issued_on=date(2024, 1, 1), issued_by="test",
                             effective_from=datetime(2024, 1, 1))
    notice.entries = [FeeEntry(service_code=code, government_fee=Decimal("0"), service_fee=Decimal("50"),
                               agent_share=Decimal("40"), government_share=Decimal("10"))
                      for code in ("domicile", "character")]
    db.session.add(notice)
    db.session.commit()
    return app


@pytest.fixture
def place_agent(app):
    """Make an agent with a centre `km` north of the Srinagar GPO, on duty unless told otherwise."""
    made = []

    def place(km: float, *, on_duty: bool = True, capacity: int = 3, open_jobs: int = 0,
              service_codes: list[str] | None = None, idle_for_minutes: int = 0) -> int:
        number = len(made) + 1
        lat, lon = north_of(SRINAGAR_GPO, km)
        centre = Centre(code=f"TEST-{number}", name=f"Test Centre {number}", pin_code="190001",
                        district="Srinagar", latitude=lat, longitude=lon)
        agent = Agent(name=f"Agent {number}", phone=f"+9170000{number:05d}", centre=centre, district="Srinagar",
                      latitude=lat, longitude=lon, capacity=capacity, open_jobs=open_jobs,
                      service_codes=service_codes)
        db.session.add(agent)
        db.session.commit()
        if on_duty:
            go_on_duty(agent.id)
        if idle_for_minutes:
            agent.idle_since = utcnow() - timedelta(minutes=idle_for_minutes)
            db.session.commit()
        made.append(agent.id)
        return agent.id

    return place


@pytest.fixture
def new_request(services):
    """Create a citizen's request at PIN 190001 (Srinagar GPO)."""
    counter = iter(range(10_000))

    def create(service_code: str = "domicile", pin: str = "190001") -> int:
        request = create_request(NewRequest(service_code=service_code, pin_code=pin,
                                            citizen_phone=f"+91980000{next(counter):04d}"))
        return request.id

    return create


def lapse_dispatch_leases() -> None:
    """Make every waiting request due for the sweeper now (as if its lease or backoff had run out)."""
    db.session.execute(db.update(ServiceRequest).values(next_dispatch_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()

def live_offer(request_id: int) -> Offer | None:
    """The request's live offer, read afresh."""
    db.session.expire_all()
    return db.session.scalar(db.select(Offer).where(Offer.request_id == request_id, Offer.state == LIVE))


def request_row(request_id: int) -> ServiceRequest:
    """The request, read afresh."""
    db.session.expire_all()
    return db.session.get(ServiceRequest, request_id)
