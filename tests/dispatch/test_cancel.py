"""An agent gives a job back: the citizen is told in their language, a citizen not at home gets a new visit code
and another agent, and the agent who gave it back is never offered it again by dispatch."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest

from core.clock import utcnow
from core.extensions import db
from core.models import OutboxMessage
from dispatch.assignment import assign_to_agent
from dispatch.jobs import sweep_due
from dispatch.matching import ALL_DECLINED, DOCUMENTS_MISSING
from dispatch.models import ASSIGNED, CANCELLED, NEW, UNASSIGNED, Offer
from dispatch.offers import accept_offer, decline_offer
from dispatch.requests import NewRequest, create_request
from dispatch.sms import sms_text
from dispatch.visits import cancel_by_agent, start_visit
from fees.models import Service
from tests.dispatch.conftest import lapse_dispatch_leases, live_offer, request_row

LANGUAGES = ["en", "hi", "ur"]
CITIZEN = "+919800003333"



def citizen_sms(template: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_number == CITIZEN,
                                                                  OutboxMessage.template == template)
                                   .order_by(OutboxMessage.id)))


def held_by_nearest(services, run_jobs, language: str = "en") -> tuple[int, int]:
    """A request in the citizen's language, offered to and accepted by the nearest agent: (request, agent)."""
    request = create_request(NewRequest(service_code="domicile", pin_code="190001", citizen_phone=CITIZEN,
                                        language=language))
    run_jobs()
    offer = live_offer(request.id)
    accept_offer(offer.id, offer.agent_id)
    return request.id, offer.agent_id


def expected_text(template: str, request_id: int, language: str) -> str:
    request = request_row(request_id)
    return sms_text(template, language, number=request.number,
                    service=db.session.get(Service, "domicile").name(language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_citizen_not_home_is_told_in_their_language_and_gets_another_agent_with_a_new_visit_code(
        services, place_agent, run_jobs, language):
    first, second = place_agent(0.5), place_agent(2.0)
    request_id, holder = held_by_nearest(services, run_jobs, language)
    assert holder == first
    old_code = request_row(request_id).visit_code
    start_visit(request_id, holder, old_code)

    assert cancel_by_agent(request_id, holder, "citizen_not_home") == NEW
    run_jobs()

    [told] = citizen_sms("visit_not_home")
    assert told.body == expected_text("visit_not_home", request_id, language)
    assert told.status == "sent"
    request = request_row(request_id)
    assert request.visit_code != old_code and len(request.visit_code) == 4
    assert (request.cancel_reason, request.assigned_agent_id, request.needs_dispatch) == (
        "citizen_not_home", None, True)
    offer = live_offer(request_id)
    assert offer is not None and offer.agent_id == second, "re-offered at once, to another agent"

    accept_offer(offer.id, second)
    run_jobs()
    first_told, second_told = citizen_sms("agent_assigned")
    assert old_code in first_told.body
    assert request.visit_code in second_told.body and old_code not in second_told.body


def test_the_agent_who_gave_a_job_back_is_never_offered_it_again_by_dispatch(
        app, services, place_agent, run_jobs):
    app.config["OFFER_RETRY_COOLDOWN_SECONDS"] = 0
    first, second = place_agent(0.5), place_agent(2.0)
    request_id, holder = held_by_nearest(services, run_jobs)
    cancel_by_agent(request_id, holder, "citizen_not_home")
    run_jobs()
    decline_offer(live_offer(request_id).id, second, "too far")
    run_jobs()
    for _search in range(3):
        db.session.execute(db.update(Offer).values(decided_at=utcnow() - timedelta(days=1)))
        db.session.commit()
        lapse_dispatch_leases()
        sweep_due()
        run_jobs()
        assert live_offer(request_id) is None
    assert (request_row(request_id).state, request_row(request_id).escalation_reason) == (UNASSIGNED, ALL_DECLINED)
    assert {o.agent_id for o in db.session.scalars(db.select(Offer).where(Offer.request_id == request_id))} == {
        first, second}


def test_the_new_visit_code_is_never_the_old_one(services, place_agent, run_jobs, monkeypatch):
    place_agent(0.5)
    request_id, holder = held_by_nearest(services, run_jobs)
    old_code = int(request_row(request_id).visit_code)
    draws = iter([old_code, old_code, (old_code + 1) % 10_000])
    monkeypatch.setattr(secrets, "randbelow", lambda _n: next(draws))  # the old code comes up first, twice
    cancel_by_agent(request_id, holder, "citizen_not_home")
    assert request_row(request_id).visit_code == f"{(old_code + 1) % 10_000:04d}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_documents_missing_tell_the_citizen_and_wait_for_a_supervisor(services, place_agent, run_jobs, language):
    place_agent(0.5)
    place_agent(2.0)
    request_id, holder = held_by_nearest(services, run_jobs, language)
    old_code = request_row(request_id).visit_code

    assert cancel_by_agent(request_id, holder, DOCUMENTS_MISSING) == UNASSIGNED
    run_jobs()

    request = request_row(request_id)
    assert (request.escalation_reason, request.needs_dispatch, request.cancel_reason) == (
        DOCUMENTS_MISSING, False, DOCUMENTS_MISSING)
    assert request.visit_code != old_code
    assert live_offer(request_id) is None, "another agent would find the same documents missing"
    [told] = citizen_sms("visit_documents_missing")
    assert told.body == expected_text("visit_documents_missing", request_id, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_citizen_who_withdrew_is_told_the_request_is_cancelled(services, place_agent, run_jobs, language):
    place_agent(0.5)
    request_id, holder = held_by_nearest(services, run_jobs, language)
    assert cancel_by_agent(request_id, holder, "citizen_withdrew") == CANCELLED
    run_jobs()
    request = request_row(request_id)
    assert (request.state, request.cancel_reason) == (CANCELLED, "citizen_withdrew")
    [told] = citizen_sms("request_withdrawn")
    assert told.body == expected_text("request_withdrawn", request_id, language)
    assert live_offer(request_id) is None


def test_a_second_not_at_home_closes_the_request_and_tells_the_citizen_how_to_book_again(app, services, place_agent,
                                                                                         run_jobs):
    app.config["SUPERVISOR_ASSIGNS"] = "job"
    place_agent(0.5)
    request_id, holder = held_by_nearest(services, run_jobs)
    cancel_by_agent(request_id, holder, "citizen_not_home")
    run_jobs()
    assert assign_to_agent(request_id, holder, "supervisor:7", "citizen called: home this afternoon") == "assigned"
    assert request_row(request_id).state == ASSIGNED

    # The no-show rule (issue 13): nobody at home twice, the request is closed.
    assert cancel_by_agent(request_id, holder, "citizen_not_home") == "cancelled"
    run_jobs()

    assert len(citizen_sms("visit_not_home")) == 1 and len(citizen_sms("request_closed_not_home")) == 1
    assert request_row(request_id).state == "cancelled"
