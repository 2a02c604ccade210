"""Twilio webhooks and the phone simulator."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("ivr", __name__, url_prefix="/ivr")
