"""The spatial index of dispatchable agents: a Redis GEO set, rebuilt from the database (the system of record).

Members are agents on duty, active and fresh when last written. The index may lag the database by a
moment (a rebuild racing a heartbeat); the database filter after every search makes that harmless,
and the sweeper's stale drop and periodic rebuild make it converge.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import current_app
from redis import Redis
from redis.exceptions import LockError

from core.clock import utcnow
from core.extensions import db, queues
from dispatch.models import Agent

GEO_KEY = "digidost:agents:geo"
SEEN_KEY = "digidost:agents:seen"  # agent id → last heartbeat (epoch seconds), to drop stale agents cheaply
BUILT_KEY = "digidost:agents:built"  # present once the index was built from the database
REBUILD_DUE_KEY = "digidost:agents:rebuild-due"  # while present, the periodic rebuild is not due
REBUILD_EVERY_SECONDS = 300
# One rebuild at a time: after a flush every dispatch job and the sweeper would otherwise rebuild at once.
REBUILD_LOCK_KEY = "digidost:agents:rebuilding"
REBUILD_LOCK_SECONDS = 60  # longer than any rebuild; frees the lock of a process that died mid-rebuild
_CHUNK = 5_000


class IndexRebuilding(Exception):
    """The index is missing and another process is building it: search again in a moment."""


def _redis() -> Redis:
    return queues.connection


def _epoch(moment: datetime) -> float:
    return (moment - datetime(1970, 1, 1)).total_seconds()


def index_agent(agent_id: int, latitude: float, longitude: float, seen_at: datetime) -> None:
    """Put (or move) one agent in the index."""
    pipe = _redis().pipeline(transaction=True)
    pipe.geoadd(GEO_KEY, (longitude, latitude, agent_id))
    pipe.zadd(SEEN_KEY, {agent_id: _epoch(seen_at)})
    pipe.execute()


def drop_agent(agent_id: int) -> None:
    """Take one agent out of the index."""
    pipe = _redis().pipeline(transaction=True)
    pipe.zrem(GEO_KEY, agent_id)
    pipe.zrem(SEEN_KEY, agent_id)
    pipe.execute()


def agents_near(latitude: float, longitude: float, radius_km: float, count: int) -> list[tuple[int, float]]:
    """Up to `count` indexed agents within radius_km, nearest first, as (agent id, km) pairs."""
    hits = _redis().geosearch(GEO_KEY, longitude=longitude, latitude=latitude, radius=radius_km, unit="km",
                              sort="ASC", count=count, withdist=True)
    return [(int(member), float(km)) for member, km in hits]


def drop_stale_agents(stale_before: datetime) -> int:
    """Remove agents whose last heartbeat is older than stale_before; return how many."""
    redis = _redis()
    stale = redis.zrangebyscore(SEEN_KEY, "-inf", _epoch(stale_before))
    if not stale:
        return 0
    pipe = redis.pipeline(transaction=True)
    pipe.zrem(GEO_KEY, *stale)
    pipe.zrem(SEEN_KEY, *stale)
    pipe.execute()
    return len(stale)


def stale_cutoff() -> datetime:
    """Heartbeats older than this are stale: such agents get no offers."""
    return utcnow() - timedelta(seconds=current_app.config["PRESENCE_STALE_SECONDS"])


def rebuild_agent_index() -> int | None:
    """Rebuild the index from the database (agents on duty, active, fresh); swap it in atomically.

    Returns how many agents were indexed, or None when another process holds the rebuild lock.
    """
    lock = _redis().lock(REBUILD_LOCK_KEY, timeout=REBUILD_LOCK_SECONDS, blocking=False)
    if not lock.acquire():
        return None
    try:
        return _rebuild()
    finally:
        try:
            lock.release()
        except LockError:  # held past its timeout and taken over: the other rebuild releases its own
            pass


def _rebuild() -> int:
    redis = _redis()
    suffix = uuid.uuid4().hex
    geo_tmp, seen_tmp = f"{GEO_KEY}:building:{suffix}", f"{SEEN_KEY}:building:{suffix}"
    rows = db.session.execute(
        db.select(Agent.id, Agent.latitude, Agent.longitude, Agent.last_seen_at)
        .where(Agent.on_duty.is_(True), Agent.active.is_(True), Agent.last_seen_at >= stale_cutoff())
        .execution_options(yield_per=_CHUNK)
    )
    total = 0
    for chunk in rows.partitions(_CHUNK):
        pipe = redis.pipeline(transaction=False)
        pipe.geoadd(geo_tmp, [value for r in chunk for value in (r.longitude, r.latitude, r.id)])
        pipe.zadd(seen_tmp, {r.id: _epoch(r.last_seen_at) for r in chunk})
        pipe.expire(geo_tmp, 600)
        pipe.expire(seen_tmp, 600)
        pipe.execute()
        total += len(chunk)
    db.session.rollback()  # end the read transaction (a long one would hold back PostgreSQL's vacuum)
    pipe = redis.pipeline(transaction=True)
    if total:
        pipe.persist(geo_tmp)
        pipe.persist(seen_tmp)
        pipe.rename(geo_tmp, GEO_KEY)
        pipe.rename(seen_tmp, SEEN_KEY)
    else:
        pipe.delete(GEO_KEY, SEEN_KEY)
    pipe.set(BUILT_KEY, utcnow().isoformat())
    pipe.set(REBUILD_DUE_KEY, "1", ex=REBUILD_EVERY_SECONDS)
    pipe.execute()
    return total


def ensure_agent_index() -> bool:
    """Build the index if it is missing (first start, or Redis was flushed); return whether it was built.

    IndexRebuilding when it is missing and another process is building it.
    """
    if _redis().exists(BUILT_KEY):
        return False
    if rebuild_agent_index() is None:
        raise IndexRebuilding()
    return True


def refresh_agent_index() -> dict:
    """The sweeper's share: build when missing, rebuild when due, drop stale agents in between."""
    redis = _redis()
    if not redis.exists(BUILT_KEY) or redis.set(REBUILD_DUE_KEY, "1", ex=REBUILD_EVERY_SECONDS, nx=True):
        return {"rebuilt": rebuild_agent_index(), "dropped_stale": 0}
    return {"rebuilt": None, "dropped_stale": drop_stale_agents(stale_cutoff())}


def indexed_agent_ids() -> set[int]:
    """Every agent id in the index (for checks and tests; O(n))."""
    return {int(member) for member in _redis().zrange(GEO_KEY, 0, -1)}
