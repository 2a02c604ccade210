"""The supervisors' door: every page and action of a supervisor, district-scoped (a state supervisor has none)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from agents.accounts import AccountError
from agents.forms import OverrideForm
from agents.staff import issue_temporary_password, staff_accounts
from core.clock import utcnow
from core.roles import SUPERVISOR, role_required
from dispatch.assignment import AssignmentRefused, agent_choices, assign_to_agent, redispatch, scoped_request
from dispatch.visits import WrongState, override_visit_code
from supervisors.board import (
    APPEAL_LABELS,
    CANCEL_LABELS,
    ESCALATION_LABELS,
    STAGE_LABELS,
    STATE_LABELS,
    board_snapshot,
)
from supervisors.panels import approval_summary, callbacks_context
from supervisors.reviews import mark_callback_done_with_note, recent_callbacks_done

bp = Blueprint("supervisors", __name__, url_prefix="/board")

REFUSALS = {
    "needs_reason": _l("This agent is at capacity or not listed for this service: give a reason."),
    "agent_deciding": _l("This agent is deciding on another offer: try again in a moment or pick someone else."),
    "not_waiting": _l("The request is no longer waiting for an agent."),
    "no_such_agent": _l("Pick an agent from the list."),
    "no_such_request": _l("No such request."),
}


def district() -> str | None:
    """The signed-in supervisor's district; None for a state-level supervisor."""
    return getattr(current_user, "district", None) or None


def actor() -> str:
    """How the signed-in supervisor appears in audit trails."""
    return f"supervisor:{current_user.get_id()}"


@bp.get("/")
@role_required(SUPERVISOR)
def board():
    """The live board; ?partial=1 returns only the refreshed section (polled by the page)."""
    scope = district()
    template = "supervisors/_live.html" if request.args.get("partial") else "supervisors/board.html"
    appeal = request.args.get("appeal") if request.args.get("appeal") in APPEAL_LABELS else None
    return render_template(template, snapshot=board_snapshot(scope, appeal=appeal), district=scope,
                           appeal_filter=appeal, appeal_labels=APPEAL_LABELS, stage_labels=STAGE_LABELS,
                           callbacks=callbacks_context(scope)["callbacks"], ratings=approval_summary(scope),
                           callbacks_done=recent_callbacks_done(scope),
                           state_labels=STATE_LABELS, escalation_labels=ESCALATION_LABELS, cancel_labels=CANCEL_LABELS)


@bp.post("/requests/<int:request_id>/redispatch")
@role_required(SUPERVISOR)
def redispatch_request(request_id: int):
    """Send a waiting or escalated request to dispatch now."""
    if not redispatch(request_id, actor(), district()):
        abort(404)
    flash(_("Request sent back to dispatch."))
    return redirect(url_for("supervisors.board"))


@bp.route("/requests/<int:request_id>/assign", methods=["GET", "POST"])
@role_required(SUPERVISOR)
def assign(request_id: int):
    """Give a request to a named agent: distance, open jobs against capacity and services shown for each."""
    found = scoped_request(request_id, district())
    if found is None:
        abort(404)
    form = FlaskForm()
    error = None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            outcome = assign_to_agent(request_id, request.form.get("agent_id", type=int) or 0, actor(),
                                      request.form.get("reason", ""), district())
        except AssignmentRefused as refused:
            error = REFUSALS.get(refused.code, refused.code)
        else:
            flash(_("Offered to the agent.") if outcome == "offered" else _("Assigned to the agent."))
            return redirect(url_for("supervisors.board"))
    return render_template("supervisors/assign.html", job=found, choices=agent_choices(found), form=form,
                           error=error, state_labels=STATE_LABELS), (422 if error else 200)


@bp.route("/requests/<int:request_id>/override", methods=["GET", "POST"])
@role_required(SUPERVISOR)
def override(request_id: int):
    """Start a visit whose code is locked or lost, with a reason."""
    job = scoped_request(request_id, district())
    if job is None:
        abort(404)
    form = OverrideForm()
    if form.validate_on_submit():
        try:
            override_visit_code(request_id, current_user.id, form.reason.data)
        except WrongState:
            flash(_("Only a job waiting for its visit to start can be overridden."), "error")
        else:
            flash(_("Visit started by supervisor override."), "info")
            return redirect(url_for("supervisors.override", request_id=request_id))
    return render_template("supervisors/override.html", job=job, form=form)


@bp.post("/callbacks/<int:callback_id>/done")
@role_required(SUPERVISOR)
def callback_done(callback_id: int):
    """The supervisor has called the citizen back (with an optional note of what was said)."""
    if not mark_callback_done_with_note(callback_id, actor(), district(), request.form.get("note", "")):
        abort(404)
    return redirect(url_for("supervisors.board"))


@bp.get("/staff")
@role_required(SUPERVISOR)
def staff():
    """Agents' accounts: lockouts, and temporary passwords for those who forgot theirs."""
    return _staff_page()


@bp.post("/staff/<int:account_id>/temporary-password")
@role_required(SUPERVISOR)
def temporary_password(account_id: int):
    """Issue a temporary password, shown once to the supervisor to pass on to the agent."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        account, password = issue_temporary_password(account_id, current_user.district,
                                                     f"account:{current_user.id}:{current_user.username}")
    except AccountError:
        abort(404)
    # Shown once in this answer, never stored in the session cookie or anywhere else.
    return _staff_page(issued=(account.username, password))


def _staff_page(issued: tuple | None = None):
    return render_template("supervisors/staff.html", accounts=staff_accounts(current_user.district),
                           form=FlaskForm(), now=utcnow(), issued=issued)


# More routes of this door, each feature in a module of its own.
from supervisors import (  # noqa: E402,F401
    application_views,
    disputes_views,
    models,
    ops_views,
    recordings_views,
    requests_views,
    roster_views,
)
