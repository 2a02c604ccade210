"""flask holidays … and flask departments …: the PSGA calendar and department systems' API tokens."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from core.extensions import db
from dispatch.department_tokens import TokenError, issue_token, revoke_token
from dispatch.holidays import HolidayImportError, import_holidays

holidays_group = AppGroup("holidays", help="The holiday calendar of PSGA timelines.")
departments_group = AppGroup("departments", help="Department systems' API tokens.")


@holidays_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path: str) -> None:
    """Import a holiday CSV (date,name,district): replaces the holidays of its years, all or nothing."""
    with open(path, encoding="utf-8-sig") as handle:
        text = handle.read()
    try:
        imported = import_holidays(text)
    except HolidayImportError as refused:
        db.session.rollback()
        for error in refused.errors:
            click.echo(error, err=True)
        raise click.ClickException(f"{len(refused.errors)} error(s); nothing was imported") from None
    db.session.commit()
    for year, count in imported.items():
        click.echo(f"{year}: {count} holidays imported")


@departments_group.command("token")
@click.argument("source")
@click.argument("department")
def token_command(source: str, department: str) -> None:
    """Issue an API token for a department's system (printed once; only its hash is kept)."""
    try:
        token = issue_token(source, department)
    except TokenError as refused:
        raise click.ClickException(str(refused)) from None
    db.session.commit()
    click.echo(f"token for {source} ({department}), shown once: {token}")


@departments_group.command("revoke")
@click.argument("source")
def revoke_command(source: str) -> None:
    """Revoke a department system's API token."""
    if not revoke_token(source):
        raise click.ClickException(f"no token for {source}")
    db.session.commit()
    click.echo(f"token of {source} revoked")
