"""RQ worker classes that run every job inside the DigiDost app context.

Start one with RQ's own CLI:
    rq worker -w digidost.worker.AppWorker --with-scheduler -u $REDIS_URL dispatch notify default
"""

from __future__ import annotations

import logging

from flask import Flask
from rq import SimpleWorker, Worker

log = logging.getLogger(__name__)
_app: Flask | None = None


def worker_app() -> Flask:
    """The app the jobs of this process run in, built once per worker process."""
    global _app
    if _app is None:
        from digidost.app import create_app

        _app = create_app()
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
                db.session.remove()


class AppWorker(AppContextMixin, Worker):
    """The production worker: forks a horse per job; rebuilds the agents' spatial index from the database on start."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from dispatch.index import rebuild_agent_index

        with self.app.app_context():
            try:
                rebuild_agent_index()
            except Exception:  # the sweeper rebuilds it too: a worker must start even when this fails
                log.exception("agent index not rebuilt at start; the sweeper will rebuild it")


class AppSimpleWorker(AppContextMixin, SimpleWorker):
    """Runs jobs in its own process: for tests (burst mode) and for debugging."""
