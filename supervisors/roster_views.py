"""The agent roster, fee-flag reviews and charts (routes on the supervisors' blueprint)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from core.roles import SUPERVISOR, role_required
from supervisors import roster
from supervisors.charts import supervisor_charts
from supervisors.models import OUTCOMES
from supervisors.reviews import ReviewRefused, fee_flags, review_fee_flag
from supervisors.views import actor, bp, district

PROBLEMS = {
    "bad_capacity": _l("Capacity must be a whole number from %(low)d to %(high)d.", low=roster.MIN_CAPACITY,
                       high=roster.MAX_CAPACITY),
    "no_services": _l("Tick at least one service, or “All services”."),
    "unknown_service": _l("Pick services from the list."),
    "bad_centre": _l("Pick a centre in the agent’s district."),
    "bad_outcome": _l("Pick an outcome."),
    "note_too_long": _l("The note is too long (500 characters at most)."),
    "already_reviewed": _l("This fee flag was already reviewed."),
}
OUTCOME_LABELS = {"refunded": _l("refunded to the citizen"), "warned": _l("agent warned"),
                  "referred": _l("referred for licence action")}
CHANGES = {"deactivate": roster.deactivate_agent, "reactivate": roster.reactivate_agent}
DONE = {"deactivate": _l("Agent deactivated: off duty, signed out, offered nothing."),
        "reactivate": _l("Agent reactivated: they may sign in and come on duty."),
        "capacity": _l("Capacity changed."), "services": _l("Services changed."), "centre": _l("Centre changed.")}


@bp.get("/agents")
@role_required(SUPERVISOR)
def roster_page():
    """The district's agents: presence, load, today's jobs, acceptance, approval, fee flags."""
    return render_template("supervisors/roster.html", rows=roster.agent_roster(district()), district=district())


@bp.get("/agents/<int:agent_id>")
@role_required(SUPERVISOR)
def agent_page(agent_id: int):
    """One agent's figures and the changes a supervisor may make."""
    return _agent_page(agent_id)


@bp.post("/agents/<int:agent_id>/<any(deactivate, reactivate, capacity, services, centre):change>")
@role_required(SUPERVISOR)
def change_agent(agent_id: int, change: str):
    """Deactivate, reactivate, or set the capacity, services or centre of an agent; audited."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        if change in CHANGES:
            CHANGES[change](agent_id, district(), actor())
        elif change == "capacity":
            roster.set_capacity(agent_id, district(), request.form.get("capacity", type=int), actor())
        elif change == "services":
            codes = None if request.form.get("all_services") else request.form.getlist("services")
            roster.set_services(agent_id, district(), codes, actor())
        else:
            roster.set_centre(agent_id, district(), request.form.get("centre_id", type=int), actor())
    except roster.RosterRefused as refused:
        if refused.code == "no_agent":
            abort(404)
        return _agent_page(agent_id, PROBLEMS[refused.code]), 422
    flash(DONE[change])
    return redirect(url_for("supervisors.agent_page", agent_id=agent_id))


def _agent_page(agent_id: int, error: str | None = None):
    rows = roster.agent_roster(district(), agent_id)
    if not rows:
        abort(404)
    row = rows[0]
    return render_template("supervisors/agent.html", row=row, error=error, form=FlaskForm(),
                           centres=roster.centres_of(row.agent.district), services=roster.services_offered(),
                           flags=fee_flags(district(), None, limit=20, agent_id=agent_id),
                           outcome_labels=OUTCOME_LABELS, capacity_range=(roster.MIN_CAPACITY, roster.MAX_CAPACITY))


@bp.get("/fee-flags")
@role_required(SUPERVISOR)
def fee_flags_page():
    """Fees collected other than notified: those to review, or (?reviewed=1) those reviewed."""
    reviewed = bool(request.args.get("reviewed"))
    return _fee_flags_page(reviewed)


@bp.post("/fee-flags/<int:request_id>/review")
@role_required(SUPERVISOR)
def review_flag(request_id: int):
    """Record the outcome of a fee flag: refunded, warned or referred for licence action, with a note."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        review_fee_flag(request_id, district(), request.form.get("outcome", ""), request.form.get("note", ""),
                        actor())
    except ReviewRefused as refused:
        if refused.code == "no_flag":
            abort(404)
        return _fee_flags_page(False, PROBLEMS[refused.code]), 422
    flash(_("Fee flag reviewed."))
    return redirect(url_for("supervisors.fee_flags_page"))


def _fee_flags_page(reviewed: bool, error: str | None = None):
    return render_template("supervisors/fee_flags.html", flags=fee_flags(district(), reviewed), reviewed=reviewed,
                           error=error, form=FlaskForm(), outcomes=[(o, OUTCOME_LABELS[o]) for o in OUTCOMES],
                           outcome_labels=OUTCOME_LABELS, district=district())


@bp.get("/charts")
@role_required(SUPERVISOR)
def charts_page():
    """Requests per day, time to assign and complete, approval and statutory breaches, drawn as SVG."""
    return render_template("supervisors/charts.html", charts=supervisor_charts(district()), district=district())
