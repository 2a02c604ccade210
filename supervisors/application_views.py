"""The application after the visit, for supervisors: a request's stage form, a department's file of updates,
the holiday calendar and the appellate authorities (routes on the supervisors' blueprint)."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from core.clock import local_today
from core.extensions import db
from core.roles import SUPERVISOR, role_required
from dispatch.applications import StageError
from dispatch.department_updates import UpdateError, apply_action, apply_updates, describe, read_file
from dispatch.holidays import HolidayImportError, holidays_of_year, import_holidays
from dispatch.models import DELIVERY_MODES, AppellateAuthority
from supervisors.authorities import (
    LEVELS,
    AuthorityError,
    check_authority,
    departments,
    list_authorities,
    save_authority,
)
from supervisors.board import APPEAL_LABELS, DELIVERY_LABELS, STAGE_LABELS
from supervisors.requests import known_districts
from supervisors.views import actor, bp, district

ACTION_LABELS = {"under_process": _l("under process"), "approved": _l("approved"), "rejected": _l("rejected"),
                 "delivered": _l("delivered"), "documents_missing": _l("documents missing: pause the clock"),
                 "documents_received": _l("documents received: resume the clock")}
AUTHORITY_ERRORS = {"unknown_district": _l("Pick a district from the list, or none for every district."),
                    "unknown_department": _l("Pick a department from the list."),
                    "unknown_level": _l("Pick the first or the second appeal."),
                    "required": _l("Required."), "too_long": _l("At most 120 characters."),
                    "bad_phone": _l("A phone number: digits, spaces and dashes, + first if international."),
                    "bad_email": _l("An e-mail address such as name@example.gov.in."),
                    "duplicate": _l("This district and department already have an authority for this appeal.")}


def _today() -> date:
    return local_today(current_app.config["DEFAULT_TIMEZONE"])


@bp.post("/requests/<int:request_id>/stage")
@role_required(SUPERVISOR)
def request_stage(request_id: int):
    """A supervisor moves a request's application on (or pauses or resumes its clock)."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    form = request.form
    try:
        changed = apply_action(request_id, form.get("action", ""), actor(), _today(), district(),
                               reason=form.get("reason"), delivery_mode=form.get("delivery_mode"),
                               reference=form.get("reference"))
    except LookupError:
        abort(404)
    except StageError as refused:
        db.session.rollback()
        flash(_("Not changed: %(reason)s", reason=refused.message), "error")
    else:
        db.session.commit()
        flash(_("Application updated; the citizen gets an SMS.") if changed else _("Nothing to change."))
    return redirect(url_for("supervisors.request_detail", request_id=request_id))


@bp.route("/applications/import", methods=["GET", "POST"])
@role_required(SUPERVISOR)
def applications_import():
    """A department's file of stage updates (CSV or JSON), applied all or none."""
    form, errors, done = FlaskForm(), [], None
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            errors = [_("Choose a CSV or JSON file.")]
        else:
            try:
                updates = read_file(upload.filename, upload.read())
                done = apply_updates(updates, actor(), _today(), district=district())
            except UpdateError as refused:
                db.session.rollback()
                errors = [describe(e) for e in refused.errors]
            else:
                db.session.commit()
    return render_template("supervisors/applications_import.html", form=form, errors=errors, done=done,
                           actions=ACTION_LABELS), (422 if errors else 200)


@bp.route("/holidays", methods=["GET", "POST"])
@role_required(SUPERVISOR)
def holidays_page():
    """The holiday calendar of a year; a state supervisor imports a year's CSV (all or nothing)."""
    form, errors, imported = FlaskForm(), [], None
    year = request.args.get("year", type=int) or _today().year
    if not 2000 <= year <= 2100:
        abort(404)
    if request.method == "POST":
        if district():
            abort(403)  # one calendar for the whole UT: state supervisors only
        if not form.validate_on_submit():
            abort(400)
        upload = request.files.get("file")
        try:
            if upload is None or not upload.filename:
                raise HolidayImportError([_("Choose a CSV file.")])
            imported = import_holidays(upload.read().decode("utf-8-sig", errors="replace"))
        except HolidayImportError as refused:
            db.session.rollback()
            errors = refused.errors
        else:
            db.session.commit()
            year = min(imported)
    return render_template("supervisors/holidays.html", form=form, errors=errors, imported=imported, year=year,
                           holidays=holidays_of_year(year), can_import=not district()), (422 if errors else 200)


@bp.route("/authorities", methods=["GET", "POST"])
@bp.route("/authorities/<int:authority_id>", methods=["GET", "POST"])
@role_required(SUPERVISOR)
def authorities_page(authority_id: int | None = None):
    """The First and Second Appellate Authorities per district and department: list, add, edit."""
    scope = district()
    editing = db.session.get(AppellateAuthority, authority_id) if authority_id else None
    if authority_id and (editing is None or (scope and editing.district != scope)):
        abort(404)
    form, errors = FlaskForm(), {}
    values = request.form if request.method == "POST" else _values(editing)
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            checked = check_authority(values, [scope] if scope else known_districts(None), departments())
            if scope and checked.district != scope:
                raise AuthorityError({"district": "unknown_district"})
            save_authority(checked, authority_id)
        except AuthorityError as refused:
            errors = {field: AUTHORITY_ERRORS[code] for field, code in refused.errors.items()}
        else:
            flash(_("Appellate authority saved."))
            return redirect(url_for("supervisors.authorities_page"))
    rows = [a for a in list_authorities() if not scope or a.district in (scope, "")]
    return render_template("supervisors/authorities.html", form=form, errors=errors, values=values,
                           editing=editing, rows=rows, districts=[scope] if scope else known_districts(None),
                           departments=departments(), levels=LEVELS, appeal_labels=APPEAL_LABELS,
                           scope=scope), (422 if errors else 200)


def _values(row: AppellateAuthority | None) -> dict:
    if row is None:
        return {"district": district() or "", "level": LEVELS[0]}
    return {key: getattr(row, key) for key in ("district", "department", "level", "name", "designation", "phone",
                                               "email")}


def stage_context() -> dict:
    """What the request page's stage form needs."""
    return {"stage_labels": STAGE_LABELS, "delivery_labels": DELIVERY_LABELS, "appeal_labels": APPEAL_LABELS,
            "action_labels": ACTION_LABELS, "delivery_modes": DELIVERY_MODES}
