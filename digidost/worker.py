"""RQ workers that run every job inside the DigiDost app context, and outlive Redis and PostgreSQL outages.

    python -m digidost.worker            (or the digidost-worker script): dispatch, notify and default queues
    python -m digidost.worker --fork     a work horse forked per job (isolation, at ~0.1 s a job)

Jobs run in the worker's own process by default (RQ's SimpleWorker, the app context built once): our jobs take
milliseconds, and forking a horse and opening a database connection per job costs more than the job itself.

RQ's own worker exits when Redis goes away; this one waits for Redis to answer again (with backoff, one log line
per change), then starts a new RQ worker. Jobs that fail while PostgreSQL is down fail alone: what they were to do
is a database row, and the sweeper queues it again.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import time

from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq import SimpleWorker, Worker

from core.extensions import queues
from core.queues import QUEUE_NAMES
from core.settings import SettingsError
from dispatch.index import rebuild_agent_index

log = logging.getLogger("digidost.worker")
_app: Flask | None = None


def worker_app() -> Flask:
    """The app the jobs of this process run in, built once per worker process (services may still be down)."""
    global _app
    if _app is None:
        from digidost.app import create_app

        _app = create_app({"CHECK_SERVICES_AT_START": False})
    return _app


class AppContextMixin:
    """Pushes an app context around each job; the forked horse gets fresh database connections."""

    app: Flask | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, in the worker's main process, so every forked horse inherits it instead of building its own.
        self.app = self.app or worker_app()

    def perform_job(self, job, queue, execution) -> bool:
        with self.app.app_context():
            from core.extensions import db

            if getattr(self, "_is_horse", False):
                db.engine.dispose(close=False)  # connections inherited through fork() must not be shared
            try:
                return super().perform_job(job, queue, execution)
            finally:
                try:
                    db.session.remove()
                except Exception:  # the database went away mid-job: the next job gets a fresh connection
                    log.warning("session cleanup failed after job %s", job.id)


def rebuild_index_at_start(app: Flask) -> None:
    """Rebuild the agents' spatial index from the database; a worker starts even when that fails."""
    with app.app_context():
        try:
            rebuild_agent_index()
        except Exception:  # the sweeper rebuilds it too
            log.warning("agent index not rebuilt at start; the sweeper will rebuild it")


class AppWorker(AppContextMixin, Worker):
    """Forks a work horse per job (`--fork`); rebuilds the agents' spatial index from the database on start."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rebuild_index_at_start(self.app)


class AppSimpleWorker(AppContextMixin, SimpleWorker):
    """Runs jobs in its own process, no fork per job (tests run it in burst mode)."""


class InProcessWorker(AppSimpleWorker):
    """The default worker: jobs in its own process; rebuilds the agents' spatial index from the database on start."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rebuild_index_at_start(self.app)


class Backoff:
    """Waits that double from `first` up to `most` seconds; reset when things work again."""

    def __init__(self, first: float = 0.5, most: float = 10.0):
        self.first, self.most, self.current = first, most, first

    def wait(self) -> None:
        time.sleep(self.current)
        self.current = min(self.current * 2, self.most)

    def reset(self) -> None:
        self.current = self.first


def wait_for_redis(connection: Redis, backoff: Backoff) -> None:
    """Return once Redis answers; log once when it does not, once when it is back."""
    down = False
    while True:
        try:
            connection.ping()
        except (RedisError, OSError) as exc:
            if not down:
                log.warning("redis unreachable (%s); waiting for it", type(exc).__name__)
                down = True
            backoff.wait()
            continue
        if down:
            log.info("redis is back; starting work again")
        backoff.reset()
        return


def run_worker(app: Flask, queue_names: tuple[str, ...] = QUEUE_NAMES, burst: bool = False,
               worker_class: type[Worker] | None = None) -> None:
    """Work the queues until stopped (SIGTERM/SIGINT) or, in burst mode, until they are empty; never exit for an
    outage of Redis or the database."""
    worker_class = worker_class or InProcessWorker
    worker_class.app = app
    backoff = Backoff()
    while True:
        # Outside RQ's work loop a stop signal simply ends the process (RQ installs its own while working).
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        wait_for_redis(queues.connection, backoff)
        worker = None
        try:
            worker = worker_class([queues.queue(name) for name in queue_names], connection=queues.connection)
            worker.work(burst=burst, logging_level="INFO")
        except (RedisError, OSError) as exc:
            log.warning("worker lost redis (%s)", type(exc).__name__)
        if burst or (worker is not None and worker._stop_requested):
            return
        backoff.wait()  # RQ's loop ended without being asked to stop: Redis went away; wait for it


def main(argv: list[str] | None = None) -> None:
    """digidost-worker [--fork] [--burst] [queue …]"""
    parser = argparse.ArgumentParser(prog="digidost-worker", description=__doc__.splitlines()[0])
    parser.add_argument("queues", nargs="*", default=list(QUEUE_NAMES))
    parser.add_argument("--burst", action="store_true", help="stop when the queues are empty")
    parser.add_argument("--fork", action="store_true", help="fork a work horse per job (RQ's Worker)")
    args = parser.parse_args(argv)
    try:
        app = worker_app()
    except SettingsError as error:
        sys.exit(f"digidost: {error}")
    run_worker(app, tuple(args.queues), burst=args.burst, worker_class=AppWorker if args.fork else InProcessWorker)


if __name__ == "__main__":
    main()
