"""Offers end to end with a real Redis and an RQ SimpleWorker in burst mode: who gets the offer, what happens
on decline, expiry and acceptance, and why a request is escalated."""

from datetime import timedelta

import pytest

from core.clock import utcnow
from core.extensions import db
from core.models import OutboxMessage
from dispatch.jobs import dispatch_request, sweep, sweep_due
from dispatch.matching import ALL_DECLINED, NO_AGENT_IN_RANGE, NOT_TAKEN
from dispatch.models import ASSIGNED, LIVE, NEW, OFFERED, UNASSIGNED, Agent, AuditEvent, Offer, ServiceRequest
from dispatch.offers import OfferUnavailable, accept_offer, decline_offer, expire_offer


def live_offer(request_id: int) -> Offer | None:
    db.session.expire_all()
    return db.session.scalar(db.select(Offer).where(Offer.request_id == request_id, Offer.state == LIVE))


def request_state(request_id: int) -> ServiceRequest:
    db.session.expire_all()
    return db.session.get(ServiceRequest, request_id)


def make_overdue(offer: Offer) -> None:
    offer.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def sms(template: str) -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.template == template)))


def test_a_new_request_is_offered_to_the_nearest_agent_first(place_agent, new_request, run_jobs):
    far, near, middle = place_agent(4.0), place_agent(0.5), place_agent(2.0)
    request_id = new_request()
    run_jobs()
    offer = live_offer(request_id)
    assert offer.agent_id == near
    assert offer.distance_km == pytest.approx(0.5, abs=0.05)
    assert request_state(request_id).state == OFFERED
    assert {far, middle}.isdisjoint({offer.agent_id})


def test_the_citizen_is_told_the_request_is_registered_and_the_agent_is_told_of_the_offer(
        place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0)
    request_id = new_request()
    run_jobs()
    request, agent = request_state(request_id), db.session.get(Agent, agent_id)
    [created] = sms("request_created")
    assert created.to_number == request.citizen_phone and request.number in created.body
    [offered] = sms("offer_to_agent")
    assert offered.to_number == agent.phone and "1.0 km" in offered.body
    assert offered.dedupe_key == f"offer:{live_offer(request_id).id}"


def test_the_search_widens_ring_by_ring_until_someone_is_in_range(place_agent, new_request, run_jobs):
    in_third_ring = place_agent(20.0)
    place_agent(45.0)
    request_id = new_request()
    run_jobs()
    assert live_offer(request_id).agent_id == in_third_ring


def test_nobody_within_the_widest_ring_flags_the_request_and_dispatch_keeps_trying(place_agent, new_request, run_jobs):
    place_agent(60.0)
    place_agent(1.0, on_duty=False)
    request_id = new_request()
    run_jobs()
    request = request_state(request_id)
    assert (request.state, request.escalation_reason, request.needs_dispatch) == (UNASSIGNED, NO_AGENT_IN_RANGE, True)
    assert request.next_dispatch_at > utcnow() + timedelta(seconds=25), "searched again after the first backoff"
    audit = db.session.scalars(db.select(AuditEvent).where(AuditEvent.request_id == request_id)
                               .order_by(AuditEvent.id)).all()
    assert (audit[-1].from_state, audit[-1].to_state) == (NEW, UNASSIGNED)
    assert NO_AGENT_IN_RANGE in audit[-1].reason


def test_agents_without_the_skill_or_room_or_a_fresh_heartbeat_are_passed_over(place_agent, new_request, run_jobs):
    place_agent(0.2, service_codes=["character"])
    place_agent(0.4, capacity=2, open_jobs=2)
    stale = place_agent(0.6)
    db.session.get(Agent, stale).last_seen_at = utcnow() - timedelta(minutes=10)
    db.session.commit()
    suitable = place_agent(3.0, service_codes=["domicile"])
    request_id = new_request("domicile")
    run_jobs()
    assert live_offer(request_id).agent_id == suitable


def test_when_everyone_in_range_is_full_or_stale_the_request_waits_its_turn_without_escalating(
        place_agent, new_request, run_jobs):
    place_agent(0.4, capacity=1, open_jobs=1)
    stale = place_agent(2.0)
    db.session.get(Agent, stale).last_seen_at = utcnow() - timedelta(minutes=10)
    db.session.commit()
    request_id = new_request()
    run_jobs()
    request = request_state(request_id)
    assert (request.state, request.escalation_reason, request.needs_dispatch, request.wait_rounds) == (
        NEW, None, True, 1)
    audit = db.session.scalars(db.select(AuditEvent.reason).where(AuditEvent.request_id == request_id)
                               .order_by(AuditEvent.id)).all()
    assert "all_busy" in audit[-1], "every search is in the audit trail"


def test_an_agent_deciding_on_one_offer_is_not_offered_a_second_request(place_agent, new_request, run_jobs):
    near, farther = place_agent(0.5), place_agent(3.0)
    first, second = new_request(), new_request()
    run_jobs()
    assert {live_offer(first).agent_id, live_offer(second).agent_id} == {near, farther}


def test_a_decline_offers_the_request_to_the_next_agent_and_never_again_to_the_decliner(
        place_agent, new_request, run_jobs):
    near, next_one = place_agent(0.5), place_agent(2.0)
    request_id = new_request()
    run_jobs()
    decline_offer(live_offer(request_id).id, near, "on another visit")
    run_jobs()
    offer = live_offer(request_id)
    assert offer.agent_id == next_one
    declined = db.session.scalar(db.select(Offer).where(Offer.request_id == request_id, Offer.agent_id == near))
    assert declined.reason == "on another visit"


def test_when_every_agent_in_range_declined_the_request_is_escalated_as_all_declined(
        place_agent, new_request, run_jobs):
    agents = [place_agent(0.5), place_agent(1.5)]
    request_id = new_request()
    run_jobs()
    for _ in agents:
        offer = live_offer(request_id)
        decline_offer(offer.id, offer.agent_id, "busy")
        run_jobs()
    request = request_state(request_id)
    assert (request.state, request.escalation_reason, request.attempts) == (UNASSIGNED, ALL_DECLINED, 2)


def test_too_many_attempts_flag_the_request_for_supervisors_and_offering_goes_on(
        app, place_agent, new_request, run_jobs):
    app.config["OFFER_MAX_ATTEMPTS"] = 1
    first = place_agent(0.5)
    second = place_agent(1.5)
    request_id = new_request()
    run_jobs()
    decline_offer(live_offer(request_id).id, first, "busy")
    run_jobs()
    assert live_offer(request_id).agent_id == second
    flagged = db.session.scalars(db.select(AuditEvent.to_state).where(
        AuditEvent.request_id == request_id, AuditEvent.reason.contains(NOT_TAKEN))).all()
    assert flagged == [UNASSIGNED]


def test_an_offer_left_to_expire_is_closed_by_the_sweeper_and_goes_to_the_next_agent(
        place_agent, new_request, run_jobs):
    near, next_one = place_agent(0.5), place_agent(2.0)
    request_id = new_request()
    run_jobs()
    first = live_offer(request_id)
    make_overdue(first)
    assert sweep()["expired"] == 1
    run_jobs()
    assert live_offer(request_id).agent_id == next_one
    db.session.refresh(first)
    assert first.state == "expired" and first.agent_id == near


def test_the_sweepers_tick_expires_a_due_offer_without_a_job_per_offer(place_agent, new_request, run_jobs):
    place_agent(0.5)
    later = place_agent(2.0)
    request_id = new_request()
    run_jobs()
    offer = live_offer(request_id)
    assert sweep_due()["expired"] == 0, "not yet due"
    make_overdue(offer)
    assert sweep_due()["expired"] == 1
    run_jobs()
    assert live_offer(request_id).agent_id == later


def test_expiring_an_offer_early_or_twice_changes_nothing(place_agent, new_request, run_jobs):
    place_agent(0.5)
    place_agent(2.0)
    request_id = new_request()
    run_jobs()
    offer = live_offer(request_id)
    assert expire_offer(offer.id) is None, "not yet due"
    assert live_offer(request_id).id == offer.id
    make_overdue(offer)
    assert expire_offer(offer.id) == request_id
    assert expire_offer(offer.id) is None
    run_jobs()
    assert live_offer(request_id).id != offer.id


def test_running_a_dispatch_job_twice_makes_one_offer(place_agent, new_request, run_jobs):
    place_agent(0.5)
    place_agent(1.0)
    request_id = new_request()
    run_jobs()
    assert dispatch_request(request_id) is None
    assert db.session.scalar(db.select(db.func.count(Offer.id)).where(Offer.request_id == request_id)) == 1


def test_accepting_assigns_the_agent_and_tells_the_citizen_who_comes_with_the_visit_code(
        place_agent, new_request, run_jobs):
    agent_id = place_agent(0.5)
    request_id = new_request()
    run_jobs()
    offer_id = live_offer(request_id).id
    accept_offer(offer_id, agent_id)
    run_jobs()
    request, agent = request_state(request_id), db.session.get(Agent, agent_id)
    assert (request.state, request.assigned_agent_id, request.needs_dispatch) == (ASSIGNED, agent_id, False)
    assert agent.open_jobs == 1
    [assigned] = sms("agent_assigned")
    assert assigned.to_number == request.citizen_phone
    assert agent.name in assigned.body and agent.centre.name in assigned.body and request.visit_code in assigned.body
    assert assigned.dedupe_key == f"assigned:{offer_id}"


def test_a_second_accept_or_an_accept_by_another_agent_is_no_longer_available(place_agent, new_request, run_jobs):
    agent_id, other = place_agent(0.5), place_agent(1.0)
    request_id = new_request()
    run_jobs()
    offer_id = live_offer(request_id).id
    with pytest.raises(OfferUnavailable):
        accept_offer(offer_id, other)
    accept_offer(offer_id, agent_id)
    with pytest.raises(OfferUnavailable):
        accept_offer(offer_id, agent_id)
    assert db.session.get(Agent, agent_id).open_jobs == 1


def test_a_late_accept_after_the_offer_timed_out_is_no_longer_available(place_agent, new_request, run_jobs):
    agent_id = place_agent(0.5)
    request_id = new_request()
    run_jobs()
    offer = live_offer(request_id)
    make_overdue(offer)
    with pytest.raises(OfferUnavailable):
        accept_offer(offer.id, agent_id)
    assert request_state(request_id).state == OFFERED  # until the sweeper closes it


def test_between_agents_at_the_same_distance_the_one_with_fewer_jobs_then_longest_idle_gets_it(
        place_agent, new_request, run_jobs):
    place_agent(1.0, open_jobs=1, idle_for_minutes=300)
    place_agent(1.0, idle_for_minutes=5)
    longest_idle = place_agent(1.0, idle_for_minutes=90)
    request_id = new_request()
    run_jobs()
    assert live_offer(request_id).agent_id == longest_idle
