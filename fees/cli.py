"""flask fees …: load the catalogue, import a notification, export the schedule in force."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from fees.tables import ImportRefused

fees_group = AppGroup("fees", help="Service catalogue and notified fee schedules.")


def _refuse(refusal: ImportRefused) -> None:
    for problem in refusal.problems:
        click.echo(f"  {problem}", err=True)
    click.echo(f"Refused, nothing was written: {len(refusal.problems)} problem(s).", err=True)
    raise SystemExit(1)


@fees_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--number", help="Notification number (else the file's '# number:' line).")
@click.option("--issued-on", help="Date of issue, e.g. 2026-03-01.")
@click.option("--issued-by", help="Issuing authority.")
@click.option("--effective-from", help="Start, local time (a date means its midnight), e.g. 2026-04-01.")
@click.option("--effective-to", help="End (exclusive), if the notification gives one.")
@click.option("--sample/--not-sample", default=None, help="Mark it as a sample, not a real notification.")
def import_command(file: str, number, issued_on, issued_by, effective_from, effective_to, sample) -> None:
    """Import a fee notification from CSV or YAML: all rows or none."""
    from fees.services import import_notification, read_file

    overrides = {"number": number, "issued_on": issued_on, "issued_by": issued_by,
                 "effective_from": effective_from, "effective_to": effective_to, "is_sample": sample}
    try:
        notification, plan = import_notification(read_file(file), file, overrides)
    except ImportRefused as refusal:
        _refuse(refusal)
        return
    click.echo(f"Imported notification {notification.number}: {len(plan.fees)} fees.")
    if plan.closes is not None:
        click.echo(f"Notification {plan.closes.number} now ends where it begins.")
    if plan.uncovered:
        click.echo(f"Warning: no fee for {len(plan.uncovered)} active service(s): {', '.join(plan.uncovered)}",
                   err=True)


@fees_group.command("catalogue")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def catalogue_command(file: str) -> None:
    """Load or update the service catalogue from CSV or YAML: all rows or none."""
    from fees.services import import_catalogue, read_file

    try:
        result = import_catalogue(read_file(file), file)
    except ImportRefused as refusal:
        _refuse(refusal)
        return
    click.echo(f"Catalogue loaded: {len(result.created)} created, {len(result.updated)} updated.")


@fees_group.command("export")
@click.option("--at", "at_text", help="Instant, local time (default: now), e.g. 2026-04-01T10:00.")
def export_command(at_text: str | None) -> None:
    """Write the schedule in force as CSV to standard output."""
    from fees.importer import parse_instant
    from fees.schedule import NoFeeInForce
    from fees.services import export_schedule_csv, local_timezone

    try:
        at = parse_instant(at_text, local_timezone()) if at_text else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--at") from None
    try:
        click.echo(export_schedule_csv(at), nl=False)
    except NoFeeInForce as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
