"""The app factory, start-up checks and the readiness probe with a server down."""

import os
import subprocess
import sys

import pytest

from core.settings import SettingsError
from digidost import create_app

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CLOSED_REDIS = "redis://127.0.0.1:1/0"
CLOSED_POSTGRES = "postgresql://postgres@127.0.0.1:1/nowhere"


def test_the_factory_registers_every_feature(app):
    blueprints = set(app.blueprints)
    assert {"health", "fees", "supervisors", "ivr", "agents"} <= blueprints
    assert {"redis", "telephony", "sqlalchemy", "migrate", "babel"} <= set(app.extensions)


def test_the_factory_refuses_to_start_when_redis_does_not_answer(test_config):
    with pytest.raises(SettingsError, match="redis unreachable"):
        create_app({**test_config, "REDIS_URL": CLOSED_REDIS})


def test_the_factory_refuses_to_start_when_the_database_does_not_answer(test_config):
    with pytest.raises(SettingsError, match="database unreachable"):
        create_app({**test_config, "DATABASE_URL": CLOSED_POSTGRES})


def test_readyz_names_redis_when_it_is_down(test_config):
    app = create_app({**test_config, "REDIS_URL": CLOSED_REDIS, "CHECK_SERVICES_AT_START": False})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["services"] == {"redis": "down"}


def test_readyz_names_the_database_when_it_is_down(test_config):
    app = create_app({**test_config, "DATABASE_URL": CLOSED_POSTGRES, "CHECK_SERVICES_AT_START": False})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["services"] == {"database": "down"}


def test_healthz_stays_up_while_dependencies_are_down(test_config):
    app = create_app({**test_config, "REDIS_URL": CLOSED_REDIS, "DATABASE_URL": CLOSED_POSTGRES,
                      "CHECK_SERVICES_AT_START": False})
    assert app.test_client().get("/healthz").status_code == 200


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "mysql://x/y"}, "digidost: DATABASE_URL='mysql://x/y': only PostgreSQL and SQLite"),
        ({"REDIS_URL": CLOSED_REDIS}, "digidost: redis unreachable"),
    ],
)
def test_the_command_line_prints_one_clear_line_for_a_bad_setting(tmp_path, env, expected):
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "routes"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "DIGIDOST_INSTANCE": str(tmp_path), **env},
    )
    assert result.returncode == 1
    assert result.stderr.strip().startswith(expected)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
