"""The candidate search: the index filters, the database confirms, the pure matcher ranks.

One Redis round trip (dispatch.index.eligible_near) finds, ring by ring (5, 10, 25, 50 km by default), the
nearest agents whose facts in Redis pass every filter. Those facts may lag the database, so the few that could
rank first are read again by primary key and judged by the pure matcher on the database's facts: a stale
fact in Redis costs another round trip (and is repaired), never a wrong offer. Never a scan of every agent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import bindparam, exists

from core.extensions import db
from dispatch.index import eligible_near, reindex_agents, stale_cutoff
from dispatch.matching import OFF_DUTY, AgentFacts, Candidate, escalation_reason, rank_candidates, why_passed_over
from dispatch.models import LIVE, Agent, Offer
from dispatch.offers import tried_and_cooling_agents

SPHERE_ERROR = 0.006  # Redis measures on a sphere; geodesic distances differ by under 0.6 %
SLACK_KM = 0.05  # and 50 m of rounding: agents this close to the nearest eligible one are measured too
FIRST_BATCH = 64  # nearest agents read per ring; grown fourfold while all of them are passed over


@dataclass
class Search:
    """The outcome of a search: the best candidate, or why there is none; and who was passed over, why."""

    candidate: Candidate | None = None
    ring_index: int | None = None
    passed_over: dict[int, str] = field(default_factory=dict)

    @property
    def escalation_reason(self) -> str:
        return escalation_reason(self.passed_over)


# Built once: a search runs it for one agent or a few, so building and compiling it each time would cost more
# than the query itself.
_FACTS = db.select(Agent.id, Agent.latitude, Agent.longitude, Agent.on_duty, Agent.active, Agent.last_seen_at,
                   Agent.capacity, Agent.open_jobs, Agent.service_codes, Agent.idle_since,
                   exists().where(Offer.agent_id == Agent.id, Offer.state == LIVE).label("holds_offer"))
_FACTS_OF_ONE = _FACTS.where(Agent.id == bindparam("agent_id"))  # the usual re-check: no IN list to render
_FACTS_OF_SOME = _FACTS.where(Agent.id.in_(bindparam("agent_ids", expanding=True)))


def agent_facts(agent_ids: list[int]) -> list[AgentFacts]:
    """The matching facts of these agents, in one query by primary key (with whether they hold a live offer)."""
    if not agent_ids:
        return []
    if len(agent_ids) == 1:
        rows = db.session.connection().execute(_FACTS_OF_ONE, {"agent_id": agent_ids[0]})
    else:
        rows = db.session.connection().execute(_FACTS_OF_SOME, {"agent_ids": list(agent_ids)})
    return [AgentFacts(*row) for row in rows]


def find_candidate(latitude: float, longitude: float, service_code: str, tried: set[int],
                   rings_km: tuple[int, ...] | None = None, cooling: set[int] = frozenset()) -> Search:
    """The nearest suitable agent in the smallest ring that has one; or none, with the agents passed over."""
    rings_km = rings_km or tuple(current_app.config["SEARCH_RINGS_KM"])
    stale_before = stale_cutoff()
    point = (latitude, longitude)
    search = Search()
    judged: set[int] = set()  # re-checked in the database and passed over: the index skips them
    while True:
        nearby = eligible_near(latitude, longitude, rings_km, service_code, stale_before, tried, cooling, judged,
                               FIRST_BATCH, 1 + SPHERE_ERROR, SLACK_KM)
        search.passed_over.update(nearby.passed_over)
        if not nearby.agent_ids:
            return search
        found = agent_facts(nearby.agent_ids)  # the database re-check of the few that may rank first
        eligible, wrong = [], set(nearby.agent_ids) - {facts.agent_id for facts in found}
        for gone in wrong:
            search.passed_over[gone] = OFF_DUTY  # removed from the database since it was indexed
        for facts in found:
            why = why_passed_over(facts, service_code, stale_before, tried, cooling)
            if why is None:
                eligible.append(facts)
            else:
                search.passed_over[facts.agent_id] = why
                wrong.add(facts.agent_id)
        if wrong:  # Redis said yes, the database no: write the database's facts back, and look further
            reindex_agents(sorted(wrong))
            judged |= wrong
        if len(eligible) == 1:  # nothing to rank: the index's distance (on a sphere, within 0.6 %) is kept
            [facts] = eligible
            search.candidate = Candidate(facts.agent_id, nearby.index_km[facts.agent_id], facts.open_jobs,
                                         facts.idle_since)
            search.ring_index = nearby.ring_index
            return search
        if eligible:  # agents as near as each other within the sphere's error: measured on the ellipsoid, ranked
            ranked = rank_candidates([Candidate.for_agent(facts, point) for facts in eligible])
            search.candidate, search.ring_index = ranked[0], nearby.ring_index
            return search


def candidate_for_request(request, skip: set[int] = frozenset()) -> Search:
    """The search for one request: agents who declined it never again, those who let it expire after a cool-down."""
    tried, cooling = tried_and_cooling_agents(request.id)
    return find_candidate(request.latitude, request.longitude, request.service_code, tried, cooling=cooling | set(skip))
