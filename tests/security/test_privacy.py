"""V8 / V14 data protection: status by SMS or phone names the agent only to the applicant's number; /readyz names
what is down with details only for operators; a database failing at the end of a request never turns an answer
into a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from core.extensions import db
from core.models import OutboxMessage
from ivr.services import DatabaseLookups
from tests.ivr.conftest import Phone
from tests.security.conftest import server_app

DOWN = {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none", "CHECK_SERVICES_AT_START": False}
PUBLIC = {"REMOTE_ADDR": "203.0.113.5"}


def _status_sms(app, client, sender: str, number: str) -> str:
    Phone(client, app.config["TWILIO_AUTH_TOKEN"]).post(
        "/ivr/sms", {"From": sender, "Body": f"STATUS {number}", "MessageSid": f"SM{abs(hash(sender)):032d}"[:34]})
    return db.session.scalar(db.select(OutboxMessage.body).where(OutboxMessage.to_number == sender)
                             .order_by(OutboxMessage.id.desc()).limit(1))


def test_status_by_sms_names_the_agent_only_to_the_number_that_made_the_request(app, client, held_job):
    own = _status_sms(app, client, held_job.citizen_phone, held_job.number)
    other = _status_sms(app, client, "+919906011111", held_job.number)
    assert "Test Agent" in own and "Test Khidmat Centre" in own
    assert "Test Agent" not in other and "Test Khidmat Centre" not in other
    assert "agent has been assigned" in other


def test_status_by_phone_names_the_agent_only_to_the_applicants_number(app, held_job):
    assert DatabaseLookups(held_job.citizen_phone).request_status(held_job.number).agent == "Test Agent"
    for caller in ("+919906011111", None):
        found = DatabaseLookups(caller).request_status(held_job.number)
        assert (found.agent, found.centre, found.state) == ("", "", "assigned")


@pytest.fixture
def database_down(app, test_config):
    return server_app(app, {**test_config, **DOWN})


def test_readyz_tells_the_public_which_service_is_down_and_nothing_more(database_down):
    client = database_down.test_client()
    client.environ_base.update(PUBLIC)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "services": {"database": "down"}}
    assert "127.0.0.1" not in response.get_data(as_text=True)


def test_readyz_gives_operators_the_details_by_token_or_from_this_machine(database_down):
    database_down.config["OPS_TOKEN"] = "ops-secret-token"
    client = database_down.test_client()
    client.environ_base.update(PUBLIC)
    assert "details" not in client.get("/readyz", headers={"X-Ops-Token": "wrong"}).json
    with_token = client.get("/readyz", headers={"X-Ops-Token": "ops-secret-token"}).json
    assert "database" in with_token["details"] and with_token["details"]["database"]
    local = database_down.test_client().get("/readyz").json  # REMOTE_ADDR 127.0.0.1, no proxy
    assert "database" in local["details"]
    via_proxy = database_down.test_client().get("/readyz", headers={"X-Forwarded-For": "203.0.113.5"}).json
    assert "details" not in via_proxy


def test_a_database_failing_at_the_end_of_a_request_does_not_turn_the_answer_into_a_500(app, test_config):
    web = server_app(app, test_config)
    with web.app_context():
        engine = db.engine

    def connection_lost(connection) -> None:
        raise OperationalError("ROLLBACK", {}, Exception("server closed the connection unexpectedly"))

    client = web.test_client()
    assert client.get("/fees").status_code == 200
    event.listen(engine, "rollback", connection_lost)
    try:
        assert client.get("/fees").status_code == 200
    finally:
        event.remove(engine, "rollback", connection_lost)
