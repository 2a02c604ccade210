"""SMS are outbox rows; their send jobs take only the row's id: RQ logs and stores job arguments, and phone numbers
must never appear there."""

from __future__ import annotations

import logging
from decimal import Decimal

from rq import Queue
from rq.job import Job
from rq.registry import FinishedJobRegistry

from core.extensions import db, queues
from core.models import OutboxMessage
from dispatch.models import LIVE, Agent, Offer, ServiceRequest
from dispatch.offers import accept_offer
from dispatch.visits import complete_request, start_visit


def finished_sms_jobs() -> list[Job]:
    registry = FinishedJobRegistry(queue=Queue("notify", connection=queues.connection))
    return [Job.fetch(job_id, connection=queues.connection) for job_id in registry.get_job_ids()]


def a_completed_visit(place_agent, new_request, run_jobs) -> tuple[ServiceRequest, Agent]:
    agent_id = place_agent(0.5)
    request_id = new_request()
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request_id, Offer.state == LIVE))
    accept_offer(offer.id, agent_id)
    request = db.session.get(ServiceRequest, request_id)
    start_visit(request_id, agent_id, request.visit_code)
    complete_request(request_id, agent_id, "DOM/2026/7", Decimal("50"))
    run_jobs()
    return db.session.get(ServiceRequest, request_id), db.session.get(Agent, agent_id)


def test_offer_assignment_and_receipt_sms_jobs_carry_only_the_outbox_id(place_agent, new_request, run_jobs):
    request, agent = a_completed_visit(place_agent, new_request, run_jobs)
    jobs = {job.id: job for job in finished_sms_jobs()}
    rows = {m.template: m for m in db.session.scalars(db.select(OutboxMessage))}
    assert set(rows) >= {"request_created", "offer_to_agent", "agent_assigned", "receipt"}
    for message in rows.values():
        job = jobs[f"sms-{message.id}"]
        assert job.args == (message.id,)
        assert request.citizen_phone not in job.description and agent.phone not in job.description


def test_the_registration_sms_is_committed_with_the_request_and_its_job_carries_the_row_id(new_request):
    request = db.session.get(ServiceRequest, new_request())
    message = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.request_id == request.id))
    assert (message.template, message.status, message.dedupe_key) == ("request_created", "pending",
                                                                        f"created:{request.id}")
    job = Job.fetch(f"sms-{message.id}", connection=queues.connection)
    assert job.args == (message.id,)


def test_the_worker_log_shows_no_phone_number_of_citizen_or_agent(place_agent, new_request, run_jobs, caplog):
    with caplog.at_level(logging.INFO, logger="rq.worker"):
        request, agent = a_completed_visit(place_agent, new_request, run_jobs)
    assert "notify" in caplog.text
    assert request.citizen_phone not in caplog.text
    assert agent.phone not in caplog.text


def test_the_sms_built_inside_the_jobs_carry_the_values_from_the_database(place_agent, new_request, run_jobs):
    request, agent = a_completed_visit(place_agent, new_request, run_jobs)
    sent = {m.template: m for m in db.session.scalars(db.select(OutboxMessage))}
    assert sent["offer_to_agent"].to_number == agent.phone
    assert "Domicile" in sent["offer_to_agent"].body and "0.5 km" in sent["offer_to_agent"].body
    assigned = sent["agent_assigned"]
    assert assigned.to_number == request.citizen_phone
    assert request.number in assigned.body and agent.name in assigned.body and request.visit_code in assigned.body
    receipt = sent["receipt"]
    assert receipt.to_number == request.citizen_phone
    assert "DOM/2026/7" in receipt.body and "Rs 50.00" in receipt.body and agent.centre.name in receipt.body
