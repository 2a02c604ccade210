"""Supervisors issue temporary passwords to agents of their own district."""

from __future__ import annotations

import re

from agent_helpers import PASSWORD, csrf_token, forget_cached_csrf_token, sign_in

from agents.accounts import authenticate, create_account
from agents.models import UserAccount
from core.extensions import db
from core.roles import SUPERVISOR


def _temporary_password(page: str) -> str:
    return re.search(r"Temporary password for \S+: (\w+)", page).group(1)


def test_a_supervisor_issues_a_temporary_password_that_must_be_changed_at_first_sign_in(
        client, make_agent, supervisor):
    agent = make_agent()
    account = db.session.scalar(db.select(UserAccount).where(UserAccount.agent_id == agent.id))
    account.failed_attempts, account.locked_until = 5, None
    db.session.commit()
    sign_in(client, "super1")
    page = client.get("/board/staff").get_data(as_text=True)
    assert f'id="account-{account.username}"' in page
    response = client.post(f"/board/staff/{account.id}/temporary-password", data={"csrf_token": csrf_token(page)},
                           follow_redirects=True)
    password = _temporary_password(response.get_data(as_text=True))
    assert len(password) == 16
    signed_in = authenticate(account.username, password)
    assert signed_in.must_change_password
    db.session.refresh(account)
    assert account.failed_attempts == 0


def test_a_district_supervisor_cannot_reset_an_agent_of_another_district(client, make_agent):
    create_account("jammu1", PASSWORD, SUPERVISOR, district="Jammu", temporary=False)
    agent = make_agent(district="Srinagar")
    account = db.session.scalar(db.select(UserAccount).where(UserAccount.agent_id == agent.id))
    sign_in(client, "jammu1")
    page = client.get("/board/staff").get_data(as_text=True)
    assert f'id="account-{account.username}"' not in page
    response = client.post(f"/board/staff/{account.id}/temporary-password", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 404
    forget_cached_csrf_token()
    assert authenticate(account.username, PASSWORD).account.id == account.id


def test_agents_cannot_see_the_staff_page(client, make_agent):
    agent = make_agent()
    account = db.session.scalar(db.select(UserAccount).where(UserAccount.agent_id == agent.id))
    sign_in(client, account.username)
    assert client.get("/board/staff").status_code == 403
