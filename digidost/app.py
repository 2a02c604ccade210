"""The application factory."""

from __future__ import annotations

import logging
import os

from flask import Flask, render_template
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from core import extensions
from core.settings import SettingsError, instance_path_from, load_settings
from digidost.webhooks import DigiDostFlask


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from defaults, the environment and test_config; raise SettingsError on a bad setting."""
    project_root = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
    app = DigiDostFlask(
        __name__,
        instance_path=instance_path_from(dict(os.environ), os.path.join(os.getcwd(), "instance")),
        template_folder=os.path.join(project_root, "templates"),
        static_folder=os.path.join(project_root, "static"),
    )
    app.config.from_mapping(load_settings(dict(os.environ), app.instance_path, test_config))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    if app.config.get("CHECK_SERVICES_AT_START", True):
        check_services(app)
    return app


def warm_up(app: Flask) -> None:
    """Load what the first caller would otherwise wait for (PIN gazetteer, district medians), once per process."""
    from dispatch.geo import district_positions, geocoder_named

    geocoder_named(app.config["GEOCODER"])
    district_positions(app.config["SERVED_STATE"])


def register_extensions(app: Flask) -> None:
    import core.audit  # noqa: F401  (register the security event table)
    import core.models  # noqa: F401  (register the outbox table)
    from core.security import init_security

    extensions.db.init_app(app)
    migrations = os.path.abspath(os.path.join(app.root_path, "..", "migrations"))
    extensions.migrate.init_app(app, extensions.db, directory=migrations, render_as_batch=True, compare_type=True)
    extensions.csrf.init_app(app)
    extensions.login_manager.init_app(app)
    extensions.queues.init_app(app)
    extensions.telephony.init_app(app)
    init_security(app)  # after the queues: the rate limiter uses the same Redis
    from digidost.i18n import init_babel

    init_babel(app)


def register_blueprints(app: Flask) -> None:
    from agents.views import bp as agents_bp
    from digidost.health import bp as health_bp
    from digidost.sms_webhook import bp as sms_webhook_bp
    from fees.views import bp as fees_bp
    from ivr.views import bp as ivr_bp
    from supervisors.department_api import bp as departments_bp
    from supervisors.ops_views import bp as operations_bp
    from supervisors.views import bp as supervisors_bp

    for blueprint in (health_bp, fees_bp, supervisors_bp, operations_bp, ivr_bp, agents_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(departments_bp)  # the departments' stage API (issue 12)
    app.register_blueprint(sms_webhook_bp)  # /ivr/sms: agents' SMS commands (agents.sms), else the citizens'


def register_errorhandlers(app: Flask) -> None:
    def render_error(error):
        if getattr(error, "response", None) is not None:
            return error.response  # a rate limit's own answer (the IVR's spoken or SMS reply)
        code = getattr(error, "code", 500)
        return render_template("error.html", code=code), code

    for code in (400, 403, 404, 405, 429, 500):
        app.errorhandler(code)(render_error)


def register_commands(app: Flask) -> None:
    from digidost.cli import register

    register(app)


def check_services(app: Flask) -> None:
    """Fail start-up with one line when the database or Redis does not answer."""
    with app.app_context():
        problem = service_problems()
    if problem:
        raise SettingsError("; ".join(problem))


def service_problems() -> list[str]:
    """What is down among the database and Redis, as short phrases with the error (empty when all answer)."""
    return [f"{name} unreachable ({detail})" for name, detail in services_down().items()]


def services_down() -> dict[str, str]:
    """Each service that does not answer (database, redis), with the first line of its error."""
    from flask import current_app

    down = {}
    try:
        with extensions.db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        down["database"] = _first_line(exc)
    try:
        current_app.extensions["redis"].ping()
    except (RedisError, OSError) as exc:
        down["redis"] = _first_line(exc)
    return down


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:160]
