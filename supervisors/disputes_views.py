"""Fee disputes and bad ratings' follow-ups, and the per agent / service / district view (routes on the supervisors'
blueprint)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from core.roles import SUPERVISOR, role_required
from dispatch.disputes import (
    DISPUTE_STATES,
    OPEN,
    REJECTED,
    UPHELD,
    DecisionRefused,
    decide_dispute,
    dispute_trail,
    disputes,
    scoped_dispute,
)
from ivr.models import DELIVERY, VISIT
from supervisors.accountability import (
    DAYS_CHOICES,
    DIMENSIONS,
    accountability,
    approval_by_period,
    dispute_counts,
    follow_ups,
)
from supervisors.reviews import mark_callback_done_with_note
from supervisors.views import actor, bp, district

STATE_LABELS = {OPEN: _l("open"), UPHELD: _l("upheld"), REJECTED: _l("rejected")}
MOMENT_LABELS = {VISIT: _l("visit"), DELIVERY: _l("delivery")}
DIMENSION_LABELS = {"agent": _l("Agent"), "service": _l("Service"), "district": _l("District")}
PROBLEMS = {
    "bad_decision": _l("Pick a decision: upheld or rejected."),
    "needs_note": _l("Write a note: it is sent to the citizen."),
    "note_too_long": _l("The note is too long (300 characters at most)."),
    "already_decided": _l("This dispute was already decided."),
}


@bp.get("/disputes")
@role_required(SUPERVISOR)
def disputes_page():
    """Fee disputes in a state (open by default), and the bad ratings waiting for a call-back."""
    state = request.args.get("state", OPEN)
    if state not in (*DISPUTE_STATES, "all"):
        abort(404)
    scope = district()
    return render_template("supervisors/disputes.html", disputes=disputes(scope, None if state == "all" else state),
                           state=state, counts=dispute_counts(scope), state_labels=STATE_LABELS,
                           follow_ups=follow_ups(scope), follow_ups_done=follow_ups(scope, done=True, limit=10),
                           moment_labels=MOMENT_LABELS, form=FlaskForm(), district=scope)


@bp.get("/disputes/<int:dispute_id>")
@role_required(SUPERVISOR)
def dispute_page(dispute_id: int):
    """One fee dispute: the request, the agent named, what was claimed against the notified fee, the decision."""
    return _dispute_page(dispute_id)


@bp.post("/disputes/<int:dispute_id>/decide")
@role_required(SUPERVISOR)
def decide(dispute_id: int):
    """Uphold (the agent refunds the difference) or reject a dispute, with a note the citizen receives by SMS."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        decide_dispute(dispute_id, request.form.get("decision", ""), request.form.get("note", ""), actor(), district())
    except DecisionRefused as refused:
        if refused.code == "no_case":
            abort(404)
        return _dispute_page(dispute_id, PROBLEMS[refused.code]), 422
    flash(_("Dispute decided; the citizen is told by SMS."))
    return redirect(url_for("supervisors.dispute_page", dispute_id=dispute_id))


@bp.post("/follow-ups/<int:callback_id>/close")
@role_required(SUPERVISOR)
def close_follow_up(callback_id: int):
    """A bad rating's follow-up: the citizen was called back; what they said is noted (required)."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    note = request.form.get("note", "").strip()
    if not note:
        flash(_("Write a note of what the citizen said."), "error")
        return redirect(url_for("supervisors.disputes_page")), 303
    if not mark_callback_done_with_note(callback_id, actor(), district(), note):
        abort(404)
    flash(_("Follow-up closed."))
    return redirect(url_for("supervisors.disputes_page"))


@bp.get("/accountability")
@role_required(SUPERVISOR)
def accountability_page():
    """Disputes, fee flags and ratings (count, approval) per agent, service or district; approval per month."""
    dimension = request.args.get("by", "agent")
    days = request.args.get("days", 30, type=int)
    if dimension not in DIMENSIONS or days not in DAYS_CHOICES:
        abort(404)
    return render_template("supervisors/accountability.html", lines=accountability(dimension, district(), days),
                           dimension=dimension, days=days, dimensions=DIMENSION_LABELS, days_choices=DAYS_CHOICES,
                           periods=approval_by_period(district()), district=district())


def _dispute_page(dispute_id: int, error: str | None = None):
    dispute = scoped_dispute(dispute_id, district())
    if dispute is None:
        abort(404)
    decisions = [(UPHELD, _("Upheld: the agent refunds the difference")), (REJECTED, _("Rejected"))]
    return render_template("supervisors/dispute.html", dispute=dispute, trail=dispute_trail(dispute), error=error,
                           form=FlaskForm(), state_labels=STATE_LABELS, decisions=decisions, district=district())
