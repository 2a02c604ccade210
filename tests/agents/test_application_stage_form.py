"""The agent records the department's decision on the application they filed: a small form on the job page,
with the deadline and the working days left; one SMS to the citizen per stage."""

from __future__ import annotations

from agent_helpers import SERVICE_CODE, post_form, sign_in

from core.extensions import db
from core.models import OutboxMessage
from dispatch.models import APPROVED, DELIVERED, FILED, AuditEvent, ServiceRequest
from tests.dispatch.stage_helpers import filed_application


def _row(request_id):
    db.session.expire_all()
    return db.session.get(ServiceRequest, request_id)


def test_the_job_page_shows_the_stage_the_deadline_and_the_form_to_move_it_on(client, make_agent, service):
    agent = make_agent()
    request = filed_application(agent.id, service_code=SERVICE_CODE)
    sign_in(client, "agent1")
    page = client.get(f"/agents/jobs/{request.id}").get_data(as_text=True)
    assert 'id="stage-form"' in page and 'id="application-deadline"' in page
    assert request.psga_due_on.isoformat() in page
    page = post_form(client, f"/agents/jobs/{request.id}", f"/agents/jobs/{request.id}/stage",
                     {"action": "approved"}).get_data(as_text=True)
    assert _row(request.id).application_stage == APPROVED and "Application updated" in page
    post_form(client, f"/agents/jobs/{request.id}", f"/agents/jobs/{request.id}/stage",
              {"action": "delivered", "delivery_mode": "handed_over"})
    assert _row(request.id).application_stage == DELIVERED
    actors = db.session.scalars(db.select(AuditEvent.actor).where(AuditEvent.to_state.in_((APPROVED, DELIVERED))))
    assert set(actors) == {f"agent:{agent.id}"}
    templates = db.session.scalars(db.select(OutboxMessage.template).where(OutboxMessage.request_id == request.id))
    assert {"stage_approved", "stage_delivered_handed_over"} <= set(templates)


def test_a_refused_stage_says_why_in_the_agents_words(client, make_agent, service):
    agent = make_agent()
    request = filed_application(agent.id, service_code=SERVICE_CODE)
    sign_in(client, "agent1")
    page = post_form(client, f"/agents/jobs/{request.id}", f"/agents/jobs/{request.id}/stage",
                     {"action": "rejected"}).get_data(as_text=True)
    assert "give the reason for the rejection" in page and _row(request.id).application_stage == FILED


def test_another_agents_application_cannot_be_moved(client, make_agent, service):
    owner, other = make_agent(), make_agent()
    request = filed_application(owner.id, service_code=SERVICE_CODE)
    sign_in(client, "agent2")
    answer = post_form(client, "/agents/", f"/agents/jobs/{request.id}/stage", {"action": "approved"},
                       follow_redirects=False)
    assert answer.status_code == 404 and other.id != owner.id
    assert _row(request.id).application_stage == FILED
