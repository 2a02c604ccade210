"""The agent console's routes: duty, live offers, jobs, history; the supervisor's visit-code override."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from agents.console import (
    application_days_left,
    completed_jobs,
    completions,
    job_of_agent,
    live_offers,
    offer_of_agent,
    open_jobs,
)
from agents.earnings import earnings_by_period
from agents.forms import CancelForm, CompleteForm, DeclineForm, DutyForm, StartVisitForm
from agents.views import agent_required, bp, home_url
from core.clock import local_today
from core.extensions import db
from dispatch.applications import StageError
from dispatch.department_updates import apply_action
from dispatch.landmarks import landmark_audio, landmark_for_agent
from dispatch.models import Agent, ServiceRequest
from dispatch.offers import OfferUnavailable, accept_offer, decline_offer
from dispatch.presence import go_off_duty, go_on_duty, record_heartbeat
from dispatch.visit_windows import window_text
from dispatch.visits import (
    BadInput,
    FeeNeedsReason,
    NotYourJob,
    VisitCodeLocked,
    WrongState,
    WrongVisitCode,
    cancel_by_agent,
    complete_request,
    start_visit,
)

# The application after the visit: its stages, what the agent may record, and why a change is refused.
STAGE_LABELS = {"filed": _l("Filed"), "under_process": _l("Under process"), "approved": _l("Approved"),
                "rejected": _l("Rejected"), "delivered": _l("Delivered")}
STAGE_ACTIONS = {"under_process": _l("Under process"), "approved": _l("Approved"), "rejected": _l("Rejected"),
                 "delivered": _l("Delivered"), "documents_missing": _l("Documents missing (pause the clock)"),
                 "documents_received": _l("Documents received (resume the clock)")}
DELIVERY_LABELS = {"handed_over": _l("Handed over"), "digilocker": _l("DigiLocker"), "serviceplus": _l("ServicePlus")}
STAGE_ERRORS = {"wrong_stage": _l("the application cannot go to that stage from where it is."),
                "reason_required": _l("give the reason for the rejection."),
                "reason_too_long": _l("the reason is too long."),
                "delivery_mode": _l("say how it was delivered."),
                "reference_required": _l("give the DigiLocker or ServicePlus reference."),
                "reference_too_long": _l("the reference is too long."),
                "unknown_stage": _l("pick a stage from the list."),
                "not_filed": _l("the application is not filed yet."),
                "not_pausable": _l("only an application waiting for a decision can wait for documents."),
                "conflict": _l("someone else changed it meanwhile; look again.")}


def _language() -> str:
    return session.get("language") or "en"


def _timing() -> dict:
    cfg = current_app.config
    stale = cfg["PRESENCE_STALE_SECONDS"]
    return {"poll_seconds": cfg.get("AGENT_POLL_SECONDS", 5),
            "heartbeat_seconds": cfg.get("AGENT_HEARTBEAT_SECONDS", max(5, min(60, stale // 3)))}


@bp.get("/")
@login_required
def console():
    """Duty switch, live offers and open jobs (a supervisor who comes here lands on their board)."""
    if getattr(current_user, "is_supervisor", False):
        return redirect(home_url(current_user))
    return _console()


@agent_required
def _console():
    agent = db.session.get(Agent, current_user.agent_id)
    return render_template("agents/console.html", agent=agent, offers=live_offers(agent.id, _language()),
                           jobs=open_jobs(agent.id), duty_form=DutyForm(), decline_form=DeclineForm(), **_timing())


@bp.get("/offers")
@agent_required
def offers():
    """The live offers list alone: what the console polls."""
    return render_template("agents/_offers.html", offers=live_offers(current_user.agent_id, _language()),
                           decline_form=DeclineForm())


@bp.post("/duty")
@agent_required
def duty():
    """Go on duty (from the centre, or the phone's position when shared) or off duty."""
    form = DutyForm()
    if not form.validate_on_submit():
        abort(400)
    if request.form.get("action") == "off":
        go_off_duty(current_user.agent_id)
        flash(_("You are off duty: no new offers will come."), "info")
        return redirect(url_for("agents.console"))
    position = _position(form.latitude.data, form.longitude.data) if form.share_location.data else (None, None)
    go_on_duty(current_user.agent_id, *position)
    flash(_("You are on duty: new offers appear below."), "info")
    return redirect(url_for("agents.console"))


@bp.post("/heartbeat")
@agent_required
def heartbeat():
    """The open console says the agent is still here (and where, if shared)."""
    data = request.get_json(silent=True) or {}
    agent = record_heartbeat(current_user.agent_id, *_position(data.get("latitude"), data.get("longitude")))
    return jsonify(on_duty=agent.on_duty)


def _position(latitude, longitude) -> tuple[float | None, float | None]:
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return None, None
    return (lat, lon) if -90 <= lat <= 90 and -180 <= lon <= 180 else (None, None)


@bp.post("/offers/<int:offer_id>/accept")
@agent_required
def accept(offer_id: int):
    """Take the job offered."""
    if offer_of_agent(offer_id, current_user.agent_id) is None:
        abort(404)
    try:
        acceptance = accept_offer(offer_id, current_user.agent_id)
    except OfferUnavailable:
        flash(_("This offer is no longer available: it expired or went to another agent."), "error")
        return redirect(url_for("agents.console"))
    flash(_("The job is yours. Call the citizen and agree a time."), "info")
    return redirect(url_for("agents.job", request_id=acceptance.request_id))


@bp.post("/offers/<int:offer_id>/decline")
@agent_required
def decline(offer_id: int):
    """Refuse the job offered, with a reason."""
    form = DeclineForm()
    if offer_of_agent(offer_id, current_user.agent_id) is None:
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    try:
        decline_offer(offer_id, current_user.agent_id, form.reason.data)
    except OfferUnavailable:
        flash(_("This offer is no longer available: it expired or went to another agent."), "error")
    else:
        flash(_("Offer declined. It goes to the next agent."), "info")
    return redirect(url_for("agents.console"))


def _own_job(request_id: int) -> ServiceRequest:
    job = job_of_agent(request_id, current_user.agent_id)
    if job is None:
        abort(404)
    return job


def _render_job(job: ServiceRequest, **forms):
    forms.setdefault("start_form", StartVisitForm())
    forms.setdefault("complete_form", CompleteForm(fee_collected=job.total_fee))
    forms.setdefault("cancel_form", CancelForm())
    forms.setdefault("stage_form", FlaskForm())
    documents = [d.get(_language()) or d.get("en", "") for d in (job.service.documents or [])]
    today = local_today(current_app.config["DEFAULT_TIMEZONE"])
    return render_template("agents/job.html", job=job, documents=documents, language=_language(),
                           days_left=application_days_left(job, today), stage_labels=STAGE_LABELS,
                           visit_window=window_text(job.visit_window_start, job.visit_window_end,
                                                    current_app.config["DEFAULT_TIMEZONE"]),
                           action_labels=STAGE_ACTIONS, delivery_labels=DELIVERY_LABELS, **forms)


@bp.post("/jobs/<int:request_id>/stage")
@agent_required
def stage(request_id: int):
    """The agent records what the department did with the application they filed (one SMS to the citizen)."""
    job = _own_job(request_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    form = request.form
    try:
        changed = apply_action(job.id, form.get("action", ""), f"agent:{current_user.agent_id}",
                               local_today(current_app.config["DEFAULT_TIMEZONE"]), reason=form.get("reason"),
                               delivery_mode=form.get("delivery_mode"), reference=form.get("reference"))
    except StageError as refused:
        db.session.rollback()
        flash(_("Not changed: %(reason)s", reason=STAGE_ERRORS.get(refused.code, refused.message)), "error")
    else:
        db.session.commit()
        flash(_("Application updated; the citizen gets an SMS.") if changed else _("Nothing to change."), "info")
    return redirect(url_for("agents.job", request_id=request_id))


@bp.get("/jobs/<int:request_id>/landmark")
@agent_required
def landmark(request_id: int):
    """The spoken landmark recorded on the call (issue 13): for the agent holding the job only, 404 for anyone else
    (and once deleted); streamed through us, so the recording's URL and the account's credentials stay ours."""
    job = landmark_for_agent(request_id, current_user.agent_id)
    audio = landmark_audio(job) if job is not None else None
    if audio is None:
        abort(404)
    body, mimetype = audio
    return Response(body, mimetype=mimetype, headers={"Cache-Control": "no-store"})


@bp.get("/jobs/<int:request_id>")
@agent_required
def job(request_id: int):
    """One job: the citizen, documents to bring, and the next step."""
    return _render_job(_own_job(request_id))


@bp.post("/jobs/<int:request_id>/start")
@agent_required
def start(request_id: int):
    """Start the visit with the code the citizen received by SMS."""
    job = _own_job(request_id)
    form = StartVisitForm()
    if form.validate_on_submit():
        try:
            start_visit(request_id, current_user.agent_id, form.code.data)
        except WrongVisitCode as wrong:
            flash(_("Wrong visit code. %(left)d attempts left.", left=wrong.attempts_left), "error")
        except VisitCodeLocked:
            flash(_("Too many wrong codes: the code is locked. Ask your supervisor to start the visit."), "error")
        except (NotYourJob, WrongState):
            abort(404)
        else:
            flash(_("Visit started."), "info")
            return redirect(url_for("agents.job", request_id=request_id))
    return _render_job(job, start_form=form)


@bp.post("/jobs/<int:request_id>/complete")
@agent_required
def complete(request_id: int):
    """Record the application number and the fee collected."""
    job = _own_job(request_id)
    form = CompleteForm()
    if form.validate_on_submit():
        try:
            complete_request(request_id, current_user.agent_id, form.application_number.data,
                             form.fee_collected.data, form.reason.data)
        except FeeNeedsReason as needs:
            flash(_("The notified fee is Rs %(fee)s. To record another amount, give a reason; "
                    "supervisors will review it.", fee=needs.expected), "error")
        except BadInput:
            flash(_("Enter the application number and the fee collected."), "error")
        except WrongState as wrong:
            flash(_("Start the visit first.") if wrong.state == "assigned" else
                  _("This job is already closed."), "error")
        except NotYourJob:
            abort(404)
        else:
            flash(_("Job completed. The citizen gets a receipt by SMS."), "info")
            return redirect(url_for("agents.console"))
    return _render_job(job, complete_form=form)


@bp.post("/jobs/<int:request_id>/cancel")
@agent_required
def cancel(request_id: int):
    """Give the job back, with a reason."""
    _own_job(request_id)
    form = CancelForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        cancel_by_agent(request_id, current_user.agent_id, form.reason.data)
    except (NotYourJob, WrongState):
        abort(404)
    flash(_("Job cancelled."), "info")
    return redirect(url_for("agents.console"))


@bp.get("/history")
@agent_required
def history():
    """Completed jobs and earnings (the agent's share) by day and month."""
    by_day, by_month = earnings_by_period(completions(current_user.agent_id),
                                          current_app.config["DEFAULT_TIMEZONE"])
    return render_template("agents/history.html", jobs=completed_jobs(current_user.agent_id),
                           by_day=by_day, by_month=by_month, language=_language())
