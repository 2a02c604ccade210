"""Liveness and readiness probes."""

from __future__ import annotations

from flask import Blueprint, jsonify

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process is alive."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Database and Redis answer; 503 naming what is down otherwise."""
    from digidost.app import service_problems

    problems = service_problems()
    if problems:
        return jsonify(status="unavailable", problems=problems), 503
    return jsonify(status="ready")
