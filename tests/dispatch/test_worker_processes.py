"""Integration with real worker (and sweeper) processes: a worker SIGKILLed mid-job, and Redis flushed,
both leave no request behind. Waits are bounded (60 s)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rq import Queue
from rq.registry import StartedJobRegistry
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.extensions import db, queues
from dispatch.enqueue import dispatch_job_id
from dispatch.models import LIVE, NEW, Offer, ServiceRequest
from tests.conftest import IN_CI
from tests.reliability.harness import children_of

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
DEADLINE_SECONDS = 60


@pytest.fixture
def processes(app):
    """Start worker / sweeper processes against the test database and Redis; stop them all afterwards."""
    started: list[subprocess.Popen] = []
    env = dict(os.environ, DATABASE_URL=app.config["DATABASE_URL"], REDIS_URL=app.config["REDIS_URL"],
               DIGIDOST_INSTANCE=app.instance_path, PYTHONUNBUFFERED="1", SWEEP_INTERVAL_SECONDS="2")

    def start(*command: str) -> subprocess.Popen:
        process = subprocess.Popen([str(BIN / command[0]), *command[1:]], env=env, cwd=os.getcwd(),
                                   start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def sweeper_command(app) -> tuple[str, ...]:
    return ("python", "-m", "digidost.sweeper")


def worker_command(app) -> tuple[str, ...]:
    return ("python", "-m", "digidost.worker", "--fork")  # a work horse per job: the test kills it mid-job


def wait_until(condition: Callable[[], bool], step: Callable[[], object] = lambda: None) -> bool:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        step()
        db.session.remove()
        if condition():
            return True
        time.sleep(0.2)
    return False


def live_offer_agent(request_id: int) -> int | None:
    return db.session.scalar(db.select(Offer.agent_id).where(Offer.request_id == request_id, Offer.state == LIVE))


class DatabaseLock:
    """Holds the database so that a job writing service_request blocks mid-way (a real, slow job); reads
    (the worker's index rebuild on start) go on."""

    def __init__(self, app):
        self.url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
        self.connection = None

    def __enter__(self):
        if self.url.get_backend_name() == "postgresql":
            self.connection = db.engine.connect()
            self.connection.execute(text("LOCK TABLE service_request IN ACCESS EXCLUSIVE MODE"))
        else:
            # The worker's SQLite driver waits 5 s for the write lock, then fails the job: time enough to kill it.
            self.connection = sqlite3.connect(self.url.database, isolation_level=None)
            self.connection.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc):
        if self.connection is not None:
            self.connection.rollback()
            self.connection.close()


def test_a_worker_killed_mid_job_leaves_the_request_for_the_sweeper_to_offer_again(
        app, place_agent, new_request, processes):
    nearest = place_agent(0.5)
    place_agent(2.0)
    request_id = new_request()  # committed with its needs-dispatch mark; its job waits in the queue
    db.session.remove()
    started = StartedJobRegistry(queue=Queue("dispatch", connection=queues.connection))
    with DatabaseLock(app):
        worker = processes(*worker_command(app))
        assert wait_until(lambda: any(j.startswith(dispatch_job_id(request_id)) for j in started.get_job_ids())), \
            "the worker never started the dispatch job"
        horses = children_of(worker.pid)
        assert horses, "the worker has no work horse"
        for pid in horses:  # the horse calls setsid(): killing the worker's group alone would spare it
            os.kill(pid, signal.SIGKILL)
        os.killpg(worker.pid, signal.SIGKILL)  # and the worker: both die mid-job
        worker.wait(timeout=10)
    db.session.remove()
    request = db.session.get(ServiceRequest, request_id)
    assert (request.state, request.needs_dispatch) == (NEW, True), "nothing was lost with the worker"
    # Only the deployed processes from here on: the sweeper finds the job's worker dead (no heartbeat
    # for DEAD_AFTER_SECONDS) and queues the request again.
    processes(*worker_command(app))
    processes(*sweeper_command(app))
    assert wait_until(lambda: live_offer_agent(request_id) == nearest), \
        "the sweeper did not bring the request back within 60 s"


def test_after_redis_is_flushed_every_open_request_is_back_in_motion(app, place_agent, new_request, processes,
                                                                     run_jobs):
    first = place_agent(0.5)
    place_agent(2.0)
    place_agent(3.0)
    overdue = new_request()
    run_jobs()  # offered to the nearest agent…
    db.session.execute(db.update(Offer).where(Offer.request_id == overdue).values(expires_at=Offer.created_at))
    db.session.commit()  # …whose time ran out while its expiry job was lost
    waiting = new_request()  # queued, never run
    db.session.remove()
    if app.config["REDIS_URL"].startswith("unix://") or IN_CI:
        queues.connection.flushall()  # never against a shared development server
    else:
        queues.connection.flushdb()
    # Gone: the queued dispatch job, the scheduled expiry, the agent index. Only the real sweeper and worker remain.
    processes(*worker_command(app))
    processes(*sweeper_command(app))

    def in_motion() -> bool:
        return live_offer_agent(overdue) not in (None, first) and live_offer_agent(waiting) is not None

    assert wait_until(in_motion), "an open request was still stranded 60 s after FLUSHALL"
