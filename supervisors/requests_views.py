"""Request lists, search, a request's whole timeline, and CSV export (routes on the supervisors' blueprint)."""

from __future__ import annotations

from flask import Response, abort, current_app, render_template, request, stream_with_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.clock import local_today
from core.roles import SUPERVISOR, role_required
from core.telephony import mask_phone
from dispatch.appeals import appeals_of
from supervisors.application_views import stage_context
from supervisors.board import CANCEL_LABELS, ESCALATION_LABELS, STATE_LABELS
from supervisors.requests import (
    STATE_FILTERS,
    WAITING,
    FilterError,
    csv_lines,
    known_districts,
    parse_filters,
    request_page,
    request_timeline,
    service_choices,
)
from supervisors.views import bp, district

FILTER_MESSAGES = {
    "state": _l("Unknown state: pick one from the list."),
    "district": _l("Unknown district: pick one from the list."),
    "service": _l("Unknown service: pick one from the list."),
    "from": _l("The “from” date must be a date written YYYY-MM-DD."),
    "to": _l("The “to” date must be a date written YYYY-MM-DD."),
    "period": _l("The “from” date is after the “to” date."),
    "number": _l("That is not a request number: check the nine digits."),
    "q": _l("Search for a 9-digit request number or a phone number."),
    "page": _l("No such page."),
}
LIST_STATE_LABELS = {WAITING: _l("waiting for a free agent or flagged")} | STATE_LABELS
RATING_LABELS = {1: _l("good"), 2: _l("average"), 3: _l("bad")}


def _clock() -> tuple[str, object]:
    timezone_name = current_app.config["DEFAULT_TIMEZONE"]
    return timezone_name, local_today(timezone_name)


@bp.get("/requests")
@role_required(SUPERVISOR)
def requests_list():
    """Requests in any state, filtered and searched, 50 a page, newest first; phone numbers masked."""
    scope = district()
    try:
        filters = parse_filters(request.args, scope)
    except FilterError as bad:
        return _list_page(None, None, FILTER_MESSAGES[bad.code]), 400
    return _list_page(filters, request_page(filters, *_clock()), None)


def _list_page(filters, found, error):
    return render_template("supervisors/requests.html", filters=filters, found=found, error=error,
                           values=request.args, district=district(), districts=known_districts(district()),
                           services=service_choices(), state_filters=STATE_FILTERS,
                           state_labels=LIST_STATE_LABELS, escalation_labels=ESCALATION_LABELS,
                           rating_labels=RATING_LABELS)


@bp.get("/requests.csv")
@role_required(SUPERVISOR)
def requests_csv():
    """The filtered list as a CSV file for Excel, streamed row by row; phone numbers masked."""
    try:
        filters = parse_filters(request.args, district())
    except FilterError as bad:
        return Response(str(FILTER_MESSAGES[bad.code]), 400, mimetype="text/plain")
    lines = stream_with_context(csv_lines(filters, *_clock()))
    return Response(lines, mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=digidost-requests.csv"})


@bp.get("/requests/<int:request_id>")
@role_required(SUPERVISOR)
def request_detail(request_id: int):
    """One request's whole story in time order, with the citizen's full phone number to call them."""
    timeline = request_timeline(request_id, district(), *_clock())
    if timeline is None:
        abort(404)
    return render_template("supervisors/request.html", timeline=timeline, job=timeline.request,
                           state_labels=STATE_LABELS, escalation_labels=ESCALATION_LABELS,
                           cancel_labels=CANCEL_LABELS, rating_labels=RATING_LABELS, masked=mask_phone,
                           appeals=appeals_of(request_id), **stage_context(),
                           title=_("Request %(number)s", number=timeline.request.number))
