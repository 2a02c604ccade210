"""Supervisors' page for agents' sign-in: temporary passwords."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user
from flask_wtf import FlaskForm

from agents.accounts import AccountError
from agents.staff import issue_temporary_password, staff_accounts
from agents.views import bp
from core.clock import utcnow
from core.roles import SUPERVISOR, role_required


@bp.get("/staff")
@role_required(SUPERVISOR)
def staff():
    """Agents' accounts: lockouts, and temporary passwords for those who forgot theirs."""
    return _staff_page()


def _staff_page(issued: tuple | None = None):
    return render_template("agents/staff.html", accounts=staff_accounts(current_user.district),
                           form=FlaskForm(), now=utcnow(), issued=issued)


@bp.post("/staff/<int:account_id>/temporary-password")
@role_required(SUPERVISOR)
def temporary_password(account_id: int):
    """Issue a temporary password, shown once to the supervisor to pass on to the agent."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        account, password = issue_temporary_password(account_id, current_user.district,
                                                     f"account:{current_user.id}:{current_user.username}")
    except AccountError:
        abort(404)
    # Shown once in this answer, never stored in the session cookie or anywhere else.
    return _staff_page(issued=(account.username, password))
