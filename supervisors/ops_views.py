"""Operations: Prometheus metrics and the KPI feed for the state dashboard, on a blueprint of their own (outside
/board: machines call them, with a token, not supervisors with a session)."""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, abort, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST

from core.clock import local_today, utcnow
from core.security import is_operator
from supervisors.kpi import BadPeriod, kpi_feed, period_from
from supervisors.metrics import exposition, observe_webhook, start_webhook_clock

bp = Blueprint("operations", __name__)
bp.before_app_request(start_webhook_clock)
bp.after_app_request(observe_webhook)


@bp.get("/metrics")
def metrics():
    """Prometheus exposition; only for operators (OPS_TOKEN in X-Ops-Token, or this machine), 404 for others."""
    if not is_operator():
        abort(404)
    body = exposition(current_app.config.get("PROMETHEUS_MULTIPROC_DIR", ""))
    return Response(body, headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


@bp.get("/api/kpi")
def kpi():
    """The KPI feed (JSON) for ?from=&to= (local dates; the last 30 days by default), for KPI_TOKEN's bearer."""
    expected = current_app.config.get("KPI_TOKEN") or ""
    if not expected:
        abort(404)  # the feed is off until a token is set
    if not _bearer_matches(expected):
        return _json_error("a valid bearer token is required", 401, {"WWW-Authenticate": 'Bearer realm="kpi"'})
    timezone_name = current_app.config["DEFAULT_TIMEZONE"]
    try:
        period = period_from(request.args.get("from"), request.args.get("to"), local_today(timezone_name))
    except BadPeriod as bad:
        return _json_error(str(bad), 400)
    answer = jsonify(kpi_feed(period, timezone_name, utcnow()))
    answer.headers["Cache-Control"] = "no-store"
    return answer


def _bearer_matches(expected: str) -> bool:
    scheme, _, offered = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and secrets.compare_digest(offered.strip().encode(), expected.encode())


def _json_error(message: str, status: int, headers: dict | None = None):
    answer = jsonify(error=message)
    answer.headers.update(headers or {})
    answer.headers["Cache-Control"] = "no-store"
    return answer, status
