"""Web hardening shared by every door: rate limiter, security headers, proxy trust, safe teardown."""

from __future__ import annotations

import ipaddress
import logging
import secrets

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman
from werkzeug.exceptions import BadRequest
from werkzeug.middleware.proxy_fix import ProxyFix

from core.extensions import db

log = logging.getLogger(__name__)

# Rate limits live in the app's Redis (REDIS_URL); each limit is a setting (core.settings).
limiter = Limiter(get_remote_address, key_prefix="digidost-limit")

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "media-src": "'self'",
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Pages that show citizens' numbers and addresses: never kept by the browser or a proxy.
STAFF_BLUEPRINTS = ("agents", "board", "supervisors")  # "board": the supervisors door before its move


def init_security(app: Flask) -> None:
    """Trust the configured proxies, limit rates on Redis, send security headers, survive teardown errors."""
    hops = int(app.config.get("PROXY_TRUSTED_HOPS", 0))
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)
    app.config.setdefault("RATELIMIT_STORAGE_URI", limits_storage_uri(app.config["REDIS_URL"]))
    app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 2, "socket_timeout": 2})
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)  # Redis down: serve (the lockout still holds)
    limiter.init_app(app)
    https = str(app.config.get("PUBLIC_BASE_URL", "")).startswith("https://")
    Talisman(app, force_https=False, frame_options="DENY", content_security_policy=CONTENT_SECURITY_POLICY,
             referrer_policy="same-origin", strict_transport_security=https,
             strict_transport_security_max_age=365 * 24 * 3600,
             session_cookie_secure=bool(app.config.get("SESSION_COOKIE_SECURE")),
             session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"))
    app.before_request(refuse_nul_bytes)
    app.after_request(_no_store_on_staff_pages)
    _make_session_teardown_safe(app)


def limits_storage_uri(redis_url: str) -> str:
    """The `limits` library's name for a Redis URL (a unix socket is redis+unix://)."""
    return "redis+" + redis_url if redis_url.startswith("unix://") else redis_url


def is_operator() -> bool:
    """Whether this request may see operational details: it carries OPS_TOKEN, or comes from this machine
    directly (loopback, and no proxy in between)."""
    token = current_app.config.get("OPS_TOKEN") or ""
    offered = request.headers.get("X-Ops-Token", "")
    if token and offered and secrets.compare_digest(token.encode(), offered.encode()):
        return True
    if "X-Forwarded-For" in request.headers:
        return False
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


def refuse_nul_bytes() -> None:
    """Answer 400 to a query string or form holding a NUL byte."""
    # No field of ours can hold a NUL (PostgreSQL refuses it in text): answer 400, never a 500 later on.
    # The staff door's forms say so themselves, next to the field (agents.forms).
    if request.blueprint == "agents":
        return
    if any("\x00" in value for value in (*request.args.values(), *request.args.keys())):
        raise BadRequest("NUL in the query string")
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data") and any(
            "\x00" in value for value in (*request.form.values(), *request.form.keys())):
        raise BadRequest("NUL in the form")


def _no_store_on_staff_pages(response):
    if request.blueprint in STAFF_BLUEPRINTS:
        response.headers["Cache-Control"] = "no-store"
    return response


def _make_session_teardown_safe(app: Flask) -> None:
    """Put our safe removal in place of Flask-SQLAlchemy's own end-of-context session removal."""
    own = type(db)._teardown_session
    functions = app.teardown_appcontext_funcs
    functions[:] = [_remove_session_safely if getattr(f, "__func__", None) is own else f for f in functions]
    if _remove_session_safely not in functions:
        functions.append(_remove_session_safely)


def _remove_session_safely(error: BaseException | None = None) -> None:
    # The answer is already made: a database that went away meanwhile must not turn it into a 500.
    try:
        db.session.remove()
    except Exception:
        log.warning("database session could not be closed at the end of a request", exc_info=True)
        db.session.registry.clear()
