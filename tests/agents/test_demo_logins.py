"""Demo logins: a supervisor and one login per demo agent, created once, printed for the operator."""

from __future__ import annotations

from agents.accounts import authenticate
from agents.models import UserAccount
from agents.seed import DEMO_AGENT_PASSWORD, DEMO_SUPERVISOR, seed_demo_logins
from core.extensions import db
from dispatch.models import Agent, Centre


def demo_agents(count: int) -> list[Agent]:
    centre = Centre(code="JK-190001-001", name="Srinagar Khidmat Centre", pin_code="190001", district="Srinagar",
                    latitude=34.08, longitude=74.79)
    db.session.add(centre)
    db.session.flush()
    agents = [Agent(name=f"Demo Agent {n:02d}", phone=f"+9170060{n:05d}", centre_id=centre.id, district="Srinagar",
                    latitude=34.08, longitude=74.79) for n in range(1, count + 1)]
    db.session.add_all(agents)
    db.session.commit()
    return agents


def test_demo_logins_are_created_once_and_printed_with_their_passwords(app):
    agents = demo_agents(5)
    lines = seed_demo_logins(agents)
    assert seed_demo_logins(agents) == lines
    assert db.session.scalar(db.select(db.func.count()).select_from(UserAccount)) == 6
    text = "\n".join(lines)
    assert f"{DEMO_SUPERVISOR[0]} / {DEMO_SUPERVISOR[1]}" in text
    for username in ("agent01", "agent02", "agent03"):
        assert username in text
    assert DEMO_AGENT_PASSWORD in text and "agent05" in text


def test_demo_accounts_sign_in_without_a_forced_password_change(app):
    agents = demo_agents(2)
    seed_demo_logins(agents)
    supervisor = authenticate(*DEMO_SUPERVISOR)
    assert supervisor.account.is_supervisor and not supervisor.must_change_password
    agent = authenticate("+917006000002", DEMO_AGENT_PASSWORD)
    assert agent.account.agent_id == agents[1].id and agent.account.username == "agent02"
