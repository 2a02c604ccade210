"""Benchmark: the candidate lookup (Redis GEOSEARCH rings + one database query by primary key + geodesic
ranking, i.e. the real `dispatch.candidates.find_candidate`) against a naive linear geopy scan of every agent.

    .venv/bin/python bench/lookup.py                         # 2,000 / 50,000 / 550,000 agents over J&K
    .venv/bin/python bench/lookup.py --region india          # spread over India's bounding box
    .venv/bin/python bench/lookup.py --sizes 2000,50000      # quicker

Builds N synthetic agents in a throw-away SQLite file (or --database-url) and an embedded Redis (or
--redis-url; its keys are overwritten), with realistic filters: ~10 % off duty, ~5 % stale, ~25 % at
capacity, ~20 % limited to another service. Prints p50/p99 per size. Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geopy.distance import geodesic  # noqa: E402
from sqlalchemy import delete, insert  # noqa: E402

REGIONS = {  # (south, north, west, east)
    "jk": (32.3, 36.0, 73.5, 76.8),  # Jammu & Kashmir: the dense case (550k agents ≈ 4.5 per km²)
    "india": (8.0, 35.0, 68.0, 97.0),
}
NAIVE_LOOKUPS = {2_000: 50, 50_000: 5, 550_000: 3}


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
        })
    return agents


def load(agents: list[dict]) -> None:
    from core.extensions import db
    from dispatch.models import Agent, Centre, Offer

    db.session.execute(delete(Offer))
    db.session.execute(delete(Agent))
    db.session.execute(delete(Centre))
    db.session.execute(insert(Centre), [{"id": 1, "code": "BENCH", "name": "Bench Centre", "pin_code": "190001",
                                         "district": "Bench", "latitude": 34.0, "longitude": 74.8}])
    for start in range(0, len(agents), 20_000):
        db.session.execute(insert(Agent), agents[start:start + 20_000])
    db.session.commit()


def naive_lookup(agents: list[dict], point: tuple[float, float], rings_km, stale_before) -> int | None:
    """The linear scan the index replaces: every agent filtered and measured with geopy's geodesic."""
    within = []
    for agent in agents:
        if not agent["on_duty"] or agent["last_seen_at"] < stale_before or agent["open_jobs"] >= agent["capacity"]:
            continue
        if agent["service_codes"] is not None and "domicile" not in agent["service_codes"]:
            continue
        km = geodesic((agent["latitude"], agent["longitude"]), point).km
        if km <= rings_km[-1]:
            within.append((km, agent["open_jobs"], agent["idle_since"], agent["id"]))
    for ring_km in rings_km:
        ranked = sorted(c for c in within if c[0] <= ring_km)
        if ranked:
            return ranked[0][3]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2000,50000,550000")
    parser.add_argument("--region", choices=sorted(REGIONS), default="jk")
    parser.add_argument("--lookups", type=int, default=500, help="indexed lookups per size")
    parser.add_argument("--naive-lookups", type=int, default=None, help="naive scans per size (default 50/5/3)")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--redis-url", default=None)
    parser.add_argument("--seed", type=int, default=1447)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    region = REGIONS[args.region]

    with tempfile.TemporaryDirectory() as workdir:
        app = build_app(args, workdir)
        with app.app_context():
            from core.extensions import db
            from dispatch.candidates import find_candidate
            from dispatch.index import rebuild_agent_index, stale_cutoff

            db.create_all()
            backend = db.engine.dialect.name
            rings = tuple(app.config["SEARCH_RINGS_KM"])
            print(f"region={args.region} rings={rings} km database={backend} redis={app.config['REDIS_URL']}")
            print("indexed = find_candidate(): GEOSEARCH per ring (nearest 64, widened while all are passed over)"
                  f" + one {backend} query by primary key + geodesic ranking")
            print("naive   = Python loop over all agents in memory: filters + geopy geodesic + ring ranking "
                  "(the database read is NOT counted)\n")
            header = f"{'agents':>8} {'build s':>8} {'index s':>8} | {'indexed p50':>11} {'p99 ms':>8} {'n':>4}"
            print(header + f" | {'naive p50':>10} {'p99 ms':>9} {'n':>3} | {'same pick':>9}")
            for size in (int(s) for s in args.sizes.split(",")):
                started = time.perf_counter()
                agents = make_agents(size, region, rng)
                load(agents)
                built = time.perf_counter() - started
                started = time.perf_counter()
                rebuild_agent_index()
                indexed_in = time.perf_counter() - started
                points = [(rng.uniform(region[0], region[1]), rng.uniform(region[2], region[3]))
                          for _ in range(args.lookups)]
                fast, picks = [], []
                for point in points:
                    started = time.perf_counter()
                    search = find_candidate(point[0], point[1], "domicile", set())
                    fast.append((time.perf_counter() - started) * 1000)
                    picks.append(search.candidate.agent_id if search.candidate else None)
                    db.session.rollback()
                naive_count = args.naive_lookups or NAIVE_LOOKUPS.get(size, 5)
                slow, same = [], 0
                stale_before = stale_cutoff()
                for point, pick in list(zip(points, picks, strict=True))[:naive_count]:
                    started = time.perf_counter()
                    naive_pick = naive_lookup(agents, point, rings, stale_before)
                    slow.append((time.perf_counter() - started) * 1000)
                    same += naive_pick == pick
                print(f"{size:>8} {built:>8.1f} {indexed_in:>8.1f} | {statistics.median(fast):>8.2f} ms "
                      f"{percentile(fast, 0.99):>8.2f} {len(fast):>4} | {statistics.median(slow):>7.0f} ms "
                      f"{percentile(slow, 0.99):>9.0f} {len(slow):>3} | {same:>4}/{len(slow)}")


if __name__ == "__main__":
    main()
