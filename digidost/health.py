"""Liveness and readiness probes."""

from __future__ import annotations

from flask import Blueprint, jsonify

from core.security import is_operator

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process is alive."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Database and Redis answer; 503 naming what is down otherwise (the errors only for operators)."""
    from digidost.app import services_down

    down = services_down()
    if not down:
        return jsonify(status="ready")
    answer = {"status": "unavailable", "services": {name: "down" for name in down}}
    if is_operator():  # hosts, ports and driver errors help an attacker as much as an operator
        answer["details"] = down
    return jsonify(answer), 503
