"""The CLI group: flask --app wsgi seed-demo | run-all | worker | sweep | fees …"""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext


@click.command("seed-demo")
@click.option("--on-a-server-database", is_flag=True,
              help="Seed a PostgreSQL database too (the demo logins have published passwords).")
@with_appcontext
def seed_demo_command(on_a_server_database: bool) -> None:
    """Load the sample catalogue and fee notification, demo centres, agents and logins (idempotent)."""
    from digidost.demo import seed_demo

    if not current_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") and not on_a_server_database:
        raise click.ClickException("refusing to load demo logins (published passwords) into a server database; "
                                   "add --on-a-server-database if this really is a demo")
    for line in seed_demo():
        click.echo(line)


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run a worker on the dispatch, notify and default queues (waits out Redis outages; see digidost.worker)."""
    from digidost.worker import run_worker

    run_worker(current_app._get_current_object(), burst=burst)


@click.command("sweep")
@with_appcontext
def sweep_command() -> None:
    """Run the dispatch sweeper once: expire overdue offers, re-dispatch what waits."""
    from dispatch.jobs import sweep

    click.echo(sweep())


@click.command("run-all")
@click.option("--port", default=5000, show_default=True)
def run_all_command(port: int) -> None:
    """Run web, worker and cron on the embedded defaults, after migrating and seeding the demo."""
    from digidost.launcher import run_all

    run_all(current_app._get_current_object(), port)


@click.group("audit")
def audit_group() -> None:
    """The security audit log."""


@audit_group.command("verify")
@with_appcontext
def audit_verify_command() -> None:
    """Recompute the hash chain; name the first row that was changed, removed or inserted (exit status 1)."""
    from core.audit import verify_chain

    check = verify_chain()
    if check.first_bad_id is not None:
        click.echo(f"audit log TAMPERED: row {check.first_bad_id} {check.reason} "
                   f"(after {check.rows - 1} intact rows)", err=True)
        raise SystemExit(1)
    click.echo(f"audit log intact: {check.rows} rows")


def register(app: Flask) -> None:
    for command in (seed_demo_command, worker_command, sweep_command, run_all_command, audit_group):
        app.cli.add_command(command)
    from dispatch.cli import geo_group
    from fees.cli import fees_group

    app.cli.add_command(fees_group)
    app.cli.add_command(geo_group)
    from dispatch.psga_cli import departments_group, holidays_group

    app.cli.add_command(holidays_group)
    app.cli.add_command(departments_group)
