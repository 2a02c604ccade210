"""After assignment: start with the citizen's code, complete with the fee, cancel; only by the agent holding it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.extensions import db
from core.models import OutboxMessage
from dispatch.models import Agent, AuditEvent, Offer, ServiceRequest
from dispatch.offers import accept_offer
from dispatch.visits import (
    BadInput,
    FeeNeedsReason,
    NotYourJob,
    VisitCodeLocked,
    WrongState,
    WrongVisitCode,
    cancel_by_agent,
    complete_request,
    override_visit_code,
    start_visit,
)


def wrong_code(request: ServiceRequest) -> str:
    return f"{(int(request.visit_code) + 1) % 10_000:04d}"


def audit_of(request_id: int) -> list[tuple[str, str, str]]:
    return [(e.from_state, e.to_state, e.actor) for e in db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.request_id == request_id).order_by(AuditEvent.id))]


def test_the_citizens_code_starts_the_visit_and_is_audited(make_agent, assigned):
    agent = make_agent()
    request = assigned()
    start_visit(request.id, agent.id, f" {request.visit_code} ")
    db.session.refresh(request)
    assert request.state == "visiting" and request.visit_started_at is not None
    assert audit_of(request.id)[-1] == ("assigned", "visiting", f"agent:{agent.id}")


def test_starting_twice_is_harmless(make_agent, assigned):
    agent = make_agent()
    request = assigned()
    start_visit(request.id, agent.id, request.visit_code)
    start_visit(request.id, agent.id, request.visit_code)
    assert [e[1] for e in audit_of(request.id)].count("visiting") == 1


def test_wrong_codes_are_counted_and_the_fifth_locks_the_code_even_against_the_right_one(make_agent, assigned):
    agent = make_agent()
    request = assigned()
    for left in (4, 3, 2, 1):
        with pytest.raises(WrongVisitCode) as wrong:
            start_visit(request.id, agent.id, wrong_code(request))
        assert wrong.value.attempts_left == left
    with pytest.raises(VisitCodeLocked):
        start_visit(request.id, agent.id, wrong_code(request))
    with pytest.raises(VisitCodeLocked):
        start_visit(request.id, agent.id, request.visit_code)
    db.session.refresh(request)
    assert request.state == "assigned" and request.visit_code_failures == 5


def test_a_supervisor_override_starts_a_locked_visit_with_the_reason_audited(make_agent, assigned, supervisor):
    agent = make_agent()
    request = assigned()
    for _ in range(5):
        with pytest.raises((WrongVisitCode, VisitCodeLocked)):
            start_visit(request.id, agent.id, wrong_code(request))
    with pytest.raises(BadInput):
        override_visit_code(request.id, supervisor.id, "  ")
    override_visit_code(request.id, supervisor.id, "citizen deleted the SMS; verified by call")
    db.session.refresh(request)
    assert request.state == "visiting"
    event = db.session.scalars(db.select(AuditEvent).where(AuditEvent.request_id == request.id)
                               .order_by(AuditEvent.id.desc())).first()
    assert event.actor == f"supervisor:{supervisor.id}" and "verified by call" in event.reason
    with pytest.raises(WrongState):
        override_visit_code(request.id, supervisor.id, "again")


def test_completing_with_the_notified_fee_closes_the_job_frees_the_agent_and_sends_a_receipt(
        make_agent, assigned, run_jobs):
    agent = make_agent("Mohd Yousuf")
    request = assigned()
    db.session.refresh(agent)
    assert agent.open_jobs == 1
    start_visit(request.id, agent.id, request.visit_code)
    complete_request(request.id, agent.id, "DOM/2025/000123", Decimal("80.00"))
    run_jobs()
    db.session.refresh(request)
    db.session.refresh(agent)
    assert request.state == "completed" and request.application_number == "DOM/2025/000123"
    assert request.fee_collected == Decimal("80.00") and request.fee_flag_reason is None
    assert agent.open_jobs == 0
    receipt = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.template == "receipt"))
    assert receipt.to_number == request.citizen_phone
    for part in ("Domicile Certificate", "DOM/2025/000123", "Rs 80.00", "Mohd Yousuf", agent.centre.name):
        assert part in receipt.body


def test_a_fee_other_than_the_notified_one_needs_a_reason_and_is_flagged(make_agent, assigned):
    agent = make_agent()
    request = assigned()
    start_visit(request.id, agent.id, request.visit_code)
    with pytest.raises(FeeNeedsReason) as refused:
        complete_request(request.id, agent.id, "DOM/1", Decimal("100"))
    assert refused.value.expected == Decimal("80.00")
    complete_request(request.id, agent.id, "DOM/1", Decimal("50"), reason="citizen paid the portal fee online")
    db.session.refresh(request)
    assert request.state == "completed" and request.fee_collected == Decimal("50")
    assert "citizen paid the portal fee online" in request.fee_flag_reason


def test_a_job_cannot_be_completed_before_the_visit_starts_or_without_an_application_number(make_agent, assigned):
    agent = make_agent()
    request = assigned()
    with pytest.raises(WrongState):
        complete_request(request.id, agent.id, "DOM/1", Decimal("80"))
    start_visit(request.id, agent.id, request.visit_code)
    with pytest.raises(BadInput):
        complete_request(request.id, agent.id, "  ", Decimal("80"))


def test_a_citizen_not_home_sends_the_request_back_to_dispatch_and_to_another_agent(make_agent, assigned, run_jobs):
    make_agent()
    make_agent()
    request = assigned()
    holder = request.assigned_agent_id
    start_visit(request.id, holder, request.visit_code)
    assert cancel_by_agent(request.id, holder, "citizen_not_home") == "new"
    db.session.refresh(request)
    assert request.state == "new" and request.needs_dispatch and request.assigned_agent_id is None
    assert db.session.get(Agent, holder).open_jobs == 0
    run_jobs()  # re-enqueued: offered again, never to the agent who gave it back
    db.session.refresh(request)
    assert request.state == "offered"
    live = db.session.scalar(db.select(Offer).where(Offer.request_id == request.id, Offer.state == "live"))
    assert live is not None and live.agent_id != holder


def test_the_agent_who_gave_a_job_back_is_not_offered_it_again_even_when_alone(make_agent, assigned, run_jobs):
    make_agent()
    request = assigned()
    holder = request.assigned_agent_id
    cancel_by_agent(request.id, holder, "citizen_not_home")
    run_jobs()
    db.session.refresh(request)
    assert request.state == "unassigned" and request.escalation_reason == "all_declined"
    assert db.session.scalar(db.select(Offer).where(Offer.request_id == request.id, Offer.state == "live")) is None


def test_missing_documents_send_the_request_to_supervisors_not_to_another_agent(make_agent, assigned, run_jobs):
    make_agent()
    make_agent()
    request = assigned()
    holder = request.assigned_agent_id
    start_visit(request.id, holder, request.visit_code)
    assert cancel_by_agent(request.id, holder, "documents_missing") == "unassigned"
    db.session.refresh(request)
    assert (request.state, request.escalation_reason, request.needs_dispatch) == (
        "unassigned", "documents_missing", False)
    assert request.assigned_agent_id is None
    assert db.session.get(Agent, holder).open_jobs == 0
    assert audit_of(request.id)[-1] == ("visiting", "unassigned", f"agent:{holder}")
    run_jobs()
    db.session.refresh(request)
    assert request.state == "unassigned"
    assert db.session.scalar(db.select(Offer).where(Offer.request_id == request.id, Offer.state == "live")) is None


def test_a_citizen_who_withdrew_cancels_the_request(make_agent, assigned):
    agent = make_agent()
    request = assigned()
    assert cancel_by_agent(request.id, agent.id, "citizen_withdrew") == "cancelled"
    db.session.refresh(request)
    assert request.state == "cancelled"
    assert db.session.get(Agent, agent.id).open_jobs == 0
    assert audit_of(request.id)[-1] == ("assigned", "cancelled", f"agent:{agent.id}")


def test_an_unknown_cancel_reason_is_refused(make_agent, assigned):
    agent = make_agent()
    request = assigned()
    with pytest.raises(BadInput):
        cancel_by_agent(request.id, agent.id, "bored")


def test_no_agent_can_act_on_a_job_held_by_another(make_agent, assigned):
    holder = make_agent()
    request = assigned()
    stranger = make_agent(on_duty=False)
    assert request.assigned_agent_id == holder.id
    for act in (lambda: start_visit(request.id, stranger.id, request.visit_code),
                lambda: complete_request(request.id, stranger.id, "X", Decimal("80")),
                lambda: cancel_by_agent(request.id, stranger.id, "citizen_withdrew"),
                lambda: start_visit(999_999, holder.id, "0000")):
        with pytest.raises(NotYourJob):
            act()
    db.session.refresh(request)
    assert request.state == "assigned" and request.visit_code_failures == 0


def test_after_a_cancel_the_citizen_is_told_of_the_next_agent_who_accepts(make_agent, assigned, run_jobs):
    first, second = make_agent("Bilal Ahmad"), make_agent("Tariq Hussain")
    request = assigned()
    holder = request.assigned_agent_id
    cancel_by_agent(request.id, holder, "citizen_not_home")
    run_jobs()
    offer = db.session.scalar(db.select(Offer).where(Offer.request_id == request.id, Offer.state == "live"))
    accept_offer(offer.id, offer.agent_id)
    run_jobs()
    told = db.session.scalars(db.select(OutboxMessage.body).where(OutboxMessage.template == "agent_assigned")
                              .order_by(OutboxMessage.id)).all()
    names = {first.id: first.name, second.id: second.name}
    assert len(told) == 2
    assert names[holder] in told[0] and names[offer.agent_id] in told[1]
