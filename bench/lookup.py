"""Benchmark: the candidate lookup with every filter, in one run against two baselines on the same data.

    .venv/bin/python bench/lookup.py                         # 2,000 / 50,000 / 550,000 agents over J&K
    .venv/bin/python bench/lookup.py --region india          # spread over India's bounding box
    .venv/bin/python bench/lookup.py --sizes 2000,50000      # quicker
    .venv/bin/python bench/lookup.py --smoke                 # a few hundred agents: checks that it runs

- `facts`: the real `dispatch.candidates.find_candidate`: one Redis round trip (a Lua script: GEOSEARCH per ring
  and every filter on the facts kept beside the GEO set), then the database re-check of the one or few agents
  that may rank first (by primary key), then geodesic ranking. `redis` is its Redis round trip alone.
- `geo+sql`: the previous design, kept here as the baseline: GEOSEARCH per ring (nearest 64, widened while all
  are passed over), the filtering facts read from the database by primary key, the pure matcher, ranking.
- `naive`: a Python loop over every agent in memory with geopy's geodesic (the database read is not counted).

Builds N synthetic agents in a throw-away SQLite file (or --database-url) and an embedded Redis (or
--redis-url; its keys are overwritten), with every filter in play: ~10 % off duty, ~5 % stale (still in the
index, as between two sweeps), ~25 % at capacity, ~20 % limited to another service, ~2 % deciding on a live
offer. Prints p50/p99 per size and the ratios. Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geopy.distance import geodesic  # noqa: E402
from sqlalchemy import delete, insert  # noqa: E402

REGIONS = {  # (south, north, west, east)
    "jk": (32.3, 36.0, 73.5, 76.8),  # Jammu & Kashmir: the dense case (550k agents ≈ 4.5 per km²)
    "india": (8.0, 35.0, 68.0, 97.0),
}
NAIVE_LOOKUPS = {2_000: 50, 50_000: 5, 550_000: 3}
SERVICE = "domicile"  # what every lookup asks for; the limited agents may do "character" only


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def build_app(args, workdir: str):
    from digidost import create_app

    config = {"TESTING": True, "SECRET_KEY": "bench", "TWILIO_AUTH_TOKEN": "bench",
              "DATABASE_URL": args.database_url or f"sqlite:///{workdir}/bench.sqlite3"}
    if args.redis_url:
        config["REDIS_URL"] = args.redis_url
    else:
        config["REDIS_EMBEDDED_DB"] = f"{workdir}/redis.db"
    return create_app(config)


def make_agents(size: int, region: tuple[float, float, float, float], rng: random.Random) -> list[dict]:
    from core.clock import utcnow

    now = utcnow()
    south, north, west, east = region
    agents = []
    for number in range(1, size + 1):
        roll = rng.random()
        agents.append({
            "id": number, "name": f"Agent {number}", "phone": f"+91{number:010d}", "centre_id": 1,
            "district": "Bench", "on_duty": roll >= 0.10,
            "last_seen_at": now - timedelta(minutes=30 if 0.10 <= roll < 0.15 else 1),
            "latitude": rng.uniform(south, north), "longitude": rng.uniform(west, east),
            "capacity": 3, "open_jobs": 3 if rng.random() < 0.25 else rng.randint(0, 2),
            "service_codes": ["character"] if rng.random() < 0.20 else None,
            "idle_since": now - timedelta(minutes=rng.randint(0, 600)), "active": True,
            "holds_offer": rng.random() < 0.02,
        })
    return agents


def load(agents: list[dict]) -> None:
    """The agents, and a live offer (of a request of their own) for those deciding on one."""
    from core.clock import utcnow
    from core.extensions import db
    from dispatch.models import OFFERED, Agent, Centre, Offer, ServiceRequest
    from fees.models import FeeNotification, Service

    for model in (Offer, ServiceRequest, Agent, Centre):
        db.session.execute(delete(model))
    for code in ("domicile", "character"):
        if db.session.get(Service, code) is None:
            db.session.add(Service(code=code, department="Bench", category="bench", name_en=code, name_hi=code,
                                   name_ur=code, psga_days=15))
    notice = db.session.scalar(db.select(FeeNotification).where(FeeNotification.number == "BENCH/1"))
    if notice is None:
        notice = FeeNotification(number="BENCH/1", issued_on=date(2024, 1, 1), issued_by="bench",
                                 effective_from=datetime(2024, 1, 1))
        db.session.add(notice)
    db.session.flush()
    db.session.execute(insert(Centre), [{"id": 1, "code": "BENCH", "name": "Bench Centre", "pin_code": "190001",
                                         "district": "Bench", "latitude": 34.0, "longitude": 74.8}])
    columns = {column.key for column in Agent.__table__.columns}
    rows = [{key: value for key, value in agent.items() if key in columns} for agent in agents]
    for start in range(0, len(rows), 20_000):
        db.session.execute(insert(Agent), rows[start:start + 20_000])
    now, deciding = utcnow(), [agent for agent in agents if agent["holds_offer"]]
    requests = [{"id": n, "number": f"B{n:09d}", "service_code": SERVICE, "state": OFFERED, "needs_dispatch": False,
                 "citizen_phone": f"+9198{n:08d}", "pin_code": "190001", "locality": "Bench", "district": "Bench",
                 "latitude": agent["latitude"], "longitude": agent["longitude"], "fee_notification_id": notice.id,
                 "government_fee": Decimal("0"), "service_fee": Decimal("50"), "agent_share": Decimal("40"),
                 "psga_due_on": date(2030, 1, 1)} for n, agent in enumerate(deciding, 1)]
    offers = [{"request_id": n, "agent_id": agent["id"], "distance_km": 1.0, "created_at": now,
               "expires_at": now + timedelta(hours=2)} for n, agent in enumerate(deciding, 1)]
    for start in range(0, len(requests), 20_000):
        db.session.execute(insert(ServiceRequest), requests[start:start + 20_000])
        db.session.execute(insert(Offer), offers[start:start + 20_000])
    db.session.commit()


def index_everyone(agents: list[dict]) -> float:
    """The sweeper's rebuild, then the stale agents written back as between two sweeps (their heartbeat stopped
    after the last one): the freshness filter has work to do. Returns the rebuild's seconds."""
    from core.clock import utcnow
    from core.extensions import db
    from dispatch.index import rebuild_agent_index, reindex_agents
    from dispatch.models import Agent

    # Loading 550,000 agents takes minutes: the fresh ones' heartbeats are made a minute old again now.
    beat, stale_from = utcnow() - timedelta(minutes=1), utcnow() - timedelta(minutes=20)
    db.session.execute(db.update(Agent).where(Agent.last_seen_at > stale_from).values(last_seen_at=beat))
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # statistics, as a live database has: the planner uses the indexes
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE agent, offer, service_request")
    for agent in agents:
        if agent["last_seen_at"] > stale_from:
            agent["last_seen_at"] = beat
    started = time.perf_counter()
    rebuild_agent_index()
    took = time.perf_counter() - started
    stale = [agent["id"] for agent in agents if agent["on_duty"] and agent["last_seen_at"] < _stale_before()]
    for start in range(0, len(stale), 5_000):
        reindex_agents(stale[start:start + 5_000])
    return took


def _stale_before():
    from dispatch.index import stale_cutoff

    return stale_cutoff()


def _redis_cpu() -> float:
    from core.extensions import queues

    cpu = queues.connection.info("cpu")
    return cpu["used_cpu_user"] + cpu["used_cpu_sys"]


def geo_sql_lookup(latitude: float, longitude: float, rings_km, stale_before) -> int | None:
    """The previous design: GEOSEARCH per ring, the filtering facts from the database by primary key."""
    from dispatch.candidates import FIRST_BATCH, SLACK_KM, SPHERE_ERROR, agent_facts
    from dispatch.index import agents_near, ensure_agent_index
    from dispatch.matching import Candidate, rank_candidates, why_passed_over

    ensure_agent_index()
    passed: set[int] = set()
    for ring_km in rings_km:
        batch = FIRST_BATCH
        while True:
            hits = agents_near(latitude, longitude, ring_km, batch)
            eligible = []
            for facts in agent_facts([agent_id for agent_id, _km in hits if agent_id not in passed]):
                if why_passed_over(facts, SERVICE, stale_before, set()) is None:
                    eligible.append(facts)
                else:
                    passed.add(facts.agent_id)
            if eligible:
                index_km = dict(hits)
                bound = min(index_km[f.agent_id] for f in eligible) * (1 + SPHERE_ERROR) + SLACK_KM
                nearest = [f for f in eligible if index_km[f.agent_id] <= bound]
                return rank_candidates([Candidate.for_agent(f, (latitude, longitude)) for f in nearest])[0].agent_id
            if len(hits) < batch:
                break
            batch *= 4
    return None


def naive_lookup(agents: list[dict], point: tuple[float, float], rings_km, stale_before) -> int | None:
    """The linear scan the index replaces: every agent filtered and measured with geopy's geodesic."""
    within = []
    for agent in agents:
        if not (agent["on_duty"] and agent["active"]) or agent["last_seen_at"] < stale_before:
            continue
        if agent["open_jobs"] >= agent["capacity"] or agent["holds_offer"]:
            continue
        if agent["service_codes"] is not None and SERVICE not in agent["service_codes"]:
            continue
        km = geodesic((agent["latitude"], agent["longitude"]), point).km
        if km <= rings_km[-1]:
            within.append((km, agent["open_jobs"], agent["idle_since"], agent["id"]))
    for ring_km in rings_km:
        ranked = sorted(c for c in within if c[0] <= ring_km)
        if ranked:
            return ranked[0][3]
    return None


def timed(lookup, points, cpu: list[float] | None = None) -> tuple[list[float], list[int | None]]:
    """Milliseconds per lookup, and the agent each chose (and this process's CPU seconds, added to `cpu`)."""
    from core.extensions import db

    took, picks = [], []
    for point in points:
        db.session.rollback()
        db.session.connection()  # a dispatch job searches in the transaction that has just read the request
        started, cpu_started = time.perf_counter(), time.process_time()
        pick = lookup(point)
        took.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append(time.process_time() - cpu_started)
        picks.append(pick)
    db.session.rollback()
    return took, picks


def profile(path: str, lookup, points) -> None:
    """A pyinstrument profile of these lookups, as text (the hot path, before and after)."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0001)
    with profiler:
        timed(lookup, points)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(profiler.output_text(unicode=True, show_all=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,50000,550000")
    parser.add_argument("--region", choices=sorted(REGIONS), default="jk")
    parser.add_argument("--lookups", type=int, default=1000, help="lookups per size (facts, redis, geo+sql)")
    parser.add_argument("--naive-lookups", type=int, default=None, help="naive scans per size (default 50/5/3)")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--redis-url", default=None)
    parser.add_argument("--seed", type=int, default=1447)
    parser.add_argument("--smoke", action="store_true", help="300 agents, 20 lookups: checks that it runs")
    parser.add_argument("--profile", metavar="DIR", default=None,
                        help="also profile the facts and geo+sql lookups with pyinstrument; text reports in DIR")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.lookups, args.naive_lookups = "300", 20, 3
    rng = random.Random(args.seed)
    region = REGIONS[args.region]

    with tempfile.TemporaryDirectory() as workdir:
        app = build_app(args, workdir)
        with app.app_context():
            from core.extensions import db

            db.create_all()
            backend = db.engine.dialect.name
            rings = tuple(app.config["SEARCH_RINGS_KM"])
            print(f"region={args.region} rings={rings} km database={backend} redis={app.config['REDIS_URL']}")
            print("facts   = find_candidate(): one Redis round trip (Lua: GEOSEARCH + every filter on the facts in "
                  f"Redis) + {backend} re-check of the pick by primary key + geodesic ranking")
            print("redis   = that Redis round trip alone (dispatch.index.eligible_near)")
            print(f"geo+sql = the previous design: GEOSEARCH per ring + the filters read from {backend} by primary key")
            print("naive   = Python loop over all agents in memory: filters + geopy geodesic + ring ranking "
                  "(the database read is NOT counted)\n")
            print(f"{'agents':>8} {'load s':>7} {'index s':>7} | {'facts p50':>9} {'p99':>6} | {'redis p50':>9} "
                  f"{'p99':>6} | {'geo+sql p50':>11} {'p99':>6} | {'naive p50':>10} {'p99':>8} | "
                  f"{'geo+sql/facts':>13} {'naive/facts':>11} | same pick")
            for size in (int(s) for s in args.sizes.split(",")):
                print(measure(size, args, region, rings, rng), flush=True)


def measure(size: int, args, region, rings: tuple[int, ...], rng: random.Random) -> str:
    """Load `size` agents, index them, time the three lookups from the same points; one table row."""
    from dispatch.candidates import FIRST_BATCH, SLACK_KM, SPHERE_ERROR, find_candidate
    from dispatch.index import eligible_near

    started = time.perf_counter()
    agents = make_agents(size, region, rng)
    load(agents)
    loaded = time.perf_counter() - started
    indexed = index_everyone(agents)
    stale_before = _stale_before()
    points = [(rng.uniform(region[0], region[1]), rng.uniform(region[2], region[3])) for _ in range(args.lookups)]

    def facts_pick(point):
        search = find_candidate(point[0], point[1], SERVICE, set())
        return search.candidate.agent_id if search.candidate else None

    def redis_pick(point):
        nearby = eligible_near(point[0], point[1], rings, SERVICE, stale_before, set(), set(), set(),
                               FIRST_BATCH, 1 + SPHERE_ERROR, SLACK_KM)
        return nearby.agent_ids[0] if nearby.agent_ids else None

    timed(facts_pick, points[:50])  # warm: script loaded, statements cached
    client, redis_cpu = [], _redis_cpu()
    fast, picks = timed(facts_pick, points, client)
    client_cpu, redis_cpu = sum(client), _redis_cpu() - redis_cpu
    redis_only, _ = timed(redis_pick, points)
    before, before_picks = timed(lambda point: geo_sql_lookup(point[0], point[1], rings, stale_before), points)
    naive_count = args.naive_lookups or NAIVE_LOOKUPS.get(size, 5)
    slow, naive_picks = timed(lambda point: naive_lookup(agents, point, rings, stale_before), points[:naive_count])
    same_naive = sum(a == b for a, b in zip(naive_picks, picks, strict=False))
    same_before = sum(a == b for a, b in zip(before_picks, picks, strict=True))
    if args.profile:
        profile(f"{args.profile}/lookup-facts-{size}.txt", facts_pick, points)
        profile(f"{args.profile}/lookup-geo-sql-{size}.txt",
                lambda point: geo_sql_lookup(point[0], point[1], rings, stale_before), points)
    p50 = statistics.median(fast)
    return (f"{size:>8} {loaded:>7.1f} {indexed:>7.1f} | {p50:>6.2f} ms {percentile(fast, 0.99):>6.2f} | "
            f"{statistics.median(redis_only):>6.2f} ms {percentile(redis_only, 0.99):>6.2f} | "
            f"{statistics.median(before):>8.2f} ms {percentile(before, 0.99):>6.2f} | "
            f"{statistics.median(slow):>7.0f} ms {percentile(slow, 0.99):>8.0f} | "
            f"{statistics.median(before) / p50:>12.1f}× {statistics.median(slow) / p50:>10,.0f}× | "
            f"naive {same_naive}/{len(slow)}, geo+sql {same_before}/{len(before)} "
            f"(n={len(fast)}, naive n={len(slow)})\n{'':>8} facts CPU per lookup (load-independent): this process "
            f"{client_cpu / len(fast) * 1e6:.0f} µs, Redis {redis_cpu / len(fast) * 1e6:.0f} µs (database not counted)")

if __name__ == "__main__":
    main()
