"""The departments' API: a department's system reports its applications' stages (JSON, a bearer token each).

    POST /api/departments/v1/applications     {"updates": [{"request": "…", "action": "approved"}, …]}
                                              (or one update object, or a list); all applied or none
    GET  /api/departments/v1/applications/<request number>   the stage, deadline and appeals of one request

Tokens are issued with `flask departments token <source> "<department>"`; only their SHA-256 is stored.
401: no token or an unknown one; 403: a revoked token, or a request of another department's service;
422: the body is not JSON or an update is wrong (every error listed by row and column); nothing is applied then.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from core.clock import local_today, utcnow
from core.extensions import csrf, db
from dispatch.appeals import appeals_of
from dispatch.department_tokens import token_holder
from dispatch.department_updates import UpdateError, apply_updates, read_json
from dispatch.models import DepartmentToken, ServiceRequest
from dispatch.numbers import is_well_formed_request_number

bp = Blueprint("departments", __name__, url_prefix="/api/departments/v1")
csrf.exempt(bp)
FORBIDDEN = "this request is for another department's service"


def _error(status: int, message: str, errors: list[dict] | None = None, headers: dict | None = None):
    body = {"error": message}
    if errors is not None:
        body["errors"] = errors
    answer = jsonify(body)
    answer.headers["Cache-Control"] = "no-store"
    answer.headers.update(headers or {})
    return answer, status


def _caller() -> DepartmentToken | tuple:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    holder = token_holder(token.strip()) if scheme.lower() == "bearer" else None
    if holder is None:
        return _error(401, "a valid bearer token is required", headers={
            "WWW-Authenticate": 'Bearer realm="departments"'})
    if not holder.active:
        return _error(403, "this token has been revoked")
    return holder


@bp.post("/applications")
def update_applications():
    """Apply a department's stage updates, all or none."""
    holder = _caller()
    if not isinstance(holder, DepartmentToken):
        return holder
    document = request.get_json(silent=True)
    if document is None:
        return _error(422, "the body must be JSON (Content-Type: application/json)")
    try:
        updates = read_json(document)
        done = apply_updates(updates, f"department:{holder.source}", local_today(
            current_app.config["DEFAULT_TIMEZONE"]), department=holder.department)
    except UpdateError as refused:
        db.session.rollback()
        status = 403 if any(e["message"] == FORBIDDEN for e in refused.errors) else 422
        return _error(status, "nothing was applied", refused.errors)
    holder.last_used_at = utcnow()
    db.session.commit()
    answer = jsonify(applied=done.changed, unchanged=done.unchanged)
    answer.headers["Cache-Control"] = "no-store"
    return answer


@bp.get("/applications/<number>")
def application(number: str):
    """One request of the department: its stage, deadline and appeals."""
    holder = _caller()
    if not isinstance(holder, DepartmentToken):
        return holder
    if not is_well_formed_request_number(number):
        return _error(422, "not a request number (nine digits, check digit)")
    found = db.session.scalar(db.select(ServiceRequest).where(ServiceRequest.number == number))
    if found is None:
        return _error(404, "no such request")
    if found.service.department != holder.department:
        return _error(403, FORBIDDEN)
    answer = jsonify(
        request=found.number, application_number=found.application_number, stage=found.application_stage,
        psga_due_on=found.psga_due_on.isoformat(), clock_paused=found.psga_paused_since is not None,
        rejection_reason=found.rejection_reason, delivery_mode=found.delivery_mode,
        reference=found.delivery_reference,
        appeals=[{"stage": a.stage, "number": a.number, "filed_on": a.filed_on.isoformat(),
                  "closed": a.closed_at is not None} for a in appeals_of(found.id)])
    answer.headers["Cache-Control"] = "no-store"
    return answer
