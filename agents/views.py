"""Sign-in and the agent console."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("agents", __name__, url_prefix="/agents")
