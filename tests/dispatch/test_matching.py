"""Pure matching: who may be offered a request, in what order, and why nobody could. No app needed."""

from datetime import datetime, timedelta

import pytest

from dispatch.matching import (
    ALL_BUSY,
    ALL_DECLINED,
    BUSY,
    FULL,
    NO_AGENT_IN_RANGE,
    NOT_ALLOWED,
    OFF_DUTY,
    STALE,
    TRIED,
    AgentFacts,
    Candidate,
    escalation_reason,
    rank_candidates,
    why_passed_over,
)

NOW = datetime(2025, 3, 1, 10, 0)
STALE_BEFORE = NOW - timedelta(minutes=5)


def facts(agent_id=1, **changes) -> AgentFacts:
    values = dict(agent_id=agent_id, latitude=34.0, longitude=74.8, on_duty=True, active=True, last_seen_at=NOW,
                  capacity=3, open_jobs=0, service_codes=None, idle_since=NOW, holds_offer=False)
    values.update(changes)
    return AgentFacts(**values)


def test_the_nearest_candidate_ranks_first():
    far, near = Candidate(1, 4.0, 0, NOW), Candidate(2, 1.5, 2, NOW)
    assert [c.agent_id for c in rank_candidates([far, near])] == [2, 1]


def test_at_equal_distance_fewer_open_jobs_then_longest_idle_wins():
    busy = Candidate(1, 2.0, 2, NOW - timedelta(hours=3))
    idle_short = Candidate(2, 2.0, 0, NOW - timedelta(minutes=5))
    idle_long = Candidate(3, 2.0, 0, NOW - timedelta(hours=1))
    assert [c.agent_id for c in rank_candidates([busy, idle_short, idle_long])] == [3, 2, 1]


def test_an_on_duty_fresh_agent_with_room_and_the_skill_may_be_offered():
    assert why_passed_over(facts(service_codes=["domicile"]), "domicile", STALE_BEFORE, set()) is None


@pytest.mark.parametrize("change, reason", [
    ({"on_duty": False}, OFF_DUTY),
    ({"active": False}, OFF_DUTY),
    ({"last_seen_at": NOW - timedelta(minutes=6)}, STALE),
    ({"last_seen_at": None}, STALE),
    ({"open_jobs": 3}, FULL),
    ({"capacity": 1, "open_jobs": 1}, FULL),
    ({"service_codes": ["character"]}, NOT_ALLOWED),
    ({"service_codes": []}, NOT_ALLOWED),
    ({"holds_offer": True}, BUSY),
])
def test_an_agent_is_passed_over_for_a_stated_reason(change, reason):
    assert why_passed_over(facts(**change), "domicile", STALE_BEFORE, set()) == reason


def test_an_agent_who_declined_or_let_the_offer_expire_is_not_offered_it_again():
    assert why_passed_over(facts(agent_id=7), "domicile", STALE_BEFORE, {7}) == TRIED


@pytest.mark.parametrize("passed_over, reason", [
    ({}, NO_AGENT_IN_RANGE),
    ({1: OFF_DUTY, 2: NOT_ALLOWED}, NO_AGENT_IN_RANGE),
    ({1: TRIED, 2: TRIED, 3: OFF_DUTY}, ALL_DECLINED),
    ({1: TRIED, 2: FULL}, ALL_BUSY),
    ({1: STALE}, ALL_BUSY),
    ({1: BUSY, 2: NOT_ALLOWED}, ALL_BUSY),
])
def test_escalation_names_why_nobody_could_take_the_request(passed_over, reason):
    assert escalation_reason(passed_over) == reason


def test_a_candidate_is_measured_with_geodesic_distance():
    candidate = Candidate.for_agent(facts(latitude=34.07208, longitude=74.82067), (32.69847, 74.85758))
    assert candidate.distance_km == pytest.approx(152.3, abs=1.0)
