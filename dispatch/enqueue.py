"""Putting dispatch work on RQ: one job id per request, so a second enqueue while one waits is a no-op."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from redis.exceptions import RedisError

from core.extensions import queues
from core.queues import DEAD_AFTER_SECONDS, job_is_alive

log = logging.getLogger(__name__)

DISPATCH_JOB_TIMEOUT = 20  # seconds; a dispatch job takes milliseconds
# A request queued for dispatch is not queued again by the sweeper for this long (its job should run first);
# if the job was lost (Redis flushed, worker killed), the sweeper queues it again once the lease is over.
DISPATCH_LEASE_SECONDS = 15


def dispatch_lease_until(now: datetime) -> datetime:
    """When a request queued now may be queued again by the sweeper."""
    return now + timedelta(seconds=DISPATCH_LEASE_SECONDS)


def dispatch_job_id(request_id: int) -> str:
    """The RQ job id of a request's dispatch job."""
    return f"dispatch-{request_id}"


def has_live_dispatch_job(request_id: int) -> bool:
    """Whether a dispatch job for the request is waiting, or running on a worker that is still alive."""
    dead_after = current_app.config.get("DISPATCH_JOB_DEAD_AFTER_SECONDS", DEAD_AFTER_SECONDS)
    return job_is_alive(queues.connection, dispatch_job_id(request_id), dead_after)


def enqueue_dispatch_batch(request_ids: list[int]) -> bool:
    """Queue one job that dispatches several requests in turn (a backlog the sweeper found); whether it was queued.

    No per-request liveness check: a request also held by its own job is searched twice at worst, and the offer's
    compare-and-set lets only one search offer it.
    """
    try:
        queues.queue("dispatch").enqueue(
            "dispatch.jobs.dispatch_requests", list(request_ids),
            job_timeout=DISPATCH_JOB_TIMEOUT * len(request_ids), result_ttl=0, failure_ttl=3600,
        )
        return True
    except RedisError:
        log.warning("dispatch queue unavailable; %d requests left for the sweeper", len(request_ids))
        return False


def enqueue_dispatch(request_id: int) -> bool:
    """Queue a request for dispatch unless a live job already has it; return whether one was queued.

    When Redis is down nothing is lost: the request keeps its needs-dispatch mark and the sweeper queues it.
    """
    try:
        if has_live_dispatch_job(request_id):
            return False
        queues.queue("dispatch").enqueue(
            "dispatch.jobs.dispatch_request", request_id, job_id=dispatch_job_id(request_id),
            job_timeout=DISPATCH_JOB_TIMEOUT, result_ttl=0, failure_ttl=3600,
        )
        return True
    except RedisError:
        log.warning("dispatch queue unavailable; request %s left for the sweeper", request_id)
        return False

