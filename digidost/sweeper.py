"""The sweeper: one long-running process (any number of machines may run one) that finds what was dropped.

    python -m digidost.sweeper            (or the digidost-sweeper script)

Every SWEEP_TICK_SECONDS it expires due offers and queues due dispatches and SMS (dispatch.jobs.sweep_due); every
SWEEP_INTERVAL_SECONDS it also keeps the agent index true, settles interrupted SMS and tells long-waiting citizens
(dispatch.jobs.sweep); every hour it files PSGA auto-appeals (first, then second;
dispatch.appeals.run_appeals). It runs that work itself rather than queueing it, so
offer expiry and SMS retries never wait on a worker, a queue or RQ's scheduler lock. When Redis or the database is
down it logs once, waits with backoff, and carries on when they are back; it never exits for an outage.
"""

from __future__ import annotations

import logging
import signal
import sys
import time

from flask import Flask
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from core.extensions import db
from core.settings import SettingsError
from digidost.worker import Backoff, worker_app
from dispatch.appeals import run_appeals
from dispatch.jobs import sweep, sweep_due
from dispatch.landmarks import delete_expired_landmarks

log = logging.getLogger("digidost.sweeper")
APPEALS_EVERY_SECONDS = 3600


class Sweeper:
    """The sweeper's loop, with its clock and its outage state."""

    def __init__(self, app: Flask):
        self.app = app
        self.stopping = False
        self.down_since: float | None = None
        self.backoff = Backoff()
        self.next_round = self.next_appeals = 0.0

    def stop(self, *_signal_args) -> None:
        """Finish the current pass, then return from run()."""
        self.stopping = True

    def run(self, passes: int | None = None) -> None:
        """Sweep until stopped (or for `passes` passes)."""
        cfg = self.app.config
        while not self.stopping and passes != 0:
            passes = None if passes is None else passes - 1
            if self.sweep_once():
                time.sleep(cfg["SWEEP_TICK_SECONDS"])
            else:
                self.backoff.wait()

    def sweep_once(self) -> bool:
        """One pass; False when Redis or the database did not answer (logged once per outage)."""
        now = time.monotonic()
        with self.app.app_context():
            try:
                if now >= self.next_round:
                    sweep()
                    self.next_round = now + self.app.config["SWEEP_INTERVAL_SECONDS"]
                else:
                    sweep_due()
                if now >= self.next_appeals:
                    run_appeals()  # first and second PSGA appeals, each once per request
                    delete_expired_landmarks()  # spoken landmarks LANDMARK_KEEP_DAYS after their request closed
                    self.next_appeals = now + APPEALS_EVERY_SECONDS
            except (RedisError, SQLAlchemyError, OSError) as exc:
                self._outage(exc)
                return False
            finally:
                _discard_session()
        if self.down_since is not None:
            log.info("sweeper: services answer again after %.0f s; sweeping", time.monotonic() - self.down_since)
            self.down_since = None
            self.next_round = 0.0  # a full round at once: index, interrupted SMS
        self.backoff.reset()
        return True

    def _outage(self, exc: Exception) -> None:
        if self.down_since is None:
            self.down_since = time.monotonic()
            log.warning("sweeper: %s (%s); waiting for it", _which(exc), type(exc).__name__)


def _which(exc: Exception) -> str:
    return "database unreachable" if isinstance(exc, SQLAlchemyError) else "redis unreachable"


def _discard_session() -> None:
    try:
        db.session.remove()
    except Exception:  # the connection died with the database: nothing to give back
        pass


def main() -> None:
    """digidost-sweeper: run the sweeper until SIGTERM or Ctrl-C."""
    try:
        app = worker_app()
    except SettingsError as error:
        sys.exit(f"digidost: {error}")
    sweeper = Sweeper(app)
    signal.signal(signal.SIGTERM, sweeper.stop)
    signal.signal(signal.SIGINT, sweeper.stop)
    log.info("sweeper: tick %s s, round %s s", app.config["SWEEP_TICK_SECONDS"], app.config["SWEEP_INTERVAL_SECONDS"])
    sweeper.run()


if __name__ == "__main__":
    main()
