"""The phone simulator: a whole call through the same webhooks, signed like Twilio, without a Twilio account."""

from __future__ import annotations

import re

import pytest

from core.extensions import db
from dispatch.models import ServiceRequest
from tests.ivr.conftest import CALLER, SRINAGAR_PIN


@pytest.fixture
def simulator(client):
    page = client.get("/ivr/simulator")
    assert page.status_code == 200
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.get_data(as_text=True)).group(1)

    def step(target: str, **params):
        answer = client.post("/ivr/simulator/webhook", json={"target": target, "params": params},
                             headers={"X-CSRFToken": token})
        assert answer.status_code == 200, answer.status_code
        return answer.json

    return step


def test_the_simulator_page_has_a_keypad_and_no_third_party_assets(client):
    html = client.get("/ivr/simulator").get_data(as_text=True)
    assert html.count('class="key"') == 12
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_a_whole_call_can_be_made_from_the_simulator_and_the_sms_shows_in_its_outbox(
        small_catalogue, simulator, client, run_jobs):
    call = {"CallSid": "CAsimulated", "From": CALLER}
    answer = simulator("/ivr/voice", **call)
    assert answer["status"] == 200 and answer["gather"]["numDigits"] == "1"
    assert [s["language"] for s in answer["speech"]] == ["en-IN", "hi-IN"]
    for digits in ("2", "1", "1", "1", SRINAGAR_PIN + "#", "1", "1"):
        answer = simulator(answer["gather"]["action"], Digits=digits, **call)
    assert answer["ended"] and "अनुरोध नंबर" in answer["speech"][0]["text"]
    number = db.session.scalar(db.select(ServiceRequest.number))
    run_jobs()
    outbox = client.get(f"/ivr/simulator/outbox?phone={CALLER}").json
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


def test_the_simulator_is_off_when_configured_off(client, app):
    app.config["IVR_SIMULATOR"] = False
    assert client.get("/ivr/simulator").status_code == 404


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
