"""IVR fixtures: a small catalogue with notified fees, and a phone that calls the webhooks signed like Twilio."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from datetime import datetime
from decimal import Decimal

import pytest
from twilio.request_validator import RequestValidator

from core.extensions import db
from fees.models import FeeEntry, FeeNotification, Service

CALLER = "+919906012345"
SRINAGAR_PIN = "190001"


@pytest.fixture(autouse=True)
def _test_database_declared_a_demo(request):
    """The test database may be PostgreSQL, where the simulator also needs IVR_SIMULATOR_DEMO (the guard itself is
    tested in tests/security)."""
    if "app" in request.fixturenames:
        request.getfixturevalue("app").config["IVR_SIMULATOR_DEMO"] = True


def add_service(code: str, category: str, *, service_fee="50", government_fee="30", documents=None, order=0):
    """A catalogue service with names in all three languages and a fee under the notification in force."""
    service = Service(code=code, department="Revenue Department", category=category,
                      name_en=f"{code.replace('_', ' ').title()}", name_hi=f"{code} प्रमाण पत्र",
                      name_ur=f"{code} سند", psga_days=15, sort_order=order,
                      documents=documents if documents is not None else
                      [{"en": "Aadhaar card", "hi": "आधार कार्ड", "ur": "آدھار کارڈ"}])
    db.session.add(service)
    notification = db.session.scalar(db.select(FeeNotification).where(FeeNotification.number == "IVR-TEST-1"))
    if notification is None:
        notification = FeeNotification(number="IVR-TEST-1", issued_on=datetime(2025, 1, 1).date(),
                                       issued_by="IT Department", effective_from=datetime(2025, 1, 1))
        db.session.add(notification)
        db.session.flush()
    db.session.add(FeeEntry(notification_id=notification.id, service_code=code,
                            government_fee=Decimal(government_fee), service_fee=Decimal(service_fee),
                            agent_share=Decimal("40"), government_share=Decimal(service_fee) - Decimal("40")))
    db.session.commit()
    return service


@pytest.fixture
def small_catalogue(app):
    """Two categories: Certificates with ten services (two menu pages), Land & revenue with one."""
    add_service("domicile", "Certificates", order=1)
    for index in range(2, 11):
        add_service(f"certificate_{index:02d}", "Certificates", order=index)
    add_service("land_records", "Land & revenue", documents=[], service_fee="50.50", government_fee="0")
    return app


class Phone:
    """A caller on a keypad phone: each step is a webhook POST signed exactly as Twilio signs it."""

    _sids = itertools.count(1)

    def __init__(self, client, token: str, caller: str | None = CALLER, call_sid: str | None = None):
        self.client = client
        self.token = token
        self.caller = caller
        self.call_sid = call_sid or f"CAtest{next(self._sids):026d}"
        self.response = None
        self.twiml: ET.Element | None = None

    def post(self, path: str, params: dict, signed: bool = True):
        headers = {}
        if signed:
            headers["X-Twilio-Signature"] = RequestValidator(self.token).compute_signature(
                f"http://localhost{path}", params)
        self.response = self.client.post(path, data=params, headers=headers)
        if self.response.status_code == 200 and self.response.mimetype == "text/xml":
            self.twiml = ET.fromstring(self.response.get_data(as_text=True))
        return self.response

    def params(self, **extra) -> dict:
        values = {"CallSid": self.call_sid, "AccountSid": "ACtest", "To": "+911447", "CallStatus": "in-progress"}
        if self.caller is not None:
            values["From"] = self.caller
        values.update(extra)
        return values

    def call(self) -> ET.Element:
        self.post("/ivr/voice", self.params())
        return self.twiml

    def press(self, digits: str) -> ET.Element:
        self.post(self.action, self.params(Digits=digits))
        return self.twiml

    def keep_silent(self) -> ET.Element:
        return self.press("")

    def hang_up(self, status: str = "completed"):
        return self.post("/ivr/status", self.params(CallStatus=status))

    @property
    def action(self) -> str:
        return self.twiml.find("./Gather").get("action")

    @property
    def heard(self) -> str:
        """Everything said or played in the last answer, as one text."""
        return " ".join((verb.text or "").strip() for verb in self.twiml.iter() if verb.tag in ("Say", "Play"))

    def walk(self, *keys: str) -> ET.Element:
        for key in keys:
            self.press(key)
        return self.twiml


@pytest.fixture
def phone(client, app):
    """A fresh caller on a fresh call."""
    return Phone(client, app.config["TWILIO_AUTH_TOKEN"])


@pytest.fixture
def new_phone(client, app):
    """Make further callers (or a second call from the same caller)."""

    def make(caller: str | None = CALLER, call_sid: str | None = None) -> Phone:
        return Phone(client, app.config["TWILIO_AUTH_TOKEN"], caller, call_sid)

    return make
