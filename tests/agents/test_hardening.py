"""Bad input on the console gets a clear answer, never a 500; closed jobs mask the citizen again."""

from __future__ import annotations

import pytest
from agent_helpers import post_form, sign_in

from core.extensions import db
from dispatch.models import ServiceRequest
from dispatch.visits import cancel_by_agent, start_visit


@pytest.mark.parametrize("target", ["/\t/evil.example/", "/\n/evil.example/", "/\r\nSet-Cookie:x=1"])
def test_the_language_switch_refuses_targets_with_control_characters(client, target):
    response = post_form(client, "/agents/sign-in", "/agents/language", {"language": "hi", "next": target},
                         follow_redirects=False)
    assert response.status_code == 302
    assert response.location.endswith("/agents/sign-in")


@pytest.mark.parametrize("amount", ["sNaN", "NaN", "Infinity", "-Infinity", "1e999999"])
def test_a_fee_that_is_not_a_number_is_refused_with_a_message(client, make_agent, assigned, amount):
    make_agent()
    request = assigned()
    start_visit(request.id, request.assigned_agent_id, request.visit_code)
    sign_in(client, "agent1")
    url = f"/agents/jobs/{request.id}"
    response = post_form(client, url, f"{url}/complete", {"application_number": "JK-1", "fee_collected": amount})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(ServiceRequest, request.id).state == "visiting"


def test_a_closed_job_masks_the_citizens_number_again(client, make_agent, assigned):
    make_agent()
    request = assigned()
    sign_in(client, "agent1")
    page = client.get(f"/agents/jobs/{request.id}").get_data(as_text=True)
    assert f'href="tel:{request.citizen_phone}"' in page
    cancel_by_agent(request.id, request.assigned_agent_id, "citizen_withdrew")
    page = client.get(f"/agents/jobs/{request.id}").get_data(as_text=True)
    assert request.citizen_phone not in page
    assert request.citizen_phone[-3:] in page
