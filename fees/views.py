"""The public fee schedule."""

from __future__ import annotations

from flask import Blueprint, render_template

from fees.services import active_services

bp = Blueprint("fees", __name__)


@bp.get("/fees")
def schedule():
    """The schedule in force, in English, Hindi and Urdu."""
    return render_template("fees/schedule.html", services=active_services())
