"""Pure matching: rank candidate agents for a request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dispatch.geo import distance_km


@dataclass(frozen=True)
class Candidate:
    """An agent who could take the request, with what ranking needs."""

    agent_id: int
    distance_km: float
    open_jobs: int
    idle_since: datetime

    @classmethod
    def for_agent(cls, agent, point: tuple[float, float]) -> Candidate:
        return cls(agent.id, distance_km((agent.latitude, agent.longitude), point), agent.open_jobs,
                   agent.idle_since)


def rank_candidates(candidates: list[Candidate]) -> list[Candidate]:
    """Nearest first, then fewest open jobs, then longest idle."""
    return sorted(candidates, key=lambda c: (c.distance_km, c.open_jobs, c.idle_since))
