"""Supervisors manage agents' sign-in: see who is locked out, and issue temporary passwords."""

from __future__ import annotations

import secrets
import string

from agents.accounts import AccountError, set_temporary_password
from agents.models import UserAccount
from agents.passwords import password_problems
from core.extensions import db
from core.roles import AGENT
from dispatch.models import Agent

_ALPHABET = string.ascii_letters + string.digits


def staff_accounts(district: str | None) -> list[UserAccount]:
    """Agents' accounts a supervisor manages (their district's, or all for a state supervisor)."""
    query = (db.select(UserAccount).join(Agent, Agent.id == UserAccount.agent_id)
             .where(UserAccount.role == AGENT).order_by(Agent.district, UserAccount.username))
    if district:
        query = query.where(Agent.district == district)
    return list(db.session.scalars(query))


def new_temporary_password(username: str, phone: str | None) -> str:
    """A random password that meets the policy (the agent must replace it at first sign-in)."""
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(16))
        if not password_problems(candidate, username, phone):
            return candidate


def issue_temporary_password(account_id: int, district: str | None, actor: str = "") -> tuple[UserAccount, str]:
    """Reset an agent's password to a fresh temporary one; AccountError('no_account') outside the scope."""
    account = db.session.get(UserAccount, account_id)
    if account is None or account.role != AGENT or account.agent is None or (
            district and account.agent.district != district):
        raise AccountError("no_account")
    password = new_temporary_password(account.username, account.phone)
    return set_temporary_password(account.id, password, actor), password
