"""Waiting is a state, not an end: a request nobody can take now is offered by itself as soon as someone in range
can take it (on duty, fresh again, free again), searched again by the sweeper with backoff, and its citizen is
told once when the wait grows long. Expired and declined offers are different: the first cools down, the second
is for ever (unless a supervisor picks the agent)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rq import Queue

from core.clock import utcnow
from core.extensions import db, queues
from core.models import OutboxMessage
from dispatch.assignment import redispatch
from dispatch.enqueue import dispatch_job_id
from dispatch.jobs import sweep, sweep_due
from dispatch.matching import ALL_DECLINED, NO_AGENT_IN_RANGE, next_search_delay
from dispatch.models import DECLINED, EXPIRED, LIVE, NEW, OFFERED, UNASSIGNED, Agent, AuditEvent, Offer, ServiceRequest
from dispatch.offers import accept_offer, decline_offer
from dispatch.presence import go_off_duty, go_on_duty, record_heartbeat
from dispatch.requests import NewRequest, create_request
from dispatch.sms import sms_text
from dispatch.visits import cancel_by_agent, complete_request, start_visit
from fees.models import Service
from tests.dispatch.conftest import lapse_dispatch_leases, live_offer, request_row

SUPERVISOR = "supervisor:1"



def offers_to(request_id: int) -> list[tuple[int, str]]:
    db.session.expire_all()
    return [(o.agent_id, o.state) for o in db.session.scalars(
        db.select(Offer).where(Offer.request_id == request_id).order_by(Offer.id))]


def let_expire(offer: Offer) -> None:
    """The offer's time runs out and the sweeper's tick notices."""
    offer.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert sweep_due()["expired"] == 1


def make_stale(agent_id: int) -> None:
    db.session.get(Agent, agent_id).last_seen_at = utcnow() - timedelta(minutes=10)
    db.session.commit()


def dispatch_is_queued(request_id: int) -> bool:
    return dispatch_job_id(request_id) in Queue("dispatch", connection=queues.connection).get_job_ids()


# Woken by new capacity, with no supervisor action and no sweeper


def test_a_request_booked_with_nobody_on_duty_is_offered_when_an_agent_in_range_goes_on_duty(
        place_agent, new_request, run_jobs):
    agent_id = place_agent(3.0, on_duty=False)
    request_id = new_request()
    run_jobs()
    waiting = request_row(request_id)
    assert (waiting.state, waiting.escalation_reason, waiting.needs_dispatch) == (UNASSIGNED, NO_AGENT_IN_RANGE, True)
    assert waiting.next_dispatch_at > utcnow() + timedelta(seconds=20), "not due for the sweeper yet"

    go_on_duty(agent_id)
    run_jobs()

    offer = live_offer(request_id)
    assert offer is not None and offer.agent_id == agent_id
    assert offer.offered_by is None, "offered by the dispatcher, not by a supervisor"
    assert request_row(request_id).state == OFFERED


def test_an_agent_going_on_duty_out_of_range_wakes_nothing(place_agent, new_request, run_jobs):
    far = place_agent(80.0, on_duty=False)
    request_id = new_request()
    run_jobs()
    go_on_duty(far)
    run_jobs()
    assert live_offer(request_id) is None
    assert request_row(request_id).escalation_reason == NO_AGENT_IN_RANGE


def test_a_request_waiting_for_a_stale_agent_is_offered_when_their_heartbeat_comes_back(
        place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0)
    make_stale(agent_id)
    request_id = new_request()
    run_jobs()
    waiting = request_row(request_id)
    # A stale agent is out of the index (rebuilt from fresh agents only): nobody in range, dispatch keeps trying.
    assert (waiting.state, waiting.needs_dispatch, waiting.wait_rounds) == (UNASSIGNED, True, 1)
    assert waiting.next_dispatch_at > utcnow() + timedelta(seconds=20), "not due for the sweeper yet"
    assert live_offer(request_id) is None

    record_heartbeat(agent_id)
    run_jobs()

    offer = live_offer(request_id)
    assert offer is not None and offer.agent_id == agent_id


def test_a_heartbeat_of_an_agent_who_was_fresh_already_does_not_wake_waiting_requests(
        place_agent, new_request, run_jobs):
    busy = place_agent(1.0, capacity=1, open_jobs=1)
    request_id = new_request()
    run_jobs()
    assert dispatch_is_queued(request_id) is False
    record_heartbeat(busy)
    assert dispatch_is_queued(request_id) is False, "only a heartbeat after a stale spell wakes anyone"


def all_busy_with_one_agent(place_agent, new_request, run_jobs, capacity: int = 3) -> tuple[int, int, int]:
    """One agent deciding on the first request; the second waits its turn without troubling supervisors."""
    agent_id = place_agent(1.0, capacity=capacity)
    first = new_request()
    run_jobs()
    second = new_request()
    run_jobs()
    assert live_offer(first).agent_id == agent_id
    waiting = request_row(second)
    assert (waiting.state, waiting.escalation_reason, waiting.needs_dispatch, waiting.wait_rounds) == (
        NEW, None, True, 1), "all busy waits, never escalates"
    assert live_offer(second) is None
    return agent_id, first, second


def test_an_all_busy_request_is_offered_as_soon_as_the_busy_agent_declines_their_offer(
        place_agent, new_request, run_jobs):
    agent_id, first, second = all_busy_with_one_agent(place_agent, new_request, run_jobs)
    decline_offer(live_offer(first).id, agent_id, "too far")
    run_jobs()
    assert live_offer(second).agent_id == agent_id


def test_an_all_busy_request_is_offered_as_soon_as_the_busy_agents_offer_expires(place_agent, new_request, run_jobs):
    agent_id, first, second = all_busy_with_one_agent(place_agent, new_request, run_jobs)
    let_expire(live_offer(first))
    run_jobs()
    assert live_offer(second).agent_id == agent_id
    assert (request_row(first).state, request_row(first).escalation_reason) == (NEW, None), \
        "the expired request waits for the cool-down, unescalated"


def test_an_all_busy_request_is_offered_as_soon_as_the_agent_at_capacity_completes_a_job(
        place_agent, new_request, run_jobs):
    agent_id, first, second = all_busy_with_one_agent(place_agent, new_request, run_jobs, capacity=1)
    accept_offer(live_offer(first).id, agent_id)
    run_jobs()
    assert live_offer(second) is None, "at capacity: the second still waits"
    assert request_row(second).escalation_reason is None
    held = request_row(first)
    start_visit(first, agent_id, held.visit_code)
    complete_request(first, agent_id, "DOM/2026/1", held.total_fee)
    run_jobs()
    assert live_offer(second).agent_id == agent_id


def test_an_all_busy_request_is_offered_as_soon_as_the_busy_agent_accepts_their_offer(
        place_agent, new_request, run_jobs):
    agent_id, first, second = all_busy_with_one_agent(place_agent, new_request, run_jobs, capacity=3)
    accept_offer(live_offer(first).id, agent_id)
    run_jobs()
    assert live_offer(second).agent_id == agent_id, "no longer deciding, and room for another job"


def test_an_all_busy_request_is_offered_as_soon_as_the_agent_at_capacity_gives_a_job_back(
        place_agent, new_request, run_jobs):
    agent_id, first, second = all_busy_with_one_agent(place_agent, new_request, run_jobs, capacity=1)
    accept_offer(live_offer(first).id, agent_id)
    run_jobs()
    assert live_offer(second) is None
    cancel_by_agent(first, agent_id, "citizen_withdrew")
    run_jobs()
    assert live_offer(second).agent_id == agent_id


def test_a_backlog_waits_without_escalations_and_follows_each_decline_without_the_sweeper(
        place_agent, new_request, run_jobs):
    agents = {place_agent(0.5), place_agent(2.0)}
    requests = [new_request() for _ in range(10)]
    run_jobs()
    live = {r: live_offer(r) for r in requests}
    offered = {r: o.agent_id for r, o in live.items() if o is not None}
    assert sorted(offered.values()) == sorted(agents), "each agent is offered one request"
    assert all(request_row(r).escalation_reason is None for r in requests), "a backlog is not an escalation"
    assert all(request_row(r).state == NEW for r in requests if r not in offered)

    # Each agent declines whatever they are offered; the next waiting request follows at once. With nobody
    # taking anything, every request ends up offered to both agents, and only then is it "all declined".
    for _round in range(30):
        deciding = [offer for offer in (live_offer(r) for r in requests) if offer is not None]
        if not deciding:
            break
        assert len(deciding) <= 2 and len({o.agent_id for o in deciding}) == len(deciding)
        for offer in deciding:
            decline_offer(offer.id, offer.agent_id, "busy")
        run_jobs()
    for request_id in requests:
        assert sorted(agent for agent, _state in offers_to(request_id)) == sorted(agents), \
            f"request {request_id} was offered to each agent once"
        assert (request_row(request_id).state, request_row(request_id).escalation_reason) == (
            UNASSIGNED, ALL_DECLINED)


# The sweeper's backoff


@pytest.mark.parametrize(("wait_rounds", "seconds"), [
    (0, 30), (1, 30), (2, 60), (3, 120), (4, 300), (5, 300), (6, 300), (50, 300),
])
def test_a_waiting_request_is_searched_again_after_30_s_1_2_and_5_min_then_every_5_min(wait_rounds, seconds):
    assert next_search_delay(wait_rounds, (30, 60, 120, 300)) == seconds


def test_the_backoff_follows_the_configured_schedule():
    assert [next_search_delay(n, (5, 7)) for n in (1, 2, 3)] == [5, 7, 7]


def test_the_sweeper_searches_a_waiting_request_again_only_when_its_backoff_is_over(
        app, place_agent, new_request, run_jobs):
    assert tuple(app.config["DISPATCH_RETRY_SECONDS"]) == (30, 60, 120, 300)
    place_agent(90.0)  # on duty, out of every ring
    request_id = new_request()
    run_jobs()
    for rounds, delay in ((1, 30), (2, 60), (3, 120), (4, 300), (5, 300), (6, 300)):
        waiting = request_row(request_id)
        searched_at = db.session.scalar(db.select(db.func.max(AuditEvent.at))
                                        .where(AuditEvent.request_id == request_id))
        assert waiting.wait_rounds == rounds
        assert (waiting.next_dispatch_at - searched_at).total_seconds() == pytest.approx(delay, abs=2)

        assert sweep_due()["due"] == 0, "not searched again before its time"
        assert not dispatch_is_queued(request_id)

        waiting.next_dispatch_at = utcnow() - timedelta(seconds=1)  # the backoff is over
        db.session.commit()
        assert sweep_due()["due"] == 1
        assert dispatch_is_queued(request_id)
        run_jobs()
    searches = db.session.scalars(db.select(AuditEvent.reason).where(AuditEvent.request_id == request_id)
                                  .where(AuditEvent.actor == "dispatcher")).all()
    assert len(searches) == 7, "every search is in the audit trail"
    assert all(NO_AGENT_IN_RANGE in reason for reason in searches)


def test_an_agent_coming_on_duty_is_offered_a_request_whose_backoff_is_long(place_agent, new_request, run_jobs):
    agent_id = place_agent(2.0, on_duty=False)
    request_id = new_request()
    run_jobs()
    db.session.execute(db.update(ServiceRequest).values(wait_rounds=9,
                                                        next_dispatch_at=utcnow() + timedelta(minutes=5)))
    db.session.commit()
    go_on_duty(agent_id)
    run_jobs()
    assert live_offer(request_id).agent_id == agent_id


# Expired is not declined


def test_expire_expire_redispatch_offers_the_request_again_to_an_agent_who_let_it_expire(
        place_agent, new_request, run_jobs):
    near, farther = place_agent(0.5), place_agent(3.3)
    request_id = new_request()
    run_jobs()
    assert live_offer(request_id).agent_id == near
    let_expire(live_offer(request_id))
    run_jobs()
    assert live_offer(request_id).agent_id == farther
    let_expire(live_offer(request_id))
    run_jobs()
    waiting = request_row(request_id)
    assert waiting.escalation_reason != ALL_DECLINED, "nobody declined"
    assert (waiting.state, waiting.needs_dispatch) == (NEW, True)

    assert redispatch(request_id, SUPERVISOR) is True
    run_jobs()

    again = live_offer(request_id)
    assert again is not None and again.agent_id == near, "the nearest of those who let it expire"
    assert request_row(request_id).escalation_reason is None
    assert [state for _agent, state in offers_to(request_id)] == [EXPIRED, EXPIRED, LIVE]


def test_redispatch_never_says_all_declined_while_an_agent_who_let_it_expire_is_in_range(
        place_agent, new_request, run_jobs):
    decliner, expirer = place_agent(0.5), place_agent(3.3)
    request_id = new_request()
    run_jobs()
    decline_offer(live_offer(request_id).id, decliner, "not today")
    run_jobs()
    let_expire(live_offer(request_id))
    run_jobs()
    assert request_row(request_id).escalation_reason != ALL_DECLINED
    redispatch(request_id, SUPERVISOR)
    run_jobs()
    assert live_offer(request_id).agent_id == expirer


def test_an_agent_who_let_an_offer_expire_is_offered_it_again_after_the_cool_down_without_a_supervisor(
        app, place_agent, new_request, run_jobs):
    assert app.config["OFFER_RETRY_COOLDOWN_SECONDS"] == 600
    agent_id = place_agent(1.0)
    request_id = new_request()
    run_jobs()
    let_expire(live_offer(request_id))
    run_jobs()
    assert live_offer(request_id) is None, "cooling down: not offered at once"
    lapse_dispatch_leases()
    sweep_due()
    run_jobs()
    assert live_offer(request_id) is None, "still cooling down at the next search"
    waiting = request_row(request_id)
    assert (waiting.state, waiting.escalation_reason) == (NEW, None)

    db.session.execute(db.update(Offer).where(Offer.request_id == request_id)
                       .values(decided_at=utcnow() - timedelta(seconds=601)))
    db.session.commit()
    lapse_dispatch_leases()
    sweep_due()
    run_jobs()
    assert live_offer(request_id).agent_id == agent_id


def test_with_no_cool_down_the_agent_who_let_an_offer_expire_is_offered_it_again_at_once(
        app, place_agent, new_request, run_jobs):
    app.config["OFFER_RETRY_COOLDOWN_SECONDS"] = 0
    agent_id = place_agent(1.0)
    request_id = new_request()
    run_jobs()
    let_expire(live_offer(request_id))
    run_jobs()
    assert live_offer(request_id).agent_id == agent_id
    assert [state for _agent, state in offers_to(request_id)] == [EXPIRED, LIVE]


def test_an_agent_who_declined_is_never_offered_the_request_again_by_dispatch(
        app, place_agent, new_request, run_jobs):
    app.config["OFFER_RETRY_COOLDOWN_SECONDS"] = 0
    agent_id = place_agent(1.0)
    request_id = new_request()
    run_jobs()
    decline_offer(live_offer(request_id).id, agent_id, "not my area")
    run_jobs()
    assert (request_row(request_id).state, request_row(request_id).escalation_reason) == (UNASSIGNED, ALL_DECLINED)
    for wake_up in (lambda: None, lambda: go_on_duty(agent_id), lambda: record_heartbeat(agent_id),
                    lambda: redispatch(request_id, SUPERVISOR)):
        wake_up()
        db.session.execute(db.update(Offer).values(decided_at=utcnow() - timedelta(days=1)))
        db.session.commit()
        lapse_dispatch_leases()
        sweep_due()
        run_jobs()
        assert live_offer(request_id) is None
    assert offers_to(request_id) == [(agent_id, DECLINED)]


# The citizen is told once when the wait grows long


def waiting_sms() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.template == "request_waiting")))


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_a_citizen_waiting_long_gets_exactly_one_waiting_sms_in_their_language(
        app, services, run_jobs, language):
    request = create_request(NewRequest(service_code="domicile", pin_code="190001", citizen_phone="+919800001111",
                                        language=language))
    recent = create_request(NewRequest(service_code="domicile", pin_code="190001", citizen_phone="+919800002222",
                                       language=language))
    run_jobs()  # nobody on duty: both wait
    minutes = app.config["WAITING_SMS_AFTER_MINUTES"]
    request.created_at = utcnow() - timedelta(minutes=minutes + 1)
    recent.created_at = utcnow() - timedelta(minutes=minutes - 1)
    db.session.commit()

    assert sweep()["told_waiting"] == 1
    sweep()
    sweep()
    run_jobs()

    [told] = waiting_sms()
    assert told.to_number == "+919800001111" and told.request_id == request.id
    service = db.session.get(Service, "domicile")
    assert told.body == sms_text("request_waiting", language, number=request.number,
                                 service=service.name(language))
    assert told.body != sms_text("request_waiting", "en" if language != "en" else "hi", number=request.number,
                                 service=service.name(language))
    assert told.status == "sent"


def test_a_citizen_whose_request_was_taken_in_time_gets_no_waiting_sms(app, place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0)
    request_id = new_request()
    run_jobs()
    accept_offer(live_offer(request_id).id, agent_id)
    request_row(request_id).created_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    sweep()
    assert waiting_sms() == []


def test_old_requests_an_agent_declined_do_not_keep_a_newer_one_from_them_when_they_come_on_duty(
        place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0)
    declined = []
    for _ in range(6):  # more than one wake-up batch
        request_id = new_request()
        run_jobs()
        decline_offer(live_offer(request_id).id, agent_id, "not today")
        run_jobs()
        declined.append(request_id)
    assert all(request_row(r).escalation_reason == ALL_DECLINED for r in declined)
    go_off_duty(agent_id)
    newer = new_request()
    run_jobs()
    assert request_row(newer).escalation_reason == NO_AGENT_IN_RANGE

    go_on_duty(agent_id)
    run_jobs()

    assert live_offer(newer).agent_id == agent_id


def test_a_flag_saying_nobody_is_in_range_is_lifted_when_a_later_search_finds_agents_merely_busy(
        place_agent, new_request, run_jobs):
    first, second = new_request(), new_request()
    run_jobs()  # nobody on duty anywhere: both flagged "no agent in range"
    assert {db.session.get(ServiceRequest, r).escalation_reason for r in (first, second)} == {"no_agent_in_range"}
    place_agent(0.5)  # one agent comes on duty: offered one request, the other finds them busy
    run_jobs()
    lapse_dispatch_leases()
    sweep_due()
    run_jobs()
    db.session.expire_all()
    waiting = [db.session.get(ServiceRequest, r) for r in (first, second)
               if db.session.get(ServiceRequest, r).state != "offered"]
    assert [(w.state, w.escalation_reason) for w in waiting] == [("new", None)]
