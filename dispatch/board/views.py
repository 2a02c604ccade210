"""Supervisor board views: live fulfilment, escalations, timelines."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from core.roles import SUPERVISOR, role_required
from dispatch.assignment import AssignmentRefused, agent_choices, assign_to_agent, scoped_request
from dispatch.board.services import (
    CANCEL_LABELS,
    ESCALATION_LABELS,
    LINKS,
    PANELS,
    STATE_LABELS,
    board_snapshot,
    redispatch,
)

bp = Blueprint("board", __name__, url_prefix="/board")


def _district() -> str | None:
    return getattr(current_user, "district", None) or None


@bp.get("/")
@role_required(SUPERVISOR)
def index():
    """The live board; ?partial=1 returns only the refreshed section (polled by the page)."""
    district = _district()
    snapshot = board_snapshot(district)
    panels = [(panel, panel.context(district)) for panel in PANELS]
    template = "board/_live.html" if request.args.get("partial") else "board/index.html"
    return render_template(template, snapshot=snapshot, panels=panels, district=district, links=LINKS,
                           state_labels=STATE_LABELS, escalation_labels=ESCALATION_LABELS,
                           cancel_labels=CANCEL_LABELS)


@bp.post("/requests/<int:request_id>/redispatch")
@role_required(SUPERVISOR)
def redispatch_request(request_id: int):
    """Send an escalated request back to dispatch."""
    if not redispatch(request_id, f"supervisor:{current_user.get_id()}", _district()):
        abort(404)
    flash(_("Request sent back to dispatch."))
    return redirect(url_for("board.index"))


REFUSALS = {
    "needs_reason": _l("This agent is at capacity or not listed for this service: give a reason."),
    "agent_deciding": _l("This agent is deciding on another offer: try again in a moment or pick someone else."),
    "not_waiting": _l("The request is no longer waiting for an agent."),
    "no_such_agent": _l("Pick an agent from the list."),
    "no_such_request": _l("No such request."),
}


@bp.route("/requests/<int:request_id>/assign", methods=["GET", "POST"])
@role_required(SUPERVISOR)
def assign(request_id: int):
    """Give a request to a named agent: distance, open jobs against capacity and services shown for each."""
    found = scoped_request(request_id, _district())
    if found is None:
        abort(404)
    form = FlaskForm()
    error = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            outcome = assign_to_agent(request_id, request.form.get("agent_id", type=int) or 0,
                                      f"supervisor:{current_user.get_id()}", request.form.get("reason", ""),
                                      _district())
        except AssignmentRefused as refused:
            error = REFUSALS.get(refused.code, refused.code)
        else:
            flash(_("Offered to the agent.") if outcome == "offered" else _("Assigned to the agent."))
            return redirect(url_for("board.index"))
    return render_template("board/assign.html", job=found, choices=agent_choices(found), form=form, error=error,
                           state_labels=STATE_LABELS), (422 if error else 200)
