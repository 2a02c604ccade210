"""Twilio's X-Twilio-Signature check, as a view decorator."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, request
from twilio.request_validator import RequestValidator

log = logging.getLogger(__name__)


def webhook_url() -> str:
    """The URL Twilio called: under PUBLIC_BASE_URL behind a proxy, else as this request arrived."""
    base = current_app.config.get("PUBLIC_BASE_URL") or ""
    if base:
        query = request.query_string.decode("latin-1")
        return base.rstrip("/") + request.path + (f"?{query}" if query else "")
    return request.url


def signature_for(url: str, params: dict) -> str:
    """The signature Twilio would send for a POST of params to url (used by the phone simulator)."""
    return RequestValidator(current_app.config["TWILIO_AUTH_TOKEN"]).compute_signature(url, params)


def twilio_signed(view: Callable) -> Callable:
    """Answer 403 unless the request carries Twilio's valid signature for our auth token."""

    @wraps(view)
    def checked(*args, **kwargs):
        signature = request.headers.get("X-Twilio-Signature", "")
        validator = RequestValidator(current_app.config["TWILIO_AUTH_TOKEN"])
        if not signature or not validator.validate(webhook_url(), request.form, signature):
            log.warning("refused an unsigned or wrongly signed webhook on %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return checked
