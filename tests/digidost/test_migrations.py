"""The schema comes from the Alembic migrations, on SQLite and PostgreSQL alike, and matches the models."""

import os
import uuid

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from core.extensions import db
from digidost import create_app


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A brand-new empty database on the same server as the test database (or a new SQLite file)."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"digidost_migrate_{uuid.uuid4().hex[:8]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def test_migrations_build_the_whole_schema_and_it_matches_the_models(test_config, empty_database_url):
    app = create_app({**test_config, "DATABASE_URL": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        tables = set(inspect(db.engine).get_table_names())
        assert {"service", "fee_notification", "service_request", "offer", "agent", "outbox_message"} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_no_model_creates_tables_outside_tests():
    sources = []
    for folder in ("core", "digidost", "dispatch", "fees", "ivr", "agents"):
        for root, _dirs, files in os.walk(os.path.join(os.path.dirname(__file__), "..", "..", folder)):
            sources += [os.path.join(root, f) for f in files if f.endswith(".py")]
    assert not [path for path in sources if "create_all(" in open(path, encoding="utf-8").read()]
