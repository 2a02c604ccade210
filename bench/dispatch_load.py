"""Benchmark: dispatch throughput and latency with real worker processes and the real sweeper.

    .venv/bin/python bench/dispatch_load.py                                   # SQLite + its own Redis server
    .venv/bin/python bench/dispatch_load.py --database-url postgresql://postgres@127.0.0.1:5432/bench_dispatch
    .venv/bin/python bench/dispatch_load.py --smoke                           # a tiny run (the smoke test)

Three phases, each against `--workers` worker processes (`python -m digidost.worker`, jobs in-process) and one
sweeper (`python -m digidost.sweeper`), on a database of its own and a redis-server it starts on a free port:
1. latency: requests created at `--rate` per second for `--seconds`; commit → offer visible to the agent (the
   offer row's creation) per request, p50 and p99;
2. throughput: a backlog of `--backlog` requests committed while no worker runs, then the workers started;
   offers per second from the first offer to the last. `--backlog-from sweeper` (the default) is the backlog
   after an outage: the rows are there, their jobs were lost and their leases have run out, so the sweeper
   finds them all at once and hands them out in batch jobs; `--backlog-from jobs` leaves each request's own
   job queued (one job per request);
3. expiry: `--expiring` offers left unanswered (TTL `--ttl` s); how late after its TTL each moved on to the next
   agent (offer expires_at → the next offer's creation).
Nobody accepts in this bench, so each phase's requests are closed (offers withdrawn) before the next phase starts;
`--overlapping` keeps them, and then every phase runs while the earlier ones' offers expire and are re-offered.
Requests come from the demo's 60 post offices across J&K's 20 districts (round robin), and the agents (`--agents`,
capacity unlimited) are spread within 3 km of those offices; nobody accepts. Not a test: no
assertion on time. Prints a table; `--json` writes the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STALE_AFTER = 86_400  # the bench's agents send no heartbeats: they stay fresh for its whole run


def demo_sites() -> list[dict]:
    """The demo's post offices (3 per district, at checked positions) whose PIN codes the requests use."""
    from digidost.seed import demo_centre_sites

    return demo_centre_sites()


SITES: list[dict] = []


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Rig:
    """The bench's own Redis server, its database, and its worker and sweeper processes."""

    def __init__(self, args, workdir: str):
        self.args, self.workdir, self.processes = args, workdir, []
        port = free_port()
        binary = shutil.which("redis-server")
        self.redis = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", workdir],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.redis_url = f"redis://127.0.0.1:{port}/0"
        self.database_url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
        self.env = dict(os.environ, DATABASE_URL=self.database_url, REDIS_URL=self.redis_url,
                        DIGIDOST_INSTANCE=workdir, SECRET_KEY="bench", TWILIO_AUTH_TOKEN="bench",
                        OFFER_TTL_SECONDS=str(args.ttl), PRESENCE_STALE_SECONDS=str(STALE_AFTER), PYTHONUNBUFFERED="1")
        for name in ("TWILIO_ACCOUNT_SID", "TEST_DATABASE_URL"):
            self.env.pop(name, None)
        time.sleep(0.3)

    def app(self):
        from digidost import create_app

        return create_app({"TESTING": True, "SECRET_KEY": "bench", "TWILIO_AUTH_TOKEN": "bench",
                           "DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url,
                           "OFFER_TTL_SECONDS": self.args.ttl, "PRESENCE_STALE_SECONDS": STALE_AFTER})

    def start_processes(self) -> None:
        log = open(Path(self.workdir, "processes.log"), "ab")
        # With --notify-workers, the `--workers` serve the dispatch queue only and the SMS have workers of their own.
        dispatch_queues = ["dispatch"] if self.args.notify_workers else []
        commands = ([[sys.executable, "-m", "digidost.worker", *dispatch_queues]] * self.args.workers
                    + [[sys.executable, "-m", "digidost.worker", "notify", "default"]] * self.args.notify_workers)
        for command in commands:
            self.processes.append(subprocess.Popen(command, env=self.env, cwd=ROOT,
                                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        self.processes.append(subprocess.Popen([sys.executable, "-m", "digidost.sweeper"], env=self.env, cwd=ROOT,
                                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True))

    def rss_mib(self) -> dict[str, list[float]]:
        """Resident memory of each worker and of the sweeper, in MiB (read from /proc)."""
        sizes: dict[str, list[float]] = {"workers": [], "sweeper": []}
        for process in self.processes:
            try:
                status = Path(f"/proc/{process.pid}/status").read_text()
            except OSError:
                continue
            kib = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
            sizes["sweeper" if "digidost.sweeper" in process.args else "workers"].append(round(kib / 1024, 1))
        return sizes

    def stop_processes(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.processes = []

    def close(self) -> None:
        self.stop_processes()
        self.redis.kill()


def prepare(rig: Rig, agents: int, seed: int) -> None:
    """Schema, sample catalogue and fees, and the agents on duty (all fresh)."""
    from flask_migrate import upgrade

    from core.clock import utcnow
    from core.extensions import db
    from dispatch.index import rebuild_agent_index
    from dispatch.models import Agent, Centre
    from fees.samples import install_sample_fees

    upgrade(directory=str(ROOT / "migrations"))
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    install_sample_fees()
    rng = random.Random(seed)
    centres = [Centre(code=f"BENCH-{n}", name=site["office_name"], pin_code=site["pincode"],
                      district=site["district"].title(), latitude=site["latitude"], longitude=site["longitude"])
               for n, site in enumerate(SITES)]
    db.session.add_all(centres)
    db.session.flush()
    now = utcnow()
    rows = []
    for n in range(agents):
        centre = centres[n % len(centres)]
        rows.append({"name": f"Agent {n}", "phone": f"+9170{n:08d}", "centre_id": centre.id,
                     "district": centre.district, "on_duty": True, "last_seen_at": now, "capacity": 1_000_000,
                     "open_jobs": 0, "latitude": centre.latitude + rng.uniform(-0.027, 0.027),
                     "longitude": centre.longitude + rng.uniform(-0.032, 0.032), "service_codes": None,
                     "idle_since": now, "active": True})
    db.session.execute(db.insert(Agent), rows)
    db.session.commit()
    rebuild_agent_index()


def create_requests(count: int, rate: float | None) -> list[int]:
    """Create requests as a caller's confirmation does (commit, SMS row, dispatch job), at a rate or at once."""
    from dispatch.requests import NewRequest, create_request

    ids, started = [], time.perf_counter()
    for number in range(count):
        if rate:
            delay = started + number / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        pin = SITES[number % len(SITES)]["pincode"]
        ids.append(create_request(NewRequest("domicile", pin, f"+9198{number:08d}")).id)
    return ids


def close_requests(request_ids: list[int]) -> None:
    """End a phase: its requests cancelled and their live offers withdrawn, so that the next phase is measured on
    its own (in this bench nobody ever accepts, so a phase's offers would otherwise expire and be re-offered
    every TTL, all through the next phase)."""
    from core.extensions import db
    from dispatch.index import rebuild_agent_index
    from dispatch.models import LIVE, WITHDRAWN, Offer, ServiceRequest

    for start in range(0, len(request_ids), 500):
        chunk = request_ids[start:start + 500]
        db.session.execute(db.update(Offer).where(Offer.request_id.in_(chunk), Offer.state == LIVE)
                           .values(state=WITHDRAWN, reason="bench phase over"))
        db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id.in_(chunk))
                           .values(state="cancelled", needs_dispatch=False))
    db.session.commit()
    rebuild_agent_index()  # the withdrawn offers' agents are free again in the index too


def as_after_an_outage(request_ids: list[int]) -> None:
    """The requests' dispatch jobs lost and their leases run out: only the rows say they need an agent."""
    from rq import Queue

    from core.extensions import db, queues
    from dispatch.models import ServiceRequest

    Queue("dispatch", connection=queues.connection).empty()
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id.in_(request_ids)).values(next_dispatch_at=None))
    db.session.commit()


def first_offers(request_ids: list[int]) -> dict[int, tuple]:
    """request id → (request created_at, its first offer's created_at)."""
    from core.extensions import db
    from dispatch.models import Offer, ServiceRequest

    db.session.remove()
    rows = db.session.execute(
        db.select(ServiceRequest.id, ServiceRequest.created_at, db.func.min(Offer.created_at))
        .join(Offer, Offer.request_id == ServiceRequest.id).where(ServiceRequest.id.in_(request_ids))
        .group_by(ServiceRequest.id, ServiceRequest.created_at)).all()
    return {request_id: (created, offered) for request_id, created, offered in rows}


def wait_for_offers(request_ids: list[int], seconds: float) -> dict[int, tuple]:
    deadline = time.monotonic() + seconds
    offered = {}
    while time.monotonic() < deadline:
        offered = first_offers(request_ids)
        if len(offered) == len(request_ids):
            break
        time.sleep(0.25)
    return offered


def expiry_lateness(request_ids: list[int], seconds: float) -> list[float]:
    """For each request: seconds between its first offer's expiry and its second offer's creation."""
    from core.extensions import db
    from dispatch.models import Offer

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.remove()
        offers = db.session.execute(db.select(Offer.request_id, Offer.created_at, Offer.expires_at)
                                    .where(Offer.request_id.in_(request_ids)).order_by(Offer.id)).all()
        by_request: dict[int, list] = {}
        for request_id, created, expires in offers:
            by_request.setdefault(request_id, []).append((created, expires))
        if all(len(by_request.get(r, [])) >= 2 for r in request_ids):
            return [(pair[1][0] - pair[0][1]).total_seconds() for pair in by_request.values()]
        time.sleep(0.25)
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--notify-workers", type=int, default=0,
                        help="workers of their own for the SMS (then --workers serve the dispatch queue only)")
    parser.add_argument("--agents", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=50.0, help="requests per second in the latency phase")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the latency phase")
    parser.add_argument("--backlog", type=int, default=2000)
    parser.add_argument("--backlog-from", choices=("sweeper", "jobs"), default="sweeper",
                        help="the backlog as after an outage (rows only) or as queued jobs")
    parser.add_argument("--expiring", type=int, default=50)
    parser.add_argument("--ttl", type=int, default=30, help="offer TTL in seconds (expiry phase)")
    parser.add_argument("--seed", type=int, default=1447)
    parser.add_argument("--overlapping", action="store_true",
                        help="do not close a phase's requests before the next phase (its offers keep expiring and "
                             "being re-offered to the next agents meanwhile)")
    parser.add_argument("--json", default=None, help="write the figures to this file")
    parser.add_argument("--smoke", action="store_true", help="a tiny run: few agents and requests")
    args = parser.parse_args()
    if args.smoke:
        args.agents, args.rate, args.seconds, args.backlog, args.expiring, args.ttl = 30, 5, 1, 10, 3, 3
    figures: dict = {"phases": "overlapping" if args.overlapping else "each on its own"}
    with tempfile.TemporaryDirectory() as workdir:
        rig = Rig(args, workdir)
        try:
            app = rig.app()
            with app.app_context():
                from core.extensions import db

                SITES.extend(demo_sites())
                prepare(rig, args.agents, args.seed)
                backend = db.engine.dialect.name
                print(f"database={backend} workers={args.workers} notify-workers={args.notify_workers} "
                      f"agents={args.agents} ttl={args.ttl}s "
                      f"load={os.getloadavg()[0]:.2f}")

                # 2. throughput: a backlog committed before any worker runs.
                backlog = create_requests(args.backlog, None)
                if args.backlog_from == "sweeper":
                    as_after_an_outage(backlog)
                rig.start_processes()
                offered = wait_for_offers(backlog, 60 + args.backlog / 20)
                times = sorted(offer for _created, offer in offered.values())
                span = (times[-1] - times[0]).total_seconds() if len(times) > 1 else float("nan")
                figures["backlog"] = {"from": args.backlog_from, "requests": len(backlog), "offered": len(offered),
                                      "offers_per_second": round((len(times) - 1) / span, 1) if span else None}

                if not args.overlapping:
                    close_requests(backlog)
                # 1. latency at a steady rate.
                steady = create_requests(int(args.rate * args.seconds), args.rate)
                offered = wait_for_offers(steady, 60)
                latencies = [(offer - created).total_seconds() * 1000 for created, offer in offered.values()]
                figures["latency"] = {"rate_per_second": args.rate, "requests": len(steady), "offered": len(offered),
                                      "p50_ms": round(percentile(latencies, 0.5), 1),
                                      "p99_ms": round(percentile(latencies, 0.99), 1),
                                      "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None}

                figures["rss_mib"] = rig.rss_mib()
                if not args.overlapping:
                    close_requests(steady)

                # 3. expiry: unanswered offers move on to the next agent.
                expiring = create_requests(args.expiring, None)
                lateness = expiry_lateness(expiring, args.ttl * 2 + 60)
                figures["expiry"] = {"offers": args.expiring, "moved_on": len(lateness),
                                     "late_p50_s": round(percentile(lateness, 0.5), 2),
                                     "late_max_s": round(max(lateness), 2) if lateness else None}
        finally:
            rig.close()
    b, lat, exp = figures["backlog"], figures["latency"], figures["expiry"]
    print(f"phases    {figures['phases']}")
    print(f"backlog   ({b['from']}) {b['requests']} requests → {b['offered']} offered, "
          f"{b['offers_per_second']} offers/s")
    print(f"latency   {lat['requests']} requests at {lat['rate_per_second']}/s: commit → offer "
          f"p50 {lat['p50_ms']} ms, p99 {lat['p99_ms']} ms ({lat['offered']} offered)")
    print(f"expiry    {exp['moved_on']}/{exp['offers']} moved on after their TTL: late by p50 {exp['late_p50_s']} s, "
          f"at most {exp['late_max_s']} s")
    print(f"memory    RSS per worker {figures['rss_mib']['workers']} MiB, sweeper {figures['rss_mib']['sweeper']} MiB")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
