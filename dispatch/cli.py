"""flask geo …: check the gazetteer's PIN positions of the served state."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from dispatch.geo import district_positions, suspicious_pins

geo_group = AppGroup("geo", help="PIN code positions of the served state.")


@geo_group.command("check")
def check_command() -> None:
    """List the PIN codes whose gazetteer position is an outlier for their district, and the position used."""
    state = current_app.config["SERVED_STATE"]
    threshold = district_positions(state).threshold_km
    suspicious = suspicious_pins(state)
    for office, checked in suspicious:
        click.echo(f"{office['pincode']}  {office['office_name']}, {checked.district}: "
                   f"gazetteer {checked.gazetteer[0]:.5f} N {checked.gazetteer[1]:.5f} E, "
                   f"{checked.distance_km:.0f} km from the district median ({checked.reason}); "
                   f"using {checked.used[0]:.5f} N {checked.used[1]:.5f} E")
    click.echo(f"{len(suspicious)} suspicious PIN code(s) in {state} "
               f"(more than {threshold:.0f} km from their district's median, or outside the state).")
