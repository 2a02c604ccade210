"""Fault-suite fixtures: a rig of real processes (workers, sweeper) over the test database and a private Redis."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.extensions import db
from digidost import create_app
from dispatch.models import Agent, Centre
from dispatch.presence import go_on_duty
from tests.conftest import _empty_database
from tests.ivr.conftest import Phone, add_service
from tests.reliability.harness import Deployment, PostgresServer, RedisServer

SRINAGAR = (34.07208, 74.82067)
ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
FIGURES = Path(__file__).resolve().parents[2] / "test-artifacts" / "reliability.json"


def record_figures(name: str, figures: dict) -> None:
    """Keep a run's figures (kills survived, recovery times…) for docs/reliability.md."""
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    known = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    known[f"{name} ({'postgresql' if ON_POSTGRESQL else 'sqlite'})"] = figures
    FIGURES.write_text(json.dumps(known, indent=2, sort_keys=True))


@dataclass
class Rig:
    """The test process's app and the deployment beside it."""

    app: object
    redis: RedisServer
    deployment: Deployment
    caller_count: int = 0

    def new_phone(self) -> Phone:
        self.caller_count += 1
        return Phone(self.app.test_client(), self.app.config["TWILIO_AUTH_TOKEN"], f"+91990{self.caller_count:07d}")

    def make_agents(self, count: int, *, on_duty: bool = True, km_apart: float = 0.3) -> list[int]:
        ids = []
        for number in range(count):
            lat = SRINAGAR[0] + (number + 1) * km_apart / 110.95
            centre = Centre(code=f"REL-{number}", name=f"Reliability Centre {number}", pin_code="190001",
                            district="Srinagar", latitude=lat, longitude=SRINAGAR[1])
            agent = Agent(name=f"Agent {number}", phone=f"+9170001{number:05d}", centre=centre, district="Srinagar",
                          latitude=lat, longitude=SRINAGAR[1], capacity=10_000)
            db.session.add(agent)
            db.session.commit()
            if on_duty:
                go_on_duty(agent.id)
            ids.append(agent.id)
        return ids


def small_catalogue() -> None:
    """The IVR tests' catalogue: Certificates (ten services, domicile first) and Land & revenue."""
    add_service("domicile", "Certificates", order=1)
    for index in range(2, 11):
        add_service(f"certificate_{index:02d}", "Certificates", order=index)
    add_service("land_records", "Land & revenue", documents=[], service_fee="50.50", government_fee="0")


@pytest.fixture
def private_redis(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


def rig_for(database_url: str, redis: RedisServer, test_config: dict, instance: Path, **settings) -> Rig:
    config = {**test_config, "DATABASE_URL": database_url, "REDIS_URL": redis.url, **settings}
    app = create_app(config)
    env = dict(os.environ, DATABASE_URL=database_url, REDIS_URL=redis.url, DIGIDOST_INSTANCE=str(instance),
               SECRET_KEY="test-secret", TWILIO_AUTH_TOKEN=test_config["TWILIO_AUTH_TOKEN"], PYTHONUNBUFFERED="1",
               SWEEP_INTERVAL_SECONDS="2", **{k: str(v) for k, v in settings.items()})
    env.pop("TEST_DATABASE_URL", None)
    return Rig(app, redis, Deployment(env))


@pytest.fixture
def rig(test_config, _schema, private_redis, tmp_path, request):
    """The test database (emptied) and a private Redis, the small catalogue; processes stopped afterwards."""
    settings = getattr(request, "param", {})
    made = rig_for(test_config["DATABASE_URL"], private_redis, test_config, tmp_path, **settings)
    with made.app.app_context():
        _empty_database()
        small_catalogue()
        yield made
        made.deployment.stop_all()
        db.session.remove()


@pytest.fixture
def private_postgres():
    # Not under pytest's tmp_path: its folders are the test runner's alone, and PostgreSQL runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="digidost-pg-"))
    server = PostgresServer(folder)
    server.create()
    yield server
    try:
        server.stop()
    except Exception:  # already stopped by the test
        pass
    shutil.rmtree(folder, ignore_errors=True)
