"""The phone simulator: a whole call through the same webhooks, signed like Twilio, without a Twilio account."""

from __future__ import annotations

import re

import phonenumbers
import pytest

from core.extensions import db
from dispatch.models import ServiceRequest
from ivr.phones import e164, is_simulated
from tests.ivr.conftest import CALLER, SRINAGAR_PIN


class Simulator:
    """One browser session on the simulator page: its CSRF token and the caller number it was given."""

    def __init__(self, client):
        self.client = client
        page = client.get("/ivr/simulator")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        self.token = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)
        self.caller = re.search(r'id="sim-from">([^<]+)<', html).group(1)

    def post(self, target: str, **params):
        return self.client.post("/ivr/simulator/webhook", json={"target": target, "params": params},
                                headers={"X-CSRFToken": self.token})

    def __call__(self, target: str, **params):
        answer = self.post(target, **params)
        assert answer.status_code == 200, answer.status_code
        return answer.json

    def outbox(self, phone: str = "") -> list[dict]:
        return self.client.get(f"/ivr/simulator/outbox?phone={phone}").json


@pytest.fixture
def simulator(app, client):
    app.config["IVR_SIMULATOR"] = True
    return Simulator(client)


def test_the_simulator_page_has_a_keypad_and_no_third_party_assets(client):
    html = client.get("/ivr/simulator").get_data(as_text=True)
    assert html.count('class="key"') == 12
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_a_whole_call_can_be_made_from_the_simulator_and_the_sms_shows_in_its_outbox(
        small_catalogue, simulator, client, run_jobs):
    call = {"CallSid": "CAsimulated"}
    answer = simulator("/ivr/voice", **call)
    assert answer["status"] == 200 and answer["gather"]["numDigits"] == "1"
    assert [s["language"] for s in answer["speech"]] == ["en-IN", "hi-IN", "ur-IN", "hi-IN"]
    for digits in ("2", "1", "1", "1", SRINAGAR_PIN + "#", "1", "1"):
        answer = simulator(answer["gather"]["action"], Digits=digits, **call)
    assert answer["ended"] and "अनुरोध नंबर" in answer["speech"][0]["text"]
    number = db.session.scalar(db.select(ServiceRequest.number))
    run_jobs()
    assert db.session.scalar(db.select(ServiceRequest.citizen_phone)) == simulator.caller
    outbox = simulator.outbox()
    assert number in outbox[0]["body"] and outbox[0]["sender"] == "JKGOVT"


def test_the_simulator_refuses_to_sign_anything_but_the_ivr_webhooks(simulator, client):
    page = client.get("/ivr/simulator").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    answer = client.post("/ivr/simulator/webhook", json={"target": "/agents/login", "params": {}},
                         headers={"X-CSRFToken": token})
    assert answer.status_code == 400


def test_the_simulator_endpoint_requires_the_pages_csrf_token(client):
    answer = client.post("/ivr/simulator/webhook", json={"target": "/ivr/voice", "params": {"CallSid": "CA1"}})
    assert answer.status_code == 400


@pytest.mark.parametrize("method, path", [("get", "/ivr/simulator"), ("post", "/ivr/simulator/webhook"),
                                          ("get", f"/ivr/simulator/outbox?phone={CALLER}")])
def test_every_simulator_route_is_not_found_when_the_simulator_is_configured_off(client, app, method, path):
    app.config["IVR_SIMULATOR"] = False
    answer = getattr(client, method)(path, json={"target": "/ivr/voice", "params": {"CallSid": "CAsim1"}})
    assert answer.status_code == 404


def test_the_simulator_is_off_by_default_once_a_real_database_is_configured(tmp_path):
    from core.settings import load_settings

    real = load_settings({"DATABASE_URL": "postgresql://db.example/digidost"}, str(tmp_path))
    demo = load_settings({}, str(tmp_path))
    assert real["IVR_SIMULATOR"] is False and demo["IVR_SIMULATOR"] is True


def test_each_browser_session_calls_from_its_own_number_in_a_range_no_real_indian_phone_has(app, client):
    app.config["IVR_SIMULATOR"] = True
    first, again, other = Simulator(client), Simulator(client), Simulator(app.test_client())
    assert first.caller == again.caller != other.caller
    for number in (first.caller, other.caller):
        assert is_simulated(number) and e164(number) == number
        parsed = phonenumbers.parse(number)
        assert parsed.country_code == 91 and not phonenumbers.is_valid_number(parsed)


def test_the_simulator_ignores_a_from_number_and_cannot_rate_a_real_citizens_visit(small_catalogue, simulator):
    from datetime import datetime

    from dispatch.requests import NewRequest, create_request
    from ivr.models import Rating

    visited = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, "en", call_sid="CAreal"))
    visited.state, visited.completed_at = "completed", datetime(2025, 1, 2)
    db.session.commit()
    answer = simulator("/ivr/sms", From=CALLER, Body="3", MessageSid="SMsim1")
    assert answer["status"] == 200
    assert db.session.scalar(db.select(db.func.count(Rating.id))) == 0


def test_a_call_from_the_simulator_is_recorded_from_the_sessions_number_whatever_from_it_sends(
        small_catalogue, simulator):
    from ivr.models import CallSession

    simulator("/ivr/voice", CallSid="CAsimfrom", From=CALLER)
    simulator("/ivr/status", CallSid="CAsimfrom", From=CALLER, CallStatus="completed")
    assert db.session.scalar(db.select(CallSession.caller)) == simulator.caller


def test_the_simulator_outbox_shows_only_the_sessions_own_sms_whatever_phone_is_asked(app, simulator):
    from core.extensions import db
    from core.outbox import stage_sms

    stage_sms(CALLER, "Visit code for a real citizen: 4321", "agent_assigned")
    stage_sms(simulator.caller, "For the simulated phone", "help")
    db.session.commit()
    assert [m["body"] for m in simulator.outbox(CALLER)] == ["For the simulated phone"]
    assert [m["body"] for m in simulator.outbox()] == ["For the simulated phone"]


def test_the_simulator_only_signs_calls_with_its_own_kind_of_call_and_message_ids(simulator):
    assert simulator.post("/ivr/step?t=1", CallSid="CA" + "0" * 32, Digits="1").status_code == 400
    assert simulator.post("/ivr/sms", MessageSid="SM" + "0" * 32, Body="1").status_code == 400


@pytest.mark.parametrize("body", [
    [],
    ["/ivr/voice", {"CallSid": "CA1"}],
    "just text",
    42,
    {"target": "/ivr/voice", "params": ["CallSid", "CA1"]},
    {"target": "/ivr/voice", "params": "CallSid=CA1"},
    {"target": ["/ivr/voice"], "params": {}},
    {"target": "/ivr/voice", "params": {"CallSid": {"nested": "object"}}},
    {"target": "/ivr/voice", "params": {"CallSid": ["CA1"]}},
])
def test_a_simulator_request_of_the_wrong_shape_is_refused_with_400_not_an_error_page(client, body):
    page = client.get("/ivr/simulator").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    answer = client.post("/ivr/simulator/webhook", json=body, headers={"X-CSRFToken": token})
    assert answer.status_code == 400
