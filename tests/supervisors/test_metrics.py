"""Prometheus metrics at /metrics: only for operators, figures read from the database and Redis at scrape time,
and latency histograms of the IVR webhooks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.extensions import db
from core.models import FAILED, SENT, OutboxMessage
from dispatch.matching import NO_AGENT_IN_RANGE
from dispatch.offers import escalate
from dispatch.requests import NewRequest, create_request
from tests.ivr.conftest import Phone

ROOT = Path(__file__).resolve().parents[2]
OUTSIDER = {"REMOTE_ADDR": "203.0.113.9"}
OPS_TOKEN = "ops-token-for-tests-0123456789"


@pytest.fixture
def ops_app(app):
    app.config["OPS_TOKEN"] = OPS_TOKEN
    return app


def scrape(client) -> dict[tuple[str, tuple], float]:
    """Every sample of the exposition, keyed by (name, sorted labels)."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples}


def citizen_request(number: int):
    return create_request(NewRequest(service_code="domicile", pin_code="190001",
                                     citizen_phone=f"+91987650{number:04d}"))


def test_metrics_are_refused_to_an_outside_address_without_the_operations_token(ops_app, client):
    assert client.get("/metrics", environ_base=OUTSIDER).status_code == 404
    wrong = client.get("/metrics", environ_base=OUTSIDER, headers={"X-Ops-Token": "guess"})
    assert wrong.status_code == 404


def test_metrics_are_refused_through_a_proxy_even_from_loopback(ops_app, client):
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404


def test_metrics_are_served_to_the_operations_token_and_to_this_machine(ops_app, client):
    with_token = client.get("/metrics", environ_base=OUTSIDER, headers={"X-Ops-Token": OPS_TOKEN})
    assert with_token.status_code == 200 and b"digidost_requests" in with_token.data
    assert with_token.headers["Cache-Control"] == "no-store"
    assert client.get("/metrics").status_code == 200, "loopback, no proxy in between"


def test_requests_sms_and_queue_lengths_are_counted_from_the_database_and_redis(ops_app, catalogue, client):
    made = [citizen_request(n) for n in range(3)]
    escalate(made[0].id, NO_AGENT_IN_RANGE)
    db.session.add_all([
        OutboxMessage(to_number="+919876500100", sender="JKGOVT", body="sent one", status=SENT),
        OutboxMessage(to_number="+919876500101", sender="JKGOVT", body="failed one", status=FAILED, attempts=5),
    ])
    db.session.commit()

    samples = scrape(client)

    assert samples[("digidost_requests", (("state", "new"),))] == 2
    assert samples[("digidost_requests", (("state", "unassigned"),))] == 1
    assert samples[("digidost_requests", (("state", "completed"),))] == 0
    assert samples[("digidost_escalations", (("reason", NO_AGENT_IN_RANGE),))] == 1
    # Each request's confirmation SMS waits in the outbox; the two rows added by hand have their own status.
    assert samples[("digidost_sms", (("status", "pending"),))] == 3
    assert samples[("digidost_sms", (("status", "sent"),))] == 1
    assert samples[("digidost_sms", (("status", "failed"),))] == 1
    assert samples[("digidost_sms", (("status", "sending"),))] == 0
    assert samples[("digidost_offers", (("outcome", "live"),))] == 0
    # create_request queued one dispatch job and one SMS job per request; nothing has run them.
    assert samples[("digidost_queue_length", (("queue", "dispatch"),))] == 3
    assert samples[("digidost_queue_length", (("queue", "notify"),))] == 3
    assert samples[("digidost_queue_length", (("queue", "default"),))] == 0
    assert samples[("digidost_redis_up", ())] == 1


def test_offers_are_counted_by_outcome_once_dispatch_has_run(ops_app, make_agent, offered, client):
    make_agent()
    offered()
    samples = scrape(client)
    assert samples[("digidost_offers", (("outcome", "live"),))] == 1
    assert samples[("digidost_offers", (("outcome", "accepted"),))] == 0
    assert samples[("digidost_requests", (("state", "offered"),))] == 1
    assert samples[("digidost_queue_length", (("queue", "dispatch"),))] == 0, "the jobs have run"


def test_each_ivr_webhook_call_adds_to_its_latency_histogram(ops_app, client):
    def calls(webhook: str) -> float:
        return scrape(client).get(("digidost_ivr_webhook_seconds_count", (("webhook", webhook),)), 0)

    voice_before, status_before = calls("voice"), calls("status")
    phone = Phone(client, ops_app.config["TWILIO_AUTH_TOKEN"], caller="+919906055501")
    phone.call()
    assert phone.response.status_code == 200
    phone.hang_up()

    assert calls("voice") == voice_before + 1
    assert calls("status") == status_before + 1
    samples = scrape(client)
    infinite = samples[("digidost_ivr_webhook_seconds_bucket", (("le", "+Inf"), ("webhook", "voice")))]
    assert infinite == samples[("digidost_ivr_webhook_seconds_count", (("webhook", "voice"),))]


def test_an_unsigned_webhook_is_timed_too(ops_app, client):
    before = scrape(client).get(("digidost_ivr_webhook_seconds_count", (("webhook", "sms"),)), 0)
    refused = client.post("/ivr/sms", data={"From": "+919906055502", "Body": "STATUS", "MessageSid": "SM1"})
    assert refused.status_code == 403
    after = scrape(client)[("digidost_ivr_webhook_seconds_count", (("webhook", "sms"),))]
    assert after == before + 1


def test_with_a_multiprocess_folder_the_latency_of_every_worker_process_is_added_up(ops_app, client, tmp_path):
    """Two processes (as two gunicorn workers would) time webhooks into the shared folder; one scrape sums them."""
    record = "from supervisors.metrics import WEBHOOK_SECONDS; WEBHOOK_SECONDS.labels('step').observe(0.2)"
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _worker in range(2):
        subprocess.run([sys.executable, "-c", record], cwd=ROOT, env=environment, check=True, timeout=60)
    ops_app.config["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path)
    samples = scrape(client)
    assert samples[("digidost_ivr_webhook_seconds_count", (("webhook", "step"),))] == 2
    assert samples[("digidost_ivr_webhook_seconds_sum", (("webhook", "step"),))] == pytest.approx(0.4)
    assert ("digidost_requests", (("state", "new"),)) in samples, "the database's figures as well"
