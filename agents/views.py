"""Sign-in and the agent console: the staff door."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import current_user, login_required, logout_user

import agents.models  # noqa: F401  (register the account table with the app)
from agents.accounts import (
    AccountError,
    SignInRefused,
    agent_language,
    authenticate,
    change_password,
    end_all_sessions,
    set_language,
)
from agents.forms import ChangePasswordForm, LanguageForm, SignInForm
from agents.sessions import renew_session_id, start_session
from core.extensions import login_manager
from core.phones import to_e164
from core.roles import AGENT, role_required
from core.security import limiter
from dispatch.notify import read_agent_languages_with
from dispatch.presence import go_off_duty

bp = Blueprint("agents", __name__, url_prefix="/agents")

# Reachable while a temporary password still has to be replaced.
_BEFORE_PASSWORD_CHANGE = {"agents.change_password", "agents.sign_out", "agents.language", "static",
                           "agents.static", "health.healthz", "health.readyz"}


@bp.record_once
def _configure_login(state) -> None:
    login_manager.login_view = "agents.sign_in"
    login_manager.login_message = _l("Please sign in.")
    login_manager.login_message_category = "info"


@bp.record_once
def _agents_sms_in_their_language(state) -> None:
    read_agent_languages_with(agent_language)  # dispatch sits below agents: it is told how to read the choice


@bp.before_app_request
def _require_new_password():
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in _BEFORE_PASSWORD_CHANGE):
        return redirect(url_for("agents.change_password"))
    return None


def agent_required(view: Callable) -> Callable:
    """Only signed-in agents linked to a dispatchable agent; supervisors get 403."""

    @wraps(view)
    @role_required(AGENT)
    def wrapped(*args, **kwargs):
        if current_user.agent_id is None:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def home_url(account) -> str:
    """Where an account lands after signing in: supervisors on the board, agents in the console."""
    return url_for("supervisors.board") if account.is_supervisor else url_for("agents.console")


def _account_key() -> str:
    """The rate-limit key of the account a sign-in names (as typed: no database lookup, unknown ones too)."""
    identifier = (request.form.get("identifier") or "").strip()[:60]
    phone = to_e164(identifier) if any(ch.isdigit() for ch in identifier) else None
    return f"account:{phone or identifier.lower()}"


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_ADDRESS"], methods=["POST"])
@limiter.limit(lambda: current_app.config["SIGN_IN_LIMIT_PER_ACCOUNT"], methods=["POST"], key_func=_account_key)
def sign_in():
    """Sign in with username or mobile number and password."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            signed = authenticate(form.identifier.data, form.password.data, request.remote_addr or "")
        except SignInRefused:  # the same words for unknown, wrong and locked: nothing to learn from them
            flash(_("Wrong username, mobile number or password."), "error")
        else:
            if session.get("language") in current_app.config["LANGUAGES"]:  # chosen on the sign-in page: kept
                set_language(signed.account.id, session["language"])
            else:
                session["language"] = signed.account.language
            start_session(signed.account)
            refresh()
            if signed.must_change_password:
                return redirect(url_for("agents.change_password"))
            return redirect(home_url(signed.account))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("agents/sign_in.html", form=form, language_form=_language_form()), status


@bp.post("/sign-out")
@login_required
def sign_out():
    """End every session of the account; an agent goes off duty."""
    if current_user.agent_id is not None:
        go_off_duty(current_user.agent_id)
    account_id = current_user.id
    logout_user()
    end_all_sessions(account_id, f"account:{account_id}")
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("agents.sign_in"))


@bp.route("/password", methods=["GET", "POST"], endpoint="change_password")
@login_required
def change_password_view():
    """Replace the password (required after a temporary one)."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            account = change_password(current_user.id, form.current_password.data, form.new_password.data)
        except AccountError as error:
            flash(password_error_text(error), "error")
        else:
            renew_session_id(account)  # every other session of the account has ended; this one goes on
            flash(_("Your password is changed."), "info")
            return redirect(home_url(account))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("agents/change_password.html", form=form), status


def password_error_text(error: AccountError) -> str:
    """The account holder's explanation of why a new password was refused."""
    if error.code == "wrong_password":
        return _("The current password is wrong.")
    if error.code == "same_password":
        return _("Choose a password different from the current one.")
    return _("Use at least 12 characters, not a common password and not containing your username or "
             "mobile number. A few unrelated words make a good password.")


@bp.post("/language")
def language():
    """Choose the console language (English, Hindi, Urdu)."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["language"] = form.language.data
        refresh()  # the locale of this request was already chosen: choose again
        if current_user.is_authenticated:
            set_language(current_user.id, form.language.data)
    return redirect(_local_path(request.form.get("next", "")) or url_for("agents.sign_in"))


def _local_path(target: str) -> str | None:
    """The target if it is a path on this site (never another host: no open redirect)."""
    if any(ord(ch) < 32 or ch == "\\" for ch in target):  # browsers drop tabs and newlines: "/\t/x" is "//x"
        return None
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.scheme and not parts.netloc:
        return target
    return None


def _language_form() -> LanguageForm:
    return LanguageForm(language=session.get("language") or "en")


@bp.app_context_processor
def _console_context() -> dict:
    return {"agents_language_form": _language_form} if request.blueprint == "agents" else {}


from agents import console_views  # noqa: E402,F401  (more routes on the same blueprint)
