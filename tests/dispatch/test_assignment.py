"""A supervisor gives a request to a named agent: as an exclusive offer or as the job (setting), with a reason when
past the agent's capacity or service list, within their district, audited, and with the SMS it implies."""

from __future__ import annotations

import pytest

from core.extensions import db
from core.models import OutboxMessage
from dispatch.assignment import AssignmentRefused, agent_choices, assign_to_agent, scoped_request
from dispatch.models import (
    ASSIGNED,
    LIVE,
    NEW,
    OFFERED,
    UNASSIGNED,
    WITHDRAWN,
    Agent,
    AuditEvent,
    Offer,
    ServiceRequest,
)
from dispatch.offers import OfferUnavailable, accept_offer, decline_offer
from dispatch.visits import start_visit
from tests.dispatch.conftest import live_offer, request_row

SUPERVISOR = "supervisor:7"



def sms_to(phone: str, template: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.to_number == phone,
                                                                  OutboxMessage.template == template)))


def last_audit(request_id: int) -> AuditEvent:
    return db.session.scalars(db.select(AuditEvent).where(AuditEvent.request_id == request_id)
                              .order_by(AuditEvent.id.desc())).first()


def test_in_offer_mode_the_named_agent_gets_the_live_offer_and_an_sms_audited_with_the_supervisor(
        app, place_agent, new_request, run_jobs):
    assert app.config["SUPERVISOR_ASSIGNS"] == "offer"
    place_agent(0.5)
    chosen = place_agent(4.0)
    request_id = new_request()

    assert assign_to_agent(request_id, chosen, SUPERVISOR) == "offered"
    run_jobs()  # the dispatcher's own job finds the request offered and leaves it

    offer = live_offer(request_id)
    assert offer.agent_id == chosen and offer.offered_by == SUPERVISOR
    assert request_row(request_id).state == OFFERED
    agent = db.session.get(Agent, chosen)
    [told] = sms_to(agent.phone, "offer_to_agent")
    assert told.status == "sent" and "4.0 km" in told.body
    audit = last_audit(request_id)
    assert (audit.from_state, audit.to_state, audit.actor) == (NEW, OFFERED, SUPERVISOR)
    assert db.session.scalar(db.select(db.func.count(Offer.id)).where(Offer.request_id == request_id)) == 1


def test_in_job_mode_the_named_agent_gets_the_job_and_the_citizen_the_visit_code(
        app, place_agent, new_request, run_jobs):
    app.config["SUPERVISOR_ASSIGNS"] = "job"
    chosen = place_agent(2.0, open_jobs=1)
    request_id = new_request()

    assert assign_to_agent(request_id, chosen, SUPERVISOR) == "assigned"
    run_jobs()

    request = request_row(request_id)
    agent = db.session.get(Agent, chosen)
    assert (request.state, request.assigned_agent_id, request.needs_dispatch) == (ASSIGNED, chosen, False)
    assert agent.open_jobs == 2
    [citizen] = sms_to(request.citizen_phone, "agent_assigned")
    assert request.visit_code in citizen.body and agent.name in citizen.body
    [job] = sms_to(agent.phone, "job_to_agent")
    assert "2.0 km" in job.body
    audit = last_audit(request_id)
    assert (audit.from_state, audit.to_state, audit.actor) == (NEW, ASSIGNED, SUPERVISOR)
    assert live_offer(request_id) is None
    start_visit(request_id, chosen, request.visit_code)  # the job is theirs to work
    assert request_row(request_id).state == "visiting"


@pytest.mark.parametrize(("mode", "outcome"), [("offer", "offered"), ("job", "assigned")])
@pytest.mark.parametrize("why", ["at_capacity", "not_listed"])
def test_going_past_capacity_or_the_service_list_needs_a_reason(app, place_agent, new_request, why, mode, outcome):
    app.config["SUPERVISOR_ASSIGNS"] = mode
    if why == "at_capacity":
        agent_id = place_agent(1.0, capacity=2, open_jobs=2)
    else:
        agent_id = place_agent(1.0, service_codes=["character"])
    request_id = new_request("domicile")

    for blank in ("", "   "):
        with pytest.raises(AssignmentRefused) as refused:
            assign_to_agent(request_id, agent_id, SUPERVISOR, blank)
        assert refused.value.code == "needs_reason"
    assert request_row(request_id).state == NEW and live_offer(request_id) is None

    assert assign_to_agent(request_id, agent_id, SUPERVISOR, "only agent who knows the village") == outcome
    audit = last_audit(request_id)
    assert audit.actor == SUPERVISOR
    assert "only agent who knows the village" in audit.reason, "the justification is in the audit trail"


def test_the_reason_stays_in_the_audit_trail_after_the_offer_ends(place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0, capacity=1, open_jobs=1)
    request_id = new_request()
    assign_to_agent(request_id, agent_id, SUPERVISOR, "urgent: citizen is bedridden")
    decline_offer(live_offer(request_id).id, agent_id, "cannot today")
    reasons = db.session.scalars(db.select(AuditEvent.reason).where(AuditEvent.request_id == request_id)).all()
    assert any("urgent: citizen is bedridden" in reason for reason in reasons)


def test_within_capacity_and_the_service_list_no_reason_is_needed(place_agent, new_request):
    agent_id = place_agent(1.0, capacity=2, open_jobs=1, service_codes=["domicile"])
    request_id = new_request("domicile")
    assert assign_to_agent(request_id, agent_id, SUPERVISOR) == "offered"


def test_a_supervisor_may_pick_an_agent_who_declined_the_request(place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0)
    request_id = new_request()
    run_jobs()
    decline_offer(live_offer(request_id).id, agent_id, "busy")
    run_jobs()
    assert request_row(request_id).state == UNASSIGNED
    [choice] = agent_choices(request_row(request_id))
    assert choice.agent_id == agent_id and choice.declined_this

    assert assign_to_agent(request_id, agent_id, SUPERVISOR) == "offered"

    offer = live_offer(request_id)
    assert offer.agent_id == agent_id and offer.offered_by == SUPERVISOR
    accept_offer(offer.id, agent_id)
    request = request_row(request_id)
    assert (request.state, request.assigned_agent_id, request.escalation_reason) == (ASSIGNED, agent_id, None)


@pytest.mark.parametrize("mode", ["offer", "job"])
def test_a_live_offer_to_someone_else_is_withdrawn_first(app, place_agent, new_request, run_jobs, mode):
    app.config["SUPERVISOR_ASSIGNS"] = mode
    first, chosen = place_agent(0.5), place_agent(3.0)
    request_id = new_request()
    run_jobs()
    earlier = live_offer(request_id)
    assert earlier.agent_id == first

    assign_to_agent(request_id, chosen, SUPERVISOR)
    run_jobs()

    db.session.refresh(earlier)
    assert earlier.state == WITHDRAWN
    with pytest.raises(OfferUnavailable):
        accept_offer(earlier.id, first)
    request = request_row(request_id)
    if mode == "offer":
        assert live_offer(request_id).agent_id == chosen and request.state == OFFERED
    else:
        assert (request.state, request.assigned_agent_id) == (ASSIGNED, chosen)
    moves = db.session.execute(db.select(AuditEvent.from_state, AuditEvent.to_state, AuditEvent.actor)
                               .where(AuditEvent.request_id == request_id).order_by(AuditEvent.id)).all()
    assert (OFFERED, NEW, SUPERVISOR) in [tuple(m) for m in moves]
    assert db.session.get(Agent, first).open_jobs == 0


def test_an_agent_deciding_on_another_offer_cannot_be_given_a_second_one(place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0)
    first = new_request()
    run_jobs()
    assert live_offer(first).agent_id == agent_id
    second = new_request()
    run_jobs()
    with pytest.raises(AssignmentRefused) as refused:
        assign_to_agent(second, agent_id, SUPERVISOR)
    assert refused.value.code == "agent_deciding"
    assert live_offer(first).agent_id == agent_id, "the first offer stands"


def test_a_completed_request_cannot_be_assigned(place_agent, new_request):
    agent_id = place_agent(1.0)
    request_id = new_request()
    db.session.execute(db.update(ServiceRequest).values(state="completed", needs_dispatch=False))
    db.session.commit()
    with pytest.raises(AssignmentRefused) as refused:
        assign_to_agent(request_id, agent_id, SUPERVISOR)
    assert refused.value.code == "not_waiting"


def test_a_jammu_supervisor_cannot_see_or_assign_a_srinagar_request(place_agent, new_request, run_jobs):
    agent_id = place_agent(1.0, on_duty=False)
    request_id = new_request("domicile", "190001")
    assert request_row(request_id).district == "Srinagar"
    assert scoped_request(request_id, "Jammu") is None
    with pytest.raises(AssignmentRefused) as refused:
        assign_to_agent(request_id, agent_id, SUPERVISOR, "reason", district="Jammu")
    assert refused.value.code == "no_such_request"
    assert live_offer(request_id) is None
    assert scoped_request(request_id, "Srinagar").id == request_id
    assert assign_to_agent(request_id, agent_id, SUPERVISOR, district="Srinagar") == "offered"


def test_the_choices_show_distance_open_jobs_against_capacity_and_whether_the_agent_may_do_the_service(
        place_agent, new_request):
    near = place_agent(0.5, capacity=3, open_jobs=1)
    off_duty = place_agent(2.0, on_duty=False)
    unlisted = place_agent(4.0, capacity=2, open_jobs=2, service_codes=["character"])
    far = place_agent(120.0)  # outside every ring, and (below) in another district
    db.session.execute(db.update(Agent).where(Agent.id == far).values(district="Leh"))
    db.session.commit()
    request_id = new_request("domicile")

    choices = agent_choices(request_row(request_id))

    assert [c.agent_id for c in choices] == [near, unlisted, off_duty], "on duty and fresh first, then nearest"
    by_id = {c.agent_id: c for c in choices}
    assert by_id[near].distance_km == pytest.approx(0.5, abs=0.1)
    assert (by_id[near].open_jobs, by_id[near].capacity, by_id[near].may_do_service) == (1, 3, True)
    assert not by_id[near].needs_reason
    assert (by_id[unlisted].open_jobs, by_id[unlisted].capacity, by_id[unlisted].may_do_service) == (2, 2, False)
    assert by_id[unlisted].over_capacity and by_id[unlisted].needs_reason
    assert (by_id[off_duty].on_duty, by_id[near].on_duty, by_id[near].fresh) == (False, True, True)


def test_a_refused_offer_to_a_busy_agent_leaves_the_current_offer_of_the_request_alone(
        place_agent, new_request, run_jobs):
    holder, deciding = place_agent(0.5), place_agent(3.0)
    request_id, other = new_request(), new_request()
    run_jobs()
    assert live_offer(request_id).agent_id == holder and live_offer(other).agent_id == deciding
    with pytest.raises(AssignmentRefused) as refused:
        assign_to_agent(request_id, deciding, SUPERVISOR)
    assert refused.value.code == "agent_deciding"
    offer = live_offer(request_id)
    assert offer is not None and offer.agent_id == holder, "a refused assignment changes nothing"
    assert request_row(request_id).state == OFFERED


@pytest.mark.parametrize("mode", ["offer", "job"])
def test_the_agent_whose_offer_a_supervisor_withdrew_is_offered_a_waiting_request_at_once(
        app, place_agent, new_request, run_jobs, mode):
    app.config["SUPERVISOR_ASSIGNS"] = mode
    holder = place_agent(0.5)
    first = new_request()
    run_jobs()
    waiting = new_request()
    run_jobs()
    assert live_offer(first).agent_id == holder and live_offer(waiting) is None
    chosen = place_agent(30.0)
    run_jobs()  # going on duty woke the waiting request: too far for the rings' nearest, but in range
    decline_offer(live_offer(waiting).id, chosen, "too far")
    run_jobs()
    assert live_offer(waiting) is None

    assign_to_agent(first, chosen, SUPERVISOR)
    run_jobs()

    offer = live_offer(waiting)
    assert offer is not None and offer.agent_id == holder, "freed by the supervisor, offered the next request"


@pytest.mark.parametrize("mode", ["offer", "job"])
def test_an_assignment_is_written_to_the_security_audit_log_with_the_supervisor(app, mode, place_agent, new_request):
    from core.audit import SecurityEvent
    from dispatch.assignment import assign_to_agent

    app.config["SUPERVISOR_ASSIGNS"] = mode
    agent_id = place_agent(0.5)
    request_id = new_request()
    assign_to_agent(request_id, agent_id, "supervisor:7")
    [event] = db.session.scalars(db.select(SecurityEvent).where(SecurityEvent.event == "assignment")).all()
    number = db.session.get(ServiceRequest, request_id).number
    assert (event.actor, event.subject) == ("supervisor:7", f"request:{number}")
    assert str(agent_id) in event.detail


def test_a_visit_code_override_is_written_to_the_security_audit_log(place_agent, new_request, run_jobs):
    from core.audit import SecurityEvent
    from dispatch.models import Offer
    from dispatch.visits import override_visit_code

    agent_id = place_agent(0.5)
    request_id = new_request()
    run_jobs()
    offer_id = db.session.scalar(db.select(Offer.id).where(Offer.request_id == request_id, Offer.state == LIVE))
    accept_offer(offer_id, agent_id)
    override_visit_code(request_id, 7, "citizen lost the SMS")
    [event] = db.session.scalars(db.select(SecurityEvent).where(SecurityEvent.event == "override")).all()
    assert (event.actor, event.detail) == ("supervisor:7", "citizen lost the SMS")
