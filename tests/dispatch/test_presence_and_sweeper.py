"""Presence keeps the spatial index true to the database; the sweeper brings back whatever Redis lost."""

from datetime import timedelta

import pytest
from rq import Queue

from core.clock import utcnow
from core.extensions import db, queues
from dispatch.enqueue import dispatch_job_id, enqueue_dispatch
from dispatch.index import (
    GEO_KEY,
    REBUILD_LOCK_KEY,
    agents_near,
    index_agent,
    indexed_agent_ids,
    rebuild_agent_index,
)
from dispatch.jobs import sweep
from dispatch.models import LIVE, NEW, OFFERED, WITHDRAWN, Agent, AuditEvent, Offer, ServiceRequest
from dispatch.offers import OfferUnavailable, accept_offer
from dispatch.presence import go_off_duty, go_on_duty, record_heartbeat
from tests.dispatch.conftest import SRINAGAR_GPO, lapse_dispatch_leases, north_of


def dispatch_queue() -> Queue:
    return Queue("dispatch", connection=queues.connection)


def test_going_on_duty_puts_the_agent_in_the_index_at_their_centre(place_agent):
    agent_id = place_agent(3.0)
    [(found, km)] = agents_near(*SRINAGAR_GPO, radius_km=5, count=10)
    assert found == agent_id and abs(km - 3.0) < 0.05


def test_a_heartbeat_with_a_position_moves_the_agent_in_the_index(place_agent):
    agent_id = place_agent(3.0)
    record_heartbeat(agent_id, *north_of(SRINAGAR_GPO, 30.0))
    assert agents_near(*SRINAGAR_GPO, radius_km=25, count=10) == []
    assert db.session.get(Agent, agent_id).latitude == north_of(SRINAGAR_GPO, 30.0)[0]


def test_going_off_duty_takes_the_agent_out_of_the_index(place_agent):
    agent_id = place_agent(1.0)
    go_off_duty(agent_id)
    assert indexed_agent_ids() == set()
    go_on_duty(agent_id)
    assert indexed_agent_ids() == {agent_id}


def test_going_off_duty_withdraws_the_live_offer_and_it_goes_to_the_next_agent(place_agent, new_request, run_jobs):
    nearest, next_nearest = place_agent(0.5), place_agent(2.0)
    request_id = new_request()
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request_id, Offer.state == LIVE))
    assert offer.agent_id == nearest
    go_off_duty(nearest)
    db.session.refresh(offer)
    assert offer.state == WITHDRAWN
    with pytest.raises(OfferUnavailable):
        accept_offer(offer.id, nearest)
    last = db.session.scalars(db.select(AuditEvent).where(AuditEvent.request_id == request_id)
                              .order_by(AuditEvent.id.desc())).first()
    assert (last.from_state, last.to_state, last.reason) == (OFFERED, NEW, "agent went off duty")
    run_jobs()  # queued again by going off duty, not left for the sweeper
    again = db.session.scalar(db.select(Offer).where(Offer.request_id == request_id, Offer.state == LIVE))
    assert again.agent_id == next_nearest


def test_an_agent_back_on_duty_may_be_offered_a_request_withdrawn_from_them(place_agent, new_request, run_jobs):
    agent_id = place_agent(0.5)
    request_id = new_request()
    run_jobs()
    go_off_duty(agent_id)
    run_jobs()  # nobody else: the request waits, flagged
    go_on_duty(agent_id)  # wakes the requests waiting in range
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request_id, Offer.state == LIVE))
    assert offer is not None and offer.agent_id == agent_id


def test_the_sweeper_drops_agents_whose_heartbeat_went_stale(app, place_agent):
    fresh, stale = place_agent(1.0), place_agent(2.0)
    rebuild_agent_index()
    two_minutes_ago = utcnow() - timedelta(minutes=2)
    agent = db.session.get(Agent, stale)
    agent.last_seen_at = two_minutes_ago
    db.session.commit()
    index_agent(agent)  # as the index stood when the heartbeat stopped
    app.config["PRESENCE_STALE_SECONDS"] = 60
    assert sweep()["dropped_stale"] == 1
    assert indexed_agent_ids() == {fresh}


def test_the_index_rebuilt_from_the_database_holds_exactly_the_dispatchable_agents(place_agent):
    on_duty = place_agent(1.0)
    place_agent(2.0, on_duty=False)
    inactive = place_agent(3.0)
    db.session.get(Agent, inactive).active = False
    db.session.commit()
    queues.connection.delete(GEO_KEY)
    assert rebuild_agent_index() == 1
    assert indexed_agent_ids() == {on_duty}


def test_a_dispatch_after_redis_lost_the_index_rebuilds_it_first(place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0)
    queues.connection.flushdb()
    request_id = new_request()
    run_jobs()
    assert indexed_agent_ids() == {agent_id}
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request_id).state == OFFERED


def test_a_second_enqueue_while_the_dispatch_job_waits_is_a_no_op(new_request):
    request_id = new_request()  # queued once by create_request
    assert enqueue_dispatch(request_id) is False
    assert dispatch_queue().get_job_ids().count(dispatch_job_id(request_id)) == 1


def test_the_sweeper_requeues_a_request_whose_job_was_lost(place_agent, new_request, run_jobs):
    place_agent(1.0)
    request_id = new_request()
    dispatch_queue().empty()  # the job is gone, the needs-dispatch mark in the database is not
    assert sweep()["due"] == 0, "not before its lease runs out"
    lapse_dispatch_leases()
    summary = sweep()
    assert (summary["due"], summary["queued"]) == (1, 1)
    assert sweep()["queued"] == 0, "a second sweep finds the job waiting"
    run_jobs()
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request_id).state == OFFERED


def test_the_sweeper_requeues_a_job_marked_started_by_a_worker_that_died(new_request):
    request_id = new_request()
    job = dispatch_queue().fetch_job(dispatch_job_id(request_id))
    dispatch_queue().remove(job)
    # What a SIGKILLed worker leaves behind: the job says "started", and its heartbeat stopped long ago.
    job.set_status("started")
    queues.connection.hset(job.key, "last_heartbeat", "2020-01-01T00:00:00.000000Z")
    lapse_dispatch_leases()
    assert sweep()["queued"] == 1
    assert dispatch_job_id(request_id) in dispatch_queue().get_job_ids()


def test_sweeping_twice_changes_nothing_more_than_sweeping_once(place_agent, new_request, run_jobs):
    place_agent(1.0)
    place_agent(2.0)
    request_id = new_request()
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request_id))
    offer.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert sweep()["expired"] == 1
    assert sweep()["expired"] == 0
    run_jobs()
    live = db.session.scalars(db.select(Offer).where(Offer.request_id == request_id, Offer.state == LIVE)).all()
    assert len(live) == 1 and live[0].id != offer.id


def test_a_request_is_committed_with_its_needs_dispatch_mark_before_any_job_runs(services):
    from dispatch.requests import NewRequest, create_request

    request = create_request(NewRequest(service_code="domicile", pin_code="190001", citizen_phone="+919800000001"))
    db.session.remove()
    stored = db.session.get(ServiceRequest, request.id)
    assert (stored.state, stored.needs_dispatch) == (NEW, True)
    assert dispatch_job_id(request.id) in dispatch_queue().get_job_ids()


def test_while_another_process_rebuilds_the_index_a_request_waits_instead_of_being_escalated(
        place_agent, new_request, run_jobs):
    agent_id = place_agent(0.5)
    queues.connection.set(REBUILD_LOCK_KEY, "another-process", ex=60)  # the index is missing and being built
    assert rebuild_agent_index() is None  # only one rebuild at a time
    request_id = new_request()
    run_jobs()
    request = db.session.get(ServiceRequest, request_id)
    assert (request.state, request.needs_dispatch, request.escalation_reason) == (NEW, True, None)
    assert sweep()["rebuilt"] is None
    run_jobs()
    assert db.session.get(ServiceRequest, request_id).state == NEW
    queues.connection.delete(REBUILD_LOCK_KEY)  # the other rebuild ended (or its lock timed out)
    lapse_dispatch_leases()
    sweep()
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request_id, Offer.state == LIVE))
    assert offer is not None and offer.agent_id == agent_id
    assert queues.connection.get(REBUILD_LOCK_KEY) is None  # released after the rebuild


def test_a_backlog_found_by_the_sweeper_goes_out_in_batch_jobs_and_every_request_is_offered(
        place_agent, new_request, run_jobs):
    agents = {place_agent(0.1 * n) for n in range(1, 31)}
    requests = [new_request() for _ in range(30)]
    dispatch_queue().empty()  # an outage lost every job: only the rows are left
    lapse_dispatch_leases()
    summary = sweep()
    assert (summary["due"], summary["queued"]) == (30, 30)
    jobs = dispatch_queue().get_jobs()
    assert [job.func_name for job in jobs] == ["dispatch.jobs.dispatch_requests"] * 2
    assert sorted(sum((job.args[0] for job in jobs), [])) == sorted(requests)
    assert sweep()["due"] == 0, "leased: not queued again while the batches wait"
    run_jobs()
    db.session.expire_all()
    offers = db.session.scalars(db.select(Offer).where(Offer.state == LIVE)).all()
    assert sorted(offer.request_id for offer in offers) == sorted(requests)
    assert {offer.agent_id for offer in offers} == agents, "one offer per agent, each request to another agent"


def test_a_request_gone_from_a_batch_is_passed_over_and_the_others_are_dispatched(place_agent, new_request, app):
    from dispatch.jobs import dispatch_requests

    place_agent(1.0)
    place_agent(2.0)
    first, second = new_request(), new_request()
    assert dispatch_requests([first, 10**9, second]) == 2  # an id that no longer exists is passed over
    db.session.expire_all()
    assert {db.session.get(ServiceRequest, r).state for r in (first, second)} == {OFFERED}
