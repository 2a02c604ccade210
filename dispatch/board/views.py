"""Supervisor board views: live fulfilment, escalations, timelines."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.roles import SUPERVISOR, role_required
from dispatch.board.services import (
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
                           state_labels=STATE_LABELS, escalation_labels=ESCALATION_LABELS)


@bp.post("/requests/<int:request_id>/redispatch")
@role_required(SUPERVISOR)
def redispatch_request(request_id: int):
    """Send an escalated request back to dispatch."""
    if not redispatch(request_id, f"supervisor:{current_user.get_id()}", _district()):
        abort(404)
    flash(_("Request sent back to dispatch."))
    return redirect(url_for("board.index"))
