"""The phone simulator signs webhooks itself: on a server database it runs only when also declared a demo, and
what it books is marked as a simulator request."""

from __future__ import annotations

import pytest

from core.extensions import db
from dispatch.models import ServiceRequest
from ivr.phones import simulated_number
from ivr.simulator import simulator_allowed
from tests.ivr.conftest import SRINAGAR_PIN, Phone, add_service
from tests.security.conftest import server_app

SERVER = {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "CHECK_SERVICES_AT_START": False,
          "IVR_SIMULATOR": True}


@pytest.mark.parametrize(("switched_on", "demo", "database", "runs"), [
    (True, False, "sqlite:////tmp/x.sqlite3", True),
    (True, False, "postgresql+psycopg://db/digidost", False),
    (True, True, "postgresql+psycopg://db/digidost", True),
    (False, True, "sqlite:////tmp/x.sqlite3", False),
])
def test_the_simulator_runs_on_a_server_database_only_when_declared_a_demo(switched_on, demo, database, runs):
    assert simulator_allowed(switched_on, demo, database) is runs


def test_on_a_server_database_the_simulator_pages_are_not_found_without_the_demo_setting(app, test_config):
    server = server_app(app, {**test_config, **SERVER})
    assert server.test_client().get("/ivr/simulator").status_code == 404
    assert server.test_client().post("/ivr/simulator/webhook", json={}).status_code == 404
    demo = server_app(app, {**test_config, **SERVER, "IVR_SIMULATOR_DEMO": True})
    assert demo.test_client().get("/ivr/simulator").status_code == 200


def test_the_demo_setting_is_read_from_the_environment(tmp_path):
    from core.settings import load_settings

    assert load_settings({"IVR_SIMULATOR_DEMO": "1"}, str(tmp_path))["IVR_SIMULATOR_DEMO"] is True
    assert load_settings({}, str(tmp_path))["IVR_SIMULATOR_DEMO"] is False


def test_a_request_booked_from_the_simulator_is_marked_as_a_simulator_request(app, client):
    add_service("domicile", "Certificates")
    db.session.commit()
    token = app.config["TWILIO_AUTH_TOKEN"]
    for caller, channel in ((simulated_number(), "simulator"), ("+919906012345", "ivr")):
        phone = Phone(client, token, caller=caller)
        phone.call()
        phone.walk("1", "1", "1", "1", SRINAGAR_PIN, "1", "1")
        request = db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.citizen_phone == caller))
        assert request is not None and request.channel == channel
