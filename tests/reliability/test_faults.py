"""The fault suite: real worker and sweeper processes, killed, cut off from Redis (restarted empty) and from
PostgreSQL, while callers book. A request whose number was spoken is never lost, never held by two agents, and
never silently stuck; an SMS the system decided to send is sent exactly once.

Kills: 10 on SQLite, 30 on PostgreSQL (CI), RELIABILITY_KILLS for more (`make chaos` runs 120)."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade

from core.clock import utcnow
from core.extensions import db
from core.models import OutboxMessage
from dispatch.assignment import redispatch
from dispatch.models import EXPIRED, LIVE, Offer, ServiceRequest
from dispatch.presence import go_on_duty
from tests.conftest import _empty_database
from tests.reliability.conftest import ON_POSTGRESQL, record_figures, rig_for, small_catalogue
from tests.reliability.harness import (
    accept_live_offers,
    book_by_phone,
    check,
    children_of,
    percentile,
    wait_until,
)

pytestmark = pytest.mark.slow
PIN = "190001"
DRAIN_SECONDS = 120


def drain(agents: list[int], numbers: list[str]) -> bool:
    """Let the agents accept until every spoken request is assigned and every SMS has left the outbox."""
    def settled() -> bool:
        accept_live_offers(agents)
        verdict = check(numbers)
        return not verdict.unassigned and not verdict.sms_unsent

    return wait_until(settled, DRAIN_SECONDS, step=0.5)


def diagnosis(rig, numbers: list[str]) -> str:
    """What to read when the drain did not settle: the checker, the processes, the ends of their logs."""
    logs = "".join(f"\n--- {path.name}\n" + "".join(path.read_text(errors="replace").splitlines(True)[-15:])
                   for path in sorted(Path(rig.deployment.env["DIGIDOST_INSTANCE"]).glob("*.log")))
    alive = [p.pid for p in rig.deployment.alive()]
    return f"not settled in {DRAIN_SECONDS} s: {check(numbers)}; alive: {alive}{logs}"


def first_offer_times(numbers: list[str]) -> dict[str, object]:
    rows = db.session.execute(
        db.select(ServiceRequest.number, db.func.min(Offer.created_at))
        .join(Offer, Offer.request_id == ServiceRequest.id).where(ServiceRequest.number.in_(numbers))
        .group_by(ServiceRequest.number)).all()
    return dict(rows)


def recovery_after(moments: list, numbers: list[str]) -> list[float]:
    """For each fault moment: seconds until every request booked before it and not yet offered got an offer."""
    created = dict(db.session.execute(db.select(ServiceRequest.number, ServiceRequest.created_at)
                                      .where(ServiceRequest.number.in_(numbers))).all())
    offered = first_offer_times(numbers)
    recoveries = []
    for moment in moments:
        waiting = [n for n in numbers if created.get(n) and created[n] <= moment and offered.get(n)
                   and offered[n] > moment]
        if waiting:
            recoveries.append(max((offered[n] - moment).total_seconds() for n in waiting))
    return recoveries


def a_work_horse(worker, seconds: float = 2.0) -> int | None:
    """The pid of the forking worker's horse while it runs a job (booked requests keep it busy), if one is seen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if worker.poll() is None and (horses := children_of(worker.pid)):
            return horses[0]
        time.sleep(0.005)
    return None


def test_workers_killed_at_random_moments_lose_no_request_and_send_no_sms_twice(rig):
    kills = int(os.environ.get("RELIABILITY_KILLS") or (30 if ON_POSTGRESQL else 10))
    agents = rig.make_agents(4)
    deployment = rig.deployment
    deployment.start_worker(fork=True)  # a work horse per job: horses are killed too
    deployment.start_worker()  # jobs in the worker's own process (the default)
    deployment.start_sweeper()
    rng = random.Random(1447)
    spoken, kill_moments, survived = [], [], {"worker": 0, "horse": 0}
    while sum(survived.values()) < kills:
        for _ in range(rng.randint(1, 3)):
            number = book_by_phone(rig.new_phone(), PIN)
            assert number, "every caller hears a request number while workers are being killed"
            spoken.append(number)
        accept_live_offers(agents)
        forking = next(w for w in deployment.workers if w.args[-1] == "--fork")
        horse = rng.random() < 0.5 and a_work_horse(forking)
        kill_moments.append(utcnow())
        if horse:
            try:
                os.kill(horse, signal.SIGKILL)
            except ProcessLookupError:  # it finished its job between being seen and being shot
                kill_moments.pop()
                continue
            survived["horse"] += 1
        else:
            victim = rng.choice([w for w in deployment.workers if w.poll() is None])
            os.killpg(victim.pid, signal.SIGKILL)
            victim.wait(timeout=10)
            deployment.workers.remove(victim)
            deployment.start_worker(fork=victim.args[-1] == "--fork")  # what systemd's Restart=always does
            survived["worker"] += 1
        time.sleep(rng.uniform(1.0, 2.5))  # a storm, but one a restarted worker can start up in
    assert drain(agents, spoken), diagnosis(rig, spoken)
    verdict = check(spoken)
    assert verdict.nothing_lost, verdict
    recoveries = recovery_after(kill_moments, spoken)
    record_figures("worker kills", {
        "kills": survived, "requests_spoken_and_checked": verdict.spoken, "sms_checked": verdict.sms_rows,
        "missing": len(verdict.missing), "double_assignments": len(verdict.double_held),
        "sms_duplicated": len(verdict.sms_duplicated), "sms_unsent": verdict.sms_unsent,
        "recovery_seconds_p50": round(percentile(recoveries, 0.5), 1),
        "recovery_seconds_worst": round(max(recoveries, default=0), 1), "faults_with_waiting_requests": len(recoveries),
    })


def test_redis_stopped_and_restarted_empty_under_traffic_loses_nothing(rig):
    agents = rig.make_agents(3)
    deployment = rig.deployment
    deployment.start_worker()
    deployment.start_worker()
    deployment.start_sweeper()
    spoken = [book_by_phone(rig.new_phone(), PIN) for _ in range(5)]
    accept_live_offers(agents)
    rig.redis.stop()
    outage_ends = time.monotonic() + 15
    during = []
    while time.monotonic() < outage_ends:
        number = book_by_phone(rig.new_phone(), PIN)
        assert number, "callers still hear their numbers while Redis is down"
        during.append(number)
        accept_live_offers(agents)
        time.sleep(0.5)
    assert len(deployment.alive()) == 3, "workers and the sweeper wait for Redis; none exits"
    rig.redis.start()  # empty: queues, the agent index, every queued job gone
    back = utcnow()
    spoken += during
    assert drain(agents, spoken), f"not settled in {DRAIN_SECONDS} s after Redis returned: {check(spoken)}"
    verdict = check(spoken)
    assert verdict.nothing_lost, verdict
    assert len(deployment.alive()) == 3
    offered = first_offer_times(during)
    sent = db.session.scalar(db.select(db.func.max(OutboxMessage.sent_at)))
    waits = [(offered[n] - back).total_seconds() for n in during if n in offered]
    record_figures("redis restarted empty", {
        "requests_booked_during_outage": len(during), "requests_checked": verdict.spoken,
        "sms_checked": verdict.sms_rows, "missing": len(verdict.missing),
        "double_assignments": len(verdict.double_held), "sms_duplicated": len(verdict.sms_duplicated),
        "offered_after_redis_returned_seconds_p50": round(percentile(waits, 0.5), 1),
        "offered_after_redis_returned_seconds_worst": round(max(waits, default=0), 1),
        "last_sms_sent_after_redis_returned_seconds": round((sent - back).total_seconds(), 1) if sent else None,
    })


@pytest.mark.postgresql
def test_postgresql_stopped_during_calls_gets_an_apology_and_no_spoken_number_is_missing(
        test_config, private_postgres, private_redis, tmp_path):
    rig = rig_for(private_postgres.url, private_redis, test_config, tmp_path)
    with rig.app.app_context():
        upgrade()
        _empty_database()
        small_catalogue()
        agents = rig.make_agents(2)
        rig.deployment.start_worker()
        rig.deployment.start_sweeper()
        spoken = [book_by_phone(rig.new_phone(), PIN) for _ in range(3)]
        db.session.remove()
        private_postgres.stop()
        outage_ends, apologies = time.monotonic() + 10, 0
        while time.monotonic() < outage_ends:
            number = book_by_phone(rig.new_phone(), PIN)  # asserts: never a 5xx
            if number:
                spoken.append(number)
            else:
                apologies += 1
            time.sleep(0.3)
        assert apologies, "callers were told the line has a problem"
        assert len(rig.deployment.alive()) == 2, "the worker and the sweeper wait for the database"
        private_postgres.start()
        spoken += [book_by_phone(rig.new_phone(), PIN) for _ in range(3)]
        assert all(spoken)
        assert drain(agents, spoken), f"not settled after PostgreSQL returned: {check(spoken)}"
        verdict = check(spoken)
        assert verdict.nothing_lost, verdict
        record_figures("postgresql stopped", {"apologies": apologies, "requests_checked": verdict.spoken,
                                              "missing": len(verdict.missing), "sms_checked": verdict.sms_rows})
        rig.deployment.stop_all()
        db.session.remove()
        db.engine.dispose()


def test_a_request_booked_with_nobody_on_duty_is_offered_when_an_agent_in_range_comes_on_duty(rig):
    [agent] = rig.make_agents(1, on_duty=False)
    rig.deployment.start_worker()
    rig.deployment.start_sweeper()
    number = book_by_phone(rig.new_phone(), PIN)
    assert wait_until(lambda: _searched(number), 30), "dispatch looked and found nobody"
    go_on_duty(agent)
    on_duty_at = time.monotonic()
    assert wait_until(lambda: _live_offer_agent(number) == agent, 30), \
        "not offered within 30 s of the agent going on duty"
    record_figures("agent comes on duty", {"offered_after_seconds": round(time.monotonic() - on_duty_at, 2)})


@pytest.mark.parametrize("rig", [{"OFFER_TTL_SECONDS": 2}], indirect=True)
def test_expire_expire_and_re_dispatch_offers_the_request_again(rig):
    agents = rig.make_agents(2)
    rig.deployment.start_worker()
    rig.deployment.start_sweeper()
    number = book_by_phone(rig.new_phone(), PIN)
    assert wait_until(lambda: _expired_offers(number) == 2, 40), "both offers ran out"
    request = db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.number == number))
    assert request.escalation_reason != "all_declined", "nobody declined"
    assert redispatch(request.id, "supervisor:1")
    assert wait_until(lambda: _offers_made(number) >= 3, 30), "re-dispatch offered it again"
    third = db.session.scalars(db.select(Offer.agent_id).join(ServiceRequest, ServiceRequest.id == Offer.request_id)
                               .where(ServiceRequest.number == number).order_by(Offer.id)).all()[2]
    assert third in agents  # (the other forgiven agent may be offered it next: both expiries were forgiven)


def _searched(number: str) -> bool:
    db.session.remove()
    request = db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.number == number))
    return request is not None and request.wait_rounds > 0


def _live_offer_agent(number: str) -> int | None:
    db.session.remove()
    return db.session.scalar(db.select(Offer.agent_id).join(ServiceRequest, ServiceRequest.id == Offer.request_id)
                             .where(ServiceRequest.number == number, Offer.state == LIVE))


def _offers_made(number: str) -> int:
    db.session.remove()
    return db.session.scalar(db.select(db.func.count(Offer.id))
                             .join(ServiceRequest, ServiceRequest.id == Offer.request_id)
                             .where(ServiceRequest.number == number))


def _expired_offers(number: str) -> int:
    db.session.remove()
    return db.session.scalar(db.select(db.func.count(Offer.id))
                             .join(ServiceRequest, ServiceRequest.id == Offer.request_id)
                             .where(ServiceRequest.number == number, Offer.state == EXPIRED))
