"""Pure matching: which agents may take a request, how they rank, and why nobody could."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dispatch.geo import distance_km

# Why an agent found in range was passed over (None: they may be offered the request).
OFF_DUTY, STALE, FULL, NOT_ALLOWED, TRIED, BUSY = "off_duty", "stale", "full", "not_allowed", "tried", "busy"
COOLING = "cooling"  # let an earlier offer of this request expire, and the cool-down has not passed

# Why a request was escalated to supervisors: stable codes shown on the board and by the IVR status.
# "All busy" is not among them: such a request waits its turn without troubling anyone.
NO_AGENT_IN_RANGE, ALL_DECLINED, ALL_BUSY = "no_agent_in_range", "all_declined", "all_busy"
DOCUMENTS_MISSING = "documents_missing"  # the visiting agent found the citizen's documents incomplete
NOT_TAKEN = "not_taken"  # offered OFFER_MAX_ATTEMPTS times and nobody took it (dispatch goes on offering)
ESCALATION_REASONS = (NO_AGENT_IN_RANGE, ALL_DECLINED, DOCUMENTS_MISSING, NOT_TAKEN)


@dataclass(frozen=True)
class AgentFacts:
    """What matching needs to know about one agent, as read from the database."""

    agent_id: int
    latitude: float
    longitude: float
    on_duty: bool
    active: bool
    last_seen_at: datetime | None
    capacity: int
    open_jobs: int
    service_codes: list[str] | None
    idle_since: datetime
    holds_offer: bool = False


@dataclass(frozen=True)
class Candidate:
    """An agent who could take the request, with what ranking needs."""

    agent_id: int
    distance_km: float
    open_jobs: int
    idle_since: datetime

    @classmethod
    def for_agent(cls, agent, point: tuple[float, float]) -> Candidate:
        """The candidate for an agent (anything with id, latitude, longitude, open_jobs, idle_since)."""
        agent_id = getattr(agent, "agent_id", None) or agent.id
        return cls(agent_id, distance_km((agent.latitude, agent.longitude), point), agent.open_jobs,
                   agent.idle_since)


def why_passed_over(agent: AgentFacts, service_code: str, stale_before: datetime, tried: set[int],
                    cooling: set[int] = frozenset()) -> str | None:
    """The reason code an agent cannot be offered this request now, or None when they can.

    `tried`: declined it (or took it and gave it back): never again. `cooling`: let it expire lately: later.
    """
    if not (agent.on_duty and agent.active):
        return OFF_DUTY
    if agent.agent_id in tried:
        return TRIED
    if agent.agent_id in cooling:
        return COOLING
    if agent.last_seen_at is None or agent.last_seen_at < stale_before:
        return STALE
    if agent.open_jobs >= agent.capacity:
        return FULL
    if agent.service_codes is not None and service_code not in agent.service_codes:
        return NOT_ALLOWED
    if agent.holds_offer:
        return BUSY  # one offer at a time: they are deciding on another request
    return None


def rank_candidates(candidates: list[Candidate]) -> list[Candidate]:
    """Nearest first, then fewest open jobs, then longest idle."""
    return sorted(candidates, key=lambda c: (c.distance_km, c.open_jobs, c.idle_since))


def escalation_reason(passed_over: dict[int, str]) -> str:
    """Why nobody in the widest ring can take the request, from the reasons each agent there was passed over.

    ALL_BUSY (someone present may take it later: full, deciding on another offer, cooling down, stale) is a wait,
    not an escalation.
    """
    # Off duty, or not allowed to do this service: as good as absent for this request.
    present = {agent_id: why for agent_id, why in passed_over.items() if why not in (OFF_DUTY, NOT_ALLOWED)}
    if not present:
        return NO_AGENT_IN_RANGE
    if all(why == TRIED for why in present.values()):
        return ALL_DECLINED
    return ALL_BUSY


def next_search_delay(wait_rounds: int, retry_seconds: tuple[int, ...]) -> int:
    """Seconds until a waiting request is searched again after `wait_rounds` fruitless searches (1 = the first):
    the schedule's steps, then its last step for ever."""
    return retry_seconds[min(max(wait_rounds, 1), len(retry_seconds)) - 1]
