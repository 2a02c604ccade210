"""The filtering facts kept in Redis beside the spatial index: written after the commits that change them, rebuilt
from the database, and never trusted for the final decision (a stale fact costs a retry, never a wrong offer)."""

from __future__ import annotations

import pytest
from redis import Redis

from core.extensions import db, queues
from dispatch import index
from dispatch.candidates import find_candidate
from dispatch.index import (
    BUILT_KEY,
    OFFER_KEY,
    ONLY_KEY,
    ROOM_KEY,
    SEEN_KEY,
    indexed_agent_ids,
    rebuild_agent_index,
    reindex_agent,
    room_after_commit,
)
from dispatch.matching import ALL_BUSY, FULL, STALE
from dispatch.models import LIVE, OFFERED, Agent, Offer, ServiceRequest
from dispatch.offers import accept_offer, decline_offer
from dispatch.presence import go_off_duty
from dispatch.visits import cancel_by_agent
from tests.dispatch.conftest import SRINAGAR_GPO


def redis() -> Redis:
    return queues.connection


def fact(key: str, agent_id: int) -> str | None:
    value = redis().hget(key, agent_id)
    return value.decode() if value is not None else None


def live_offer(request_id: int) -> Offer | None:
    db.session.expire_all()
    return db.session.scalar(db.select(Offer).where(Offer.request_id == request_id, Offer.state == LIVE))


def test_going_on_duty_writes_the_agents_facts_beside_the_index(place_agent):
    agent_id = place_agent(1.0, capacity=3, open_jobs=1, service_codes=["domicile", "character"])
    everyone = place_agent(2.0)
    assert indexed_agent_ids() == {agent_id, everyone}
    assert (fact(ROOM_KEY, agent_id), fact(ONLY_KEY, agent_id)) == ("2", ",domicile,character,")
    assert (fact(ROOM_KEY, everyone), fact(ONLY_KEY, everyone)) == ("3", None)
    assert redis().zscore(SEEN_KEY, agent_id) is not None
    go_off_duty(agent_id)
    assert indexed_agent_ids() == {everyone}
    assert (fact(ROOM_KEY, agent_id), redis().zscore(SEEN_KEY, agent_id)) == (None, None)


def test_a_fact_is_written_only_when_its_transaction_commits(place_agent):
    agent_id = place_agent(1.0)
    agent = db.session.get(Agent, agent_id)
    agent.open_jobs = 3
    room_after_commit(agent_id, 0)
    assert fact(ROOM_KEY, agent_id) == "3", "not before the commit"
    db.session.commit()
    assert fact(ROOM_KEY, agent_id) == "0"
    agent.open_jobs = 0
    room_after_commit(agent_id, 3)
    db.session.rollback()
    db.session.commit()
    assert fact(ROOM_KEY, agent_id) == "0", "a rolled-back change is never written"


def test_an_offer_is_written_when_made_and_cleared_when_declined(place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0)
    request_id = new_request()
    run_jobs()
    offer = live_offer(request_id)
    assert float(fact(OFFER_KEY, agent_id)) == pytest.approx(index._epoch(offer.expires_at))
    decline_offer(offer.id, agent_id, "busy")
    assert fact(OFFER_KEY, agent_id) is None


def test_accepting_and_giving_a_job_back_write_the_agents_room(place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0, capacity=2)
    request_id = new_request()
    run_jobs()
    accept_offer(live_offer(request_id).id, agent_id)
    assert (fact(OFFER_KEY, agent_id), fact(ROOM_KEY, agent_id)) == (None, "1")
    cancel_by_agent(request_id, agent_id, "citizen_withdrew")
    assert fact(ROOM_KEY, agent_id) == "2"


def test_a_stale_open_jobs_fact_never_produces_a_wrong_offer(place_agent, new_request, run_jobs):
    full, free = place_agent(0.5), place_agent(2.0)
    rebuild_agent_index()
    # The database says full; Redis missed the write (a crash between the commit and the write).
    db.session.execute(db.update(Agent).where(Agent.id == full).values(open_jobs=Agent.capacity))
    db.session.commit()
    assert fact(ROOM_KEY, full) == "3"
    request_id = new_request()
    run_jobs()
    assert live_offer(request_id).agent_id == free, "the database re-check caught it; the next agent was offered"
    assert fact(ROOM_KEY, full) == "0", "and the stale fact was written back from the database"


def test_a_lost_live_offer_fact_never_gives_an_agent_two_offers(place_agent, new_request, run_jobs):
    near, farther = place_agent(0.5), place_agent(3.0)
    first = new_request()
    run_jobs()
    assert live_offer(first).agent_id == near
    redis().hdel(OFFER_KEY, near)  # Redis lost it
    second = new_request()
    run_jobs()
    assert live_offer(second).agent_id == farther
    assert fact(OFFER_KEY, near) is not None


def test_every_stale_fact_in_the_nearest_ring_is_caught_before_anyone_is_offered(place_agent, new_request,
                                                                                  run_jobs):
    wrong = [place_agent(0.2 + 0.1 * n) for n in range(4)]
    right = place_agent(1.5)
    rebuild_agent_index()
    db.session.execute(db.update(Agent).where(Agent.id.in_(wrong)).values(open_jobs=Agent.capacity))
    db.session.commit()
    request_id = new_request()
    run_jobs()
    assert live_offer(request_id).agent_id == right
    assert {fact(ROOM_KEY, agent_id) for agent_id in wrong} == {"0"}


def test_a_fact_that_wrongly_says_no_only_delays_until_the_rebuild(place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0)
    rebuild_agent_index()
    redis().hset(ROOM_KEY, agent_id, 0)  # Redis says full; the database says free
    search = find_candidate(*SRINAGAR_GPO, "domicile", set())
    assert search.candidate is None and search.passed_over == {agent_id: FULL}
    assert search.escalation_reason == ALL_BUSY, "a wait, not an escalation"
    rebuild_agent_index()  # the sweeper's periodic rebuild
    request_id = new_request()
    run_jobs()
    assert live_offer(request_id).agent_id == agent_id


def test_the_rebuild_writes_every_fact_from_the_database(place_agent, new_request, run_jobs):
    limited = place_agent(1.0, capacity=4, open_jobs=1, service_codes=["domicile"])
    offered = place_agent(0.5)
    place_agent(2.0, on_duty=False)
    request_id = new_request()
    run_jobs()
    expires_at = live_offer(request_id).expires_at
    redis().delete(ROOM_KEY, ONLY_KEY, OFFER_KEY, SEEN_KEY)
    assert rebuild_agent_index() == 2
    assert indexed_agent_ids() == {limited, offered}
    assert (fact(ROOM_KEY, limited), fact(ONLY_KEY, limited)) == ("3", ",domicile,")
    assert float(fact(OFFER_KEY, offered)) == pytest.approx(index._epoch(expires_at))
    assert redis().zcard(SEEN_KEY) == 2


def test_after_redis_is_flushed_the_facts_are_rebuilt_and_dispatch_still_filters(place_agent, new_request,
                                                                                 run_jobs):
    full = place_agent(0.3, capacity=1, open_jobs=1)
    character_only = place_agent(0.6, service_codes=["character"])
    suitable = place_agent(2.5)
    redis().flushdb()
    request_id = new_request()
    run_jobs()
    assert redis().exists(BUILT_KEY)
    assert live_offer(request_id).agent_id == suitable
    assert (fact(ROOM_KEY, full), fact(ONLY_KEY, character_only)) == ("0", ",character,")
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request_id).state == OFFERED


def test_reindex_agent_rewrites_the_facts_after_a_roster_change(place_agent):
    agent_id = place_agent(1.0)
    agent = db.session.get(Agent, agent_id)
    agent.capacity, agent.service_codes = 5, ["character"]
    db.session.commit()
    reindex_agent(agent_id)
    assert (fact(ROOM_KEY, agent_id), fact(ONLY_KEY, agent_id)) == ("5", ",character,")
    agent.active = False
    db.session.commit()
    reindex_agent(agent_id)
    assert indexed_agent_ids() == set()


def test_a_search_where_everyone_near_is_busy_resumes_past_the_scripts_budget(place_agent, monkeypatch):
    busy = [place_agent(0.1 * n, capacity=1, open_jobs=1) for n in range(1, 6)]
    stale = place_agent(0.9)
    free = place_agent(12.0)
    rebuild_agent_index()
    redis().zadd(SEEN_KEY, {stale: 0})
    monkeypatch.setattr(index, "SEARCH_BUDGET", 2)
    search = find_candidate(*SRINAGAR_GPO, "domicile", set())
    assert search.candidate.agent_id == free and search.ring_index == 2
    assert search.passed_over == {**{agent_id: FULL for agent_id in busy}, stale: STALE}


def test_a_commit_succeeds_while_redis_is_down(place_agent, new_request, run_jobs, monkeypatch):
    agent_id = place_agent(1.0)
    request_id = new_request()
    run_jobs()
    monkeypatch.setattr(queues, "connection", Redis(port=1, socket_connect_timeout=0.2))  # nothing listens there
    accept_offer(live_offer(request_id).id, agent_id)
    db.session.expire_all()
    assert db.session.get(Agent, agent_id).open_jobs == 1
