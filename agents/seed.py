"""Demo sign-in accounts: one supervisor and one login per demo agent."""

from __future__ import annotations

from agents.accounts import create_account
from agents.models import UserAccount
from core.extensions import db
from core.roles import AGENT, SUPERVISOR

DEMO_SUPERVISOR = ("supervisor", "Board-demo-1447")
DEMO_AGENT_PASSWORD = "Dost-demo-1447"
SHOWN_AGENTS = 3


def demo_username(index: int) -> str:
    """The demo login of the index-th demo agent (1-based): agent01, agent02…"""
    return f"agent{index:02d}"


def seed_demo_logins(agents) -> list[str]:
    """Create demo accounts (idempotent); return printable login lines."""
    username, password = DEMO_SUPERVISOR
    if _account(username) is None:
        create_account(username, password, SUPERVISOR, temporary=False)
    lines = [f"Supervisor login: {username} / {password}  (all districts)"]
    for index, agent in enumerate(agents, start=1):
        login = demo_username(index)
        account = _account(login)
        if account is None and db.session.scalar(db.select(UserAccount).where(UserAccount.agent_id == agent.id)):
            continue  # this agent already has a login of another name
        if account is None:
            create_account(login, DEMO_AGENT_PASSWORD, AGENT, phone=agent.phone, agent_id=agent.id, temporary=False)
        if index <= SHOWN_AGENTS:
            lines.append(f"Agent login: {login} (or {agent.phone}) / {DEMO_AGENT_PASSWORD}  "
                         f"- {agent.name}, {agent.centre.name}, {agent.district}")
    if len(agents) > SHOWN_AGENTS:
        lines.append(f"  … and {demo_username(4)} to {demo_username(len(agents))} with the same password")
    return lines


def _account(username: str) -> UserAccount | None:
    return db.session.scalar(db.select(UserAccount).where(UserAccount.username == username))
