"""Sign-in and the agent console: the staff door."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import refresh
from flask_login import current_user, login_required, login_user, logout_user

import agents.models  # noqa: F401  (register the account table with the app)
from agents.accounts import AccountError, SignInRefused, authenticate, change_password, set_language
from agents.forms import ChangePasswordForm, LanguageForm, SignInForm
from core.extensions import login_manager
from core.roles import AGENT, role_required
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
    return url_for("board.index") if account.is_supervisor else url_for("agents.console")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    """Sign in with username or mobile number and password."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        try:
            signed = authenticate(form.identifier.data, form.password.data)
        except SignInRefused as refused:
            if refused.locked_until:
                flash(_("Too many failed attempts: this account is locked for 15 minutes."), "error")
            else:
                flash(_("Wrong username, mobile number or password."), "error")
        else:
            session.clear()  # a new session: nothing from before sign-in survives (no fixation)
            session["language"] = signed.account.language
            refresh()
            login_user(signed.account)
            if signed.must_change_password:
                return redirect(url_for("agents.change_password"))
            return redirect(home_url(signed.account))
    return render_template("agents/sign_in.html", form=form, language_form=_language_form())


@bp.post("/sign-out")
@login_required
def sign_out():
    """End the session; an agent goes off duty."""
    if current_user.agent_id is not None:
        go_off_duty(current_user.agent_id)
    logout_user()
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
            change_password(current_user.id, form.current_password.data, form.new_password.data)
        except AccountError as error:
            flash(password_error_text(error), "error")
        else:
            flash(_("Your password is changed."), "info")
            return redirect(home_url(current_user))
    return render_template("agents/change_password.html", form=form)


def password_error_text(error: AccountError) -> str:
    """The account holder's explanation of why a new password was refused."""
    if error.code == "wrong_password":
        return _("The current password is wrong.")
    if error.code == "same_password":
        return _("Choose a password different from the current one.")
    return _("Use at least 10 characters with letters and digits, not containing your username "
             "or mobile number.")


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


from agents import console_views, staff_views  # noqa: E402,F401  (more routes on the same blueprint)
