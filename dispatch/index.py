"""The spatial index of dispatchable agents and their filtering facts in Redis, rebuilt from the database (the
system of record).

Members of the GEO set are agents on duty and active when last written. Beside it, keyed by agent id: the last
heartbeat, the jobs they may still take, the services they are limited to, and the expiry of the offer they are
deciding on. Every fact is written after the database commit that changed it; a fact may lag or be lost (a
crash between commit and write, a flush), so the search re-checks its pick in the database
(dispatch.candidates) and the sweeper's periodic rebuild makes Redis converge.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from redis import Redis
from redis.exceptions import LockError, NoScriptError, RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session

from core.clock import utcnow
from core.extensions import db, queues
from dispatch.matching import BUSY, COOLING, FULL, NOT_ALLOWED, STALE, TRIED
from dispatch.models import LIVE, Agent, Offer

log = logging.getLogger(__name__)

GEO_KEY = "digidost:agents:geo"
SEEN_KEY = "digidost:agents:seen"  # agent id → last heartbeat (epoch seconds), to drop stale agents cheaply
ROOM_KEY = "digidost:agents:room"  # agent id → jobs they may still take (capacity − open jobs)
ONLY_KEY = "digidost:agents:only"  # agent id → ",code,code," for agents limited to some services (absent: all)
OFFER_KEY = "digidost:agents:offer"  # agent id → expiry (epoch seconds) of the live offer they are deciding on
FACT_KEYS = (GEO_KEY, SEEN_KEY, ROOM_KEY, ONLY_KEY, OFFER_KEY)
BUILT_KEY = "digidost:agents:built"  # present once the index was built from the database
REBUILD_DUE_KEY = "digidost:agents:rebuild-due"  # while present, the periodic rebuild is not due
REBUILD_EVERY_SECONDS = 300
# One rebuild at a time: after a flush every dispatch job and the sweeper would otherwise rebuild at once.
REBUILD_LOCK_KEY = "digidost:agents:rebuilding"
REBUILD_LOCK_SECONDS = 60  # longer than any rebuild; frees the lock of a process that died mid-rebuild
_CHUNK = 5_000
_STAGED = "digidost.index.staged"  # Session.info key: fact writes waiting for the transaction's commit

# The search, server-side: GEOSEARCH ring by ring (nearest `batch`, widened fourfold while all are passed over;
# the first ring in steps of INNER_RADII_KM, as GEOSEARCH's cost grows with the area it scans)
# and every filter on the facts above, in one round trip. Returns the eligible agents within the
# sphere-vs-ellipsoid error of the nearest eligible one (only they can rank first), with the index distance,
# and the reason each agent looked at was passed over. Stops after `budget` agents so that a search where
# everyone is busy never blocks Redis for long; the caller resumes it from the state returned.
SEARCH_SCRIPT = """
local geo, seen, room, only, offer, built = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
if redis.call('EXISTS', built) == 0 then return {0} end
local lon, lat = ARGV[1], ARGV[2]
local stale_before, now, wanted = tonumber(ARGV[3]), tonumber(ARGV[4]), ',' .. ARGV[5] .. ','
local steps = {}  -- radius, ring it belongs to
for km, ring in string.gmatch(ARGV[6], '([^:,]+):([^,]+)') do steps[#steps + 1] = {km, tonumber(ring)} end
local first_batch, budget = tonumber(ARGV[7]), tonumber(ARGV[8])
local step, batch, start = tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local sphere_factor, slack_km = tonumber(ARGV[12]), tonumber(ARGV[13])
local function set_of(csv)
  local set = {}
  for id in string.gmatch(csv, '[^,]+') do set[id] = true end
  return set
end
local tried, cooling, judged = set_of(ARGV[14]), set_of(ARGV[15]), set_of(ARGV[16])
local found, passed, bound, looked, first = {}, {}, nil, 0, nil
while step <= #steps do
  local radius, ring = steps[step][1], steps[step][2]
  local hits = redis.call('GEOSEARCH', geo, 'FROMLONLAT', lon, lat, 'BYRADIUS', radius, 'km',
                          'ASC', 'COUNT', batch, 'WITHDIST')
  for i = start + 1, #hits do
    local id, km = hits[i][1], tonumber(hits[i][2])
    if bound and km > bound then return {1, ring, 0, 0, found, passed} end
    local why = nil
    if judged[id] then why = 0
    elseif tried[id] then why = 5
    elseif cooling[id] then why = 7
    else
      local at = redis.call('ZSCORE', seen, id)
      if not at or tonumber(at) < stale_before then why = 2
      else
        local left = redis.call('HGET', room, id)
        if left and tonumber(left) <= 0 then why = 3
        else
          local codes = redis.call('HGET', only, id)
          if codes and not string.find(codes, wanted, 1, true) then why = 4
          else
            local expires = redis.call('HGET', offer, id)
            if expires and tonumber(expires) > now then why = 6 end
          end
        end
      end
    end
    if why == nil then
      if not bound then bound, first = km * sphere_factor + slack_km, i end
      found[#found + 1] = id
      found[#found + 1] = hits[i][2]
    elseif why > 0 then
      passed[#passed + 1] = id
      passed[#passed + 1] = why
    end
    looked = looked + 1
    if not bound and looked >= budget and i < #hits then return {3, step, batch, i, found, passed} end
  end
  local last_of_ring = step == #steps or steps[step + 1][2] ~= ring
  if bound and (bound <= tonumber(radius) or #hits >= batch or last_of_ring) then
    return {1, ring, 0, 0, found, passed}
  elseif bound then  -- agents as near as the first eligible one may lie just past this inner radius: widen
    step, start, batch, found, bound = step + 1, first - 1, math.max(batch, first - 1 + first_batch), {}, nil
  elseif #hits < batch then
    step, start, batch = step + 1, #hits, #hits + first_batch
  else
    start, batch = #hits, batch * 4
  end
end
return {2, 0, 0, 0, found, passed}
"""
_SEARCH_SHA = hashlib.sha1(SEARCH_SCRIPT.encode(), usedforsecurity=False).hexdigest()  # Redis names scripts so
_REASONS = {2: STALE, 3: FULL, 4: NOT_ALLOWED, 5: TRIED, 6: BUSY, 7: COOLING}
SEARCH_BUDGET = 2_048  # agents looked at per script call (a fraction of a millisecond of Redis time)
INNER_RADII_KM = (0.5, 1, 2)  # at 550,000 agents a 5 km GEOSEARCH scans ~17,000 members; 0.5 km a hundred


class IndexRebuilding(Exception):
    """The index is missing and another process is building it: search again in a moment."""


@dataclass
class NearbyEligible:
    """What the index says: the agents who may rank first (with index km), in which ring, and who was passed over."""

    agent_ids: list[int] = field(default_factory=list)
    index_km: dict[int, float] = field(default_factory=dict)
    ring_index: int | None = None
    passed_over: dict[int, str] = field(default_factory=dict)


def _redis() -> Redis:
    return queues.connection


def _epoch(moment: datetime) -> float:
    return (moment - datetime(1970, 1, 1)).total_seconds()


def _only(service_codes: list[str] | None) -> str | None:
    return None if service_codes is None else "," + ",".join(service_codes) + ","


def _write_facts(pipe, agent_id: int, latitude: float, longitude: float, seen_at: datetime | None, room: int,
                 service_codes: list[str] | None) -> None:
    pipe.geoadd(GEO_KEY, (longitude, latitude, agent_id))
    pipe.zadd(SEEN_KEY, {agent_id: _epoch(seen_at) if seen_at else 0})
    pipe.hset(ROOM_KEY, agent_id, room)
    if service_codes is None:
        pipe.hdel(ONLY_KEY, agent_id)
    else:
        pipe.hset(ONLY_KEY, agent_id, _only(service_codes))


def _drop_facts(pipe, *agent_ids: int) -> None:
    pipe.zrem(GEO_KEY, *agent_ids)
    pipe.zrem(SEEN_KEY, *agent_ids)
    pipe.hdel(ROOM_KEY, *agent_ids)
    pipe.hdel(ONLY_KEY, *agent_ids)


def index_agent(agent: Agent) -> None:
    """Put (or move) one agent in the index with their facts, as just committed (presence)."""
    pipe = _redis().pipeline(transaction=True)
    _write_facts(pipe, agent.id, agent.latitude, agent.longitude, agent.last_seen_at,
                 agent.capacity - agent.open_jobs, agent.service_codes)
    pipe.execute()


def drop_agent(agent_id: int) -> None:
    """Take one agent out of the index."""
    pipe = _redis().pipeline(transaction=True)
    _drop_facts(pipe, agent_id)
    pipe.execute()


def reindex_agent(agent_id: int) -> None:
    """Rewrite one agent's index entry and facts from the database: call after committing a change to their
    capacity, services, or active flag (the roster). Redis errors are logged: the sweeper's rebuild catches up."""
    reindex_agents([agent_id])


def reindex_agents(agent_ids: list[int]) -> None:
    """Rewrite these agents' index entries and facts from the database (one query, one pipeline)."""
    if not agent_ids:
        return
    live_until = (db.select(Offer.expires_at).where(Offer.agent_id == Agent.id, Offer.state == LIVE)
                  .limit(1).scalar_subquery().label("live_until"))
    rows = db.session.execute(
        db.select(Agent.id, Agent.latitude, Agent.longitude, Agent.on_duty, Agent.active, Agent.last_seen_at,
                  Agent.capacity, Agent.open_jobs, Agent.service_codes, live_until)
        .where(Agent.id.in_(agent_ids))).all()
    try:
        pipe = _redis().pipeline(transaction=True)
        missing = set(agent_ids) - {row.id for row in rows}
        if missing:
            _drop_facts(pipe, *missing)
            pipe.hdel(OFFER_KEY, *missing)
        for row in rows:
            if row.on_duty and row.active:
                _write_facts(pipe, row.id, row.latitude, row.longitude, row.last_seen_at,
                             row.capacity - row.open_jobs, row.service_codes)
            else:
                _drop_facts(pipe, row.id)
            if row.live_until is not None:
                pipe.hset(OFFER_KEY, row.id, _epoch(row.live_until))
            else:
                pipe.hdel(OFFER_KEY, row.id)
        pipe.execute()
    except RedisError:
        log.warning("agent index unavailable; agents %s will be reindexed by the sweeper", agent_ids)


# Facts changed inside a transaction (an offer made or closed, a job taken or released) are staged on the
# session and written when it commits; a rollback forgets them. Redis never holds a fact the database does not.

def _stage(*command) -> None:
    db.session.info.setdefault(_STAGED, []).append(command)


def offer_made_after_commit(agent_id: int, expires_at: datetime) -> None:
    """Once committed: the agent is deciding on an offer until expires_at."""
    _stage("hset", OFFER_KEY, agent_id, _epoch(expires_at))


def offer_closed_after_commit(agent_id: int) -> None:
    """Once committed: the agent's live offer was accepted, declined, expired or withdrawn."""
    _stage("hdel", OFFER_KEY, agent_id)


def room_after_commit(agent_id: int, room: int) -> None:
    """Once committed: the agent may take `room` more jobs (a job was taken or released)."""
    _stage("hset", ROOM_KEY, agent_id, room)


@event.listens_for(Session, "after_commit")
def _write_staged_facts(session: Session) -> None:
    staged = session.info.pop(_STAGED, None)
    if not staged:
        return
    try:
        pipe = _redis().pipeline(transaction=False)
        for name, *args in staged:
            getattr(pipe, name)(*args)
        pipe.execute()
    except RedisError:  # committed all the same: the search re-checks in the database, the rebuild catches up
        log.warning("agent facts not written to the index (%d changes); the sweeper's rebuild catches up",
                    len(staged))


@event.listens_for(Session, "after_rollback")
def _forget_staged_facts(session: Session) -> None:
    session.info.pop(_STAGED, None)


def agents_near(latitude: float, longitude: float, radius_km: float, count: int) -> list[tuple[int, float]]:
    """Up to `count` indexed agents within radius_km, nearest first, as (agent id, km) pairs (no filter)."""
    hits = _redis().geosearch(GEO_KEY, longitude=longitude, latitude=latitude, radius=radius_km, unit="km",
                              sort="ASC", count=count, withdist=True)
    return [(int(member), float(km)) for member, km in hits]


def eligible_near(latitude: float, longitude: float, rings_km: tuple[int, ...], service_code: str,
                  stale_before: datetime, tried: set[int], cooling: set[int], judged: set[int],
                  first_batch: int, sphere_factor: float, slack_km: float) -> NearbyEligible:
    """The index's answer to a search, every filter applied in Redis (`judged`: skipped, already decided).

    Builds the index first when it is missing; IndexRebuilding when another process is building it.
    """
    redis = _redis()
    args = [longitude, latitude, _epoch(stale_before), _epoch(utcnow()), service_code,
            _steps(rings_km), first_batch, SEARCH_BUDGET, 1, first_batch, 0,
            sphere_factor, slack_km, _csv(tried), _csv(cooling), _csv(judged)]
    nearby = NearbyEligible()
    while True:
        status, *rest = _run_search(redis, args)
        if status == 0:
            ensure_agent_index()
            continue
        where, batch, start, found, passed = rest  # where: the ring found in, or the step to resume at
        for position in range(0, len(passed), 2):
            nearby.passed_over[int(passed[position])] = _REASONS[passed[position + 1]]
        for position in range(0, len(found), 2):
            agent_id = int(found[position])
            nearby.agent_ids.append(agent_id)
            nearby.index_km[agent_id] = float(found[position + 1])
        if status == 1:
            nearby.ring_index = where - 1
            return nearby
        if status == 2:
            return nearby
        args[8:11] = [where, batch, start]  # the budget ran out: resume where the script stopped


def _run_search(redis: Redis, args: list) -> list:
    keys = [*FACT_KEYS, BUILT_KEY]
    try:
        return redis.evalsha(_SEARCH_SHA, len(keys), *keys, *args)
    except NoScriptError:  # a restarted or new server: load it once
        redis.script_load(SEARCH_SCRIPT)
        return redis.evalsha(_SEARCH_SHA, len(keys), *keys, *args)


def _steps(rings_km: tuple[int, ...]) -> str:
    """The radii searched, each with its ring (1-based): the inner radii below the first ring, then the rings."""
    inner = [f"{km}:1" for km in INNER_RADII_KM if km < rings_km[0]]
    return ",".join([*inner, *(f"{km}:{ring}" for ring, km in enumerate(rings_km, 1))])


def _csv(agent_ids: set[int]) -> str:
    return ",".join(str(agent_id) for agent_id in agent_ids)


def drop_stale_agents(stale_before: datetime) -> int:
    """Remove agents whose last heartbeat is older than stale_before; return how many."""
    redis = _redis()
    stale = redis.zrangebyscore(SEEN_KEY, "-inf", _epoch(stale_before))
    if not stale:
        return 0
    pipe = redis.pipeline(transaction=True)
    _drop_facts(pipe, *stale)
    pipe.execute()
    return len(stale)


def stale_cutoff() -> datetime:
    """Heartbeats older than this are stale: such agents get no offers."""
    return utcnow() - timedelta(seconds=current_app.config["PRESENCE_STALE_SECONDS"])


def rebuild_agent_index() -> int | None:
    """Rebuild the index and its facts from the database (agents on duty, active, fresh; live offers); swap it in
    atomically.

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
    building = {key: f"{key}:building:{suffix}" for key in FACT_KEYS}
    written: set[str] = set()
    rows = db.session.execute(
        db.select(Agent.id, Agent.latitude, Agent.longitude, Agent.last_seen_at, Agent.capacity, Agent.open_jobs,
                  Agent.service_codes)
        .where(Agent.on_duty.is_(True), Agent.active.is_(True), Agent.last_seen_at >= stale_cutoff())
        .execution_options(yield_per=_CHUNK)
    )
    total = 0
    for chunk in rows.partitions(_CHUNK):
        pipe = redis.pipeline(transaction=False)
        pipe.geoadd(building[GEO_KEY], [value for r in chunk for value in (r.longitude, r.latitude, r.id)])
        pipe.zadd(building[SEEN_KEY], {r.id: _epoch(r.last_seen_at) for r in chunk})
        pipe.hset(building[ROOM_KEY], mapping={r.id: r.capacity - r.open_jobs for r in chunk})
        written.update((GEO_KEY, SEEN_KEY, ROOM_KEY))
        limited = {r.id: _only(r.service_codes) for r in chunk if r.service_codes is not None}
        if limited:
            pipe.hset(building[ONLY_KEY], mapping=limited)
            written.add(ONLY_KEY)
        for key in written:
            pipe.expire(building[key], 600)
        pipe.execute()
        total += len(chunk)
    offers = db.session.execute(db.select(Offer.agent_id, Offer.expires_at).where(Offer.state == LIVE)
                                .execution_options(yield_per=_CHUNK))
    for chunk in offers.partitions(_CHUNK):
        pipe = redis.pipeline(transaction=False)
        pipe.hset(building[OFFER_KEY], mapping={r.agent_id: _epoch(r.expires_at) for r in chunk})
        pipe.expire(building[OFFER_KEY], 600)
        pipe.execute()
        written.add(OFFER_KEY)
    db.session.rollback()  # end the read transaction (a long one would hold back PostgreSQL's vacuum)
    pipe = redis.pipeline(transaction=True)
    for key in FACT_KEYS:
        if key in written:
            pipe.persist(building[key])
            pipe.rename(building[key], key)
        else:
            pipe.delete(key)
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
