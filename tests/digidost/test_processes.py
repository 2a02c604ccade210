"""The sweeper and the worker loop wait out outages: one log line when a service goes, one when it is back."""

from __future__ import annotations

import logging

from redis import Redis

from core.extensions import queues
from digidost.sweeper import Sweeper
from digidost.worker import Backoff, wait_for_redis

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connection refused at once


def test_the_sweeper_logs_an_outage_once_keeps_going_and_logs_the_return(app, monkeypatch, caplog):
    working = queues.connection
    sweeper = Sweeper(app)
    monkeypatch.setattr(queues, "connection", Redis.from_url(UNREACHABLE, socket_connect_timeout=1))
    with caplog.at_level(logging.INFO, logger="digidost.sweeper"):
        assert [sweeper.sweep_once() for _ in range(3)] == [False, False, False]
        monkeypatch.setattr(queues, "connection", working)
        assert sweeper.sweep_once() is True
    lines = [r.getMessage() for r in caplog.records if r.name == "digidost.sweeper"]
    assert len([line for line in lines if "redis unreachable" in line]) == 1
    assert len([line for line in lines if "answer again" in line]) == 1


def test_the_sweeper_stops_when_asked_after_its_current_pass(app):
    sweeper = Sweeper(app)
    sweeper.stop()
    sweeper.run()  # returns at once instead of sweeping for ever
    assert sweeper.stopping


def test_the_worker_waits_for_redis_and_logs_the_outage_once(app, caplog, monkeypatch):
    answers = iter([False, False, False, True])
    real_ping = queues.connection.ping

    def ping():
        if not next(answers):
            return Redis.from_url(UNREACHABLE, socket_connect_timeout=1).ping()
        return real_ping()

    monkeypatch.setattr(queues.connection, "ping", ping)
    with caplog.at_level(logging.INFO, logger="digidost.worker"):
        wait_for_redis(queues.connection, Backoff(first=0.01, most=0.02))
    lines = [r.getMessage() for r in caplog.records if r.name == "digidost.worker"]
    assert lines == ["redis unreachable (ConnectionError); waiting for it", "redis is back; starting work again"]


def test_backoff_doubles_up_to_its_ceiling_and_resets():
    backoff = Backoff(first=0.001, most=0.004)
    waits = []
    for _ in range(4):
        waits.append(backoff.current)
        backoff.wait()
    assert waits == [0.001, 0.002, 0.004, 0.004]
    backoff.reset()
    assert backoff.current == 0.001
