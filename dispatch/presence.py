"""Agent presence: on duty, off duty, heartbeats. The database is written first; the index and the agent's
filtering facts in Redis follow the commit."""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from core.clock import utcnow
from core.extensions import db
from dispatch.index import drop_agent, index_agent, stale_cutoff
from dispatch.models import Agent
from dispatch.offers import withdraw_live_offer
from dispatch.waiting import wake_waiting_near_agent

log = logging.getLogger(__name__)


class UnknownAgent(LookupError):
    """No agent has that id."""


def go_on_duty(agent_id: int, lat: float | None = None, lon: float | None = None) -> Agent:
    """The agent starts taking offers, from the reported position or else from their centre."""
    agent = _agent(agent_id)
    if lat is None or lon is None:
        lat, lon = agent.centre.latitude, agent.centre.longitude
    _check_position(lat, lon)
    now = utcnow()
    if not agent.on_duty and agent.open_jobs == 0:
        agent.idle_since = now
    agent.on_duty, agent.last_seen_at, agent.latitude, agent.longitude = True, now, lat, lon
    db.session.commit()
    _reindex(agent)
    wake_waiting_near_agent(agent.id)  # requests waiting for someone in range are offered now, not at the next sweep
    return agent


def go_off_duty(agent_id: int) -> Agent:
    """The agent stops taking offers: a live offer is withdrawn and goes to the next agent (jobs already
    held stay theirs)."""
    agent = _agent(agent_id)
    agent.on_duty = False
    db.session.commit()
    _reindex(agent)
    # After the commit: a dispatcher deciding now sees the agent off duty and offers them nothing new.
    withdraw_live_offer(agent_id, "agent went off duty")
    return agent


def record_heartbeat(agent_id: int, lat: float | None = None, lon: float | None = None) -> Agent:
    """The agent's console is alive (and, when given, this is where they are now)."""
    agent = _agent(agent_id)
    if lat is not None and lon is not None:
        _check_position(lat, lon)
        agent.latitude, agent.longitude = lat, lon
    was_stale = agent.last_seen_at is None or agent.last_seen_at < stale_cutoff()
    agent.last_seen_at = utcnow()
    db.session.commit()
    _reindex(agent)
    if was_stale and agent.on_duty:
        wake_waiting_near_agent(agent.id)  # fresh again: dispatchable from now
    return agent


def _agent(agent_id: int) -> Agent:
    agent = db.session.get(Agent, agent_id)
    if agent is None:
        raise UnknownAgent(agent_id)
    return agent


def _check_position(lat: float, lon: float) -> None:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"not a position: {lat}, {lon}")


def _reindex(agent: Agent) -> None:
    # After the commit: the index never holds a fact the database does not. If Redis is down the
    # sweeper's rebuild catches up.
    try:
        if agent.on_duty and agent.active:
            index_agent(agent)
        else:
            drop_agent(agent.id)
    except RedisError:
        log.warning("agent index unavailable; agent %s will be indexed by the sweeper", agent.id)
