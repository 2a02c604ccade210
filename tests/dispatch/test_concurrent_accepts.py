"""Fifty simultaneous accepts of one offer on PostgreSQL: exactly one wins, the others are told it is gone."""

import threading

import pytest

from core.extensions import db
from dispatch.models import ASSIGNED, LIVE, Agent, AuditEvent, Offer, ServiceRequest
from dispatch.offers import OfferUnavailable, accept_offer

THREADS = 50


# Row-level concurrency needs PostgreSQL (SQLite serialises writers): deselected on SQLite by tests/conftest.py.
@pytest.mark.postgresql
def test_fifty_threads_accepting_one_offer_make_exactly_one_assignment(app, place_agent, new_request, run_jobs):
    assert db.engine.dialect.name == "postgresql"
    agent_id = place_agent(0.5)
    request_id = new_request()
    run_jobs()
    offer_id = db.session.scalar(db.select(Offer.id).where(Offer.request_id == request_id, Offer.state == LIVE))
    db.session.remove()
    start = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def try_to_accept() -> None:
        with app.app_context():
            start.wait()
            try:
                accept_offer(offer_id, agent_id)
                outcomes.append("won")
            except OfferUnavailable:
                outcomes.append("unavailable")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=try_to_accept) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["unavailable"] * (THREADS - 1) + ["won"]
    request = db.session.get(ServiceRequest, request_id)
    assert (request.state, request.assigned_agent_id) == (ASSIGNED, agent_id)
    assert db.session.get(Agent, agent_id).open_jobs == 1
    assignments = db.session.scalar(db.select(db.func.count(AuditEvent.id))
                                    .where(AuditEvent.request_id == request_id, AuditEvent.to_state == ASSIGNED))
    assert assignments == 1
