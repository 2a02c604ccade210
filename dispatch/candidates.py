"""The candidate search: the spatial index narrows, the database decides, the pure matcher ranks.

Per ring (5, 10, 25, 50 km by default): GEOSEARCH the nearest indexed agents, read their current facts
by primary key in one query, keep the dispatchable ones, rank them by geodesic distance. Never a scan
of every agent.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import exists

from core.extensions import db
from dispatch.index import agents_near, ensure_agent_index, stale_cutoff
from dispatch.matching import OFF_DUTY, AgentFacts, Candidate, escalation_reason, rank_candidates, why_passed_over
from dispatch.models import LIVE, Agent, Offer
from dispatch.offers import tried_and_cooling_agents

SPHERE_ERROR = 0.006  # Redis measures on a sphere; geodesic distances differ by under 0.6 %
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


def agent_facts(agent_ids: list[int]) -> list[AgentFacts]:
    """The matching facts of these agents, in one query by primary key (with whether they hold a live offer)."""
    if not agent_ids:
        return []
    holds_offer = exists().where(Offer.agent_id == Agent.id, Offer.state == LIVE).label("holds_offer")
    rows = db.session.execute(
        db.select(Agent.id, Agent.latitude, Agent.longitude, Agent.on_duty, Agent.active, Agent.last_seen_at,
                  Agent.capacity, Agent.open_jobs, Agent.service_codes, Agent.idle_since, holds_offer)
        .where(Agent.id.in_(agent_ids))
    )
    return [AgentFacts(*row) for row in rows]


def find_candidate(latitude: float, longitude: float, service_code: str, tried: set[int],
                   rings_km: tuple[int, ...] | None = None, cooling: set[int] = frozenset()) -> Search:
    """The nearest suitable agent in the smallest ring that has one; or none, with the agents passed over."""
    ensure_agent_index()
    rings_km = rings_km or tuple(current_app.config["SEARCH_RINGS_KM"])
    stale_before = stale_cutoff()
    point = (latitude, longitude)
    search = Search()
    for ring_index, ring_km in enumerate(rings_km):
        batch = FIRST_BATCH
        while True:
            hits = agents_near(latitude, longitude, ring_km, batch)
            fresh_ids = [agent_id for agent_id, _km in hits if agent_id not in search.passed_over]
            eligible = []
            found = agent_facts(fresh_ids)
            for gone in set(fresh_ids) - {facts.agent_id for facts in found}:
                search.passed_over[gone] = OFF_DUTY  # removed from the database since it was indexed
            for facts in found:
                why = why_passed_over(facts, service_code, stale_before, tried, cooling)
                if why is None:
                    eligible.append(facts)
                else:
                    search.passed_over[facts.agent_id] = why
            if eligible:
                nearest = _close_to_nearest(eligible, dict(hits))
                ranked = rank_candidates([Candidate.for_agent(facts, point) for facts in nearest])
                search.candidate, search.ring_index = ranked[0], ring_index
                return search
            if len(hits) < batch:
                break  # everyone in this ring was looked at
            batch *= 4
    return search


def _close_to_nearest(eligible: list[AgentFacts], index_km: dict[int, float]) -> list[AgentFacts]:
    """Those whose index (spherical) distance is within the sphere-vs-ellipsoid error of the nearest one:
    only they can rank first by geodesic distance, so only they are measured with it."""
    nearest_km = min(index_km[facts.agent_id] for facts in eligible)
    bound = nearest_km * (1 + SPHERE_ERROR) + 0.05
    return [facts for facts in eligible if index_km[facts.agent_id] <= bound]


def candidate_for_request(request, skip: set[int] = frozenset()) -> Search:
    """The search for one request: agents who declined it never again, those who let it expire after a cool-down."""
    tried, cooling = tried_and_cooling_agents(request.id)
    return find_candidate(request.latitude, request.longitude, request.service_code, tried, cooling=cooling | set(skip))
