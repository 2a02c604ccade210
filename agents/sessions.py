"""Staff sessions: started at sign-in, ended by sign-out, password changes, deactivation, idle time and age."""

from __future__ import annotations

import time

from flask import current_app, request, session
from flask_login import login_user

from agents.models import UserAccount
from core.extensions import db, login_manager

SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"
# What an open page asks for by itself: not a sign that someone is there, so it does not keep a session alive.
_BACKGROUND_ENDPOINTS = ("agents.offers", "agents.heartbeat")


def session_expired(signed_in_at: float, seen_at: float, now: float, idle_minutes: int, max_hours: int) -> bool:
    """Whether a session has been idle too long or has lived past its absolute lifetime."""
    return now - seen_at > idle_minutes * 60 or now - signed_in_at > max_hours * 3600


def start_session(account: UserAccount) -> None:
    """Sign the account in on a fresh session (nothing from before sign-in survives: no fixation)."""
    language = session.get("language")
    session.clear()
    if language:
        session["language"] = language
    session.permanent = True  # the cookie expires with PERMANENT_SESSION_LIFETIME (SESSION_MAX_HOURS)
    now = time.time()
    session[SIGNED_IN_AT] = session[SEEN_AT] = now
    login_user(account)


def renew_session_id(account: UserAccount) -> None:
    """Keep this browser signed in after its account's session version changed (its own password change)."""
    login_user(account)


@login_manager.user_loader
def load_account(session_id: str) -> UserAccount | None:
    """Flask-Login, on every request: the account, if this session is still valid for it."""
    account_id, _, version = session_id.partition(":")
    try:
        account = db.session.get(UserAccount, int(account_id))
    except ValueError:
        return None
    if account is None or not account.active or version != str(account.session_version):
        return None  # signed out everywhere, password changed, or deactivated since this session began
    cfg, now = current_app.config, time.time()
    if session_expired(session.get(SIGNED_IN_AT, 0), session.get(SEEN_AT, 0), now,
                       int(cfg["SESSION_IDLE_MINUTES"]), int(cfg["SESSION_MAX_HOURS"])):
        session.clear()
        return None
    if not _background_request():
        session[SEEN_AT] = now
    return account


def _background_request() -> bool:
    return request.endpoint in _BACKGROUND_ENDPOINTS or (
        request.endpoint == "supervisors.board" and bool(request.args.get("partial")))
