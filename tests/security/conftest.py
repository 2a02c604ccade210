"""Security tests: accounts, a held job, and browsers that sign in (each test drives the real app)."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from agents.accounts import create_account
from core.extensions import db
from core.roles import AGENT, SUPERVISOR
from digidost import create_app
from dispatch.models import ASSIGNED, Agent, Centre, ServiceRequest
from dispatch.requests import NewRequest, create_request
from tests.agents.agent_helpers import PASSWORD, sign_in
from tests.ivr.conftest import SRINAGAR_PIN, add_service

STAFF_PAGE = "/board/staff"  # a supervisor's page: 200 signed in, a redirect to sign-in otherwise


@pytest.fixture
def supervisor(app):
    return create_account("super1", PASSWORD, SUPERVISOR, temporary=False)


@pytest.fixture
def web(app, test_config):
    """The app as a server runs it: a second instance over the same database and Redis, so that every request
    gets an app context (and `g`) of its own instead of sharing the test's."""
    return server_app(app, test_config)


def server_app(app, config: dict):
    """Another app instance; built inside a request of the test's app, whose context is current (the board's
    registry compares its translated link labels, which asks for a locale)."""
    with app.test_request_context():
        return create_app(config)


@pytest.fixture
def signed_in(web, supervisor):
    """A browser signed in as the supervisor."""
    client = web.test_client()
    sign_in(client, "super1")
    assert client.get(STAFF_PAGE).status_code == 200
    return client


@pytest.fixture
def held_job(app):
    """A request assigned to an agent (with a login), waiting for the citizen's visit code."""
    add_service("domicile", "Certificates")
    db.session.commit()
    centre = Centre(code="SEC-1", name="Test Khidmat Centre", kind="Khidmat", pin_code=SRINAGAR_PIN,
                    district="Srinagar", latitude=34.08, longitude=74.79)
    db.session.add(centre)
    db.session.flush()
    agent = Agent(name="Test Agent", phone="+919419000001", centre_id=centre.id, district="Srinagar",
                  latitude=34.08, longitude=74.79)
    db.session.add(agent)
    db.session.commit()
    create_account("agent1", PASSWORD, AGENT, phone=agent.phone, agent_id=agent.id, temporary=False)
    request = create_request(NewRequest("domicile", SRINAGAR_PIN, "+919906099999", "en"))
    db.session.execute(update(ServiceRequest).where(ServiceRequest.id == request.id)
                       .values(state=ASSIGNED, assigned_agent_id=agent.id))
    db.session.commit()
    db.session.refresh(request)
    return request
