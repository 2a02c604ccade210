"""Auto-appeal in two stages, driven by a controlled clock: at risk, breach, first appeal, second appeal, and
decisions before and after the breach; each stage exactly once even when the sweeper's job runs twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.extensions import db
from dispatch.appeals import file_auto_appeals, file_second_appeals, run_appeals
from dispatch.applications import change_stage, pause_clock, resume_clock
from dispatch.models import (
    APPROVED,
    DELIVERED,
    FIRST_APPEAL,
    SECOND_APPEAL,
    UNDER_PROCESS,
    Appeal,
    AppellateAuthority,
    AuditEvent,
    ServiceRequest,
)
from tests.dispatch.stage_helpers import Clock, filed_application, sms_of

MONDAY = date(2026, 3, 2)
DUE = date(2026, 3, 20)  # 15 working days after Monday 2 March 2026 (Sundays, 2nd and 4th Saturdays off)


@pytest.fixture
def clock(monkeypatch, app):
    return Clock(monkeypatch, MONDAY)


@pytest.fixture
def authorities(services):
    db.session.add_all([
        AppellateAuthority(district="Srinagar", department="Revenue", level=FIRST_APPEAL, name="A. Wani",
                           designation="Additional Deputy Commissioner", phone="+911942000001"),
        AppellateAuthority(district="", department="Revenue", level=SECOND_APPEAL, name="B. Shah",
                           designation="Divisional Commissioner", email="divcom@example.gov.in"),
    ])
    db.session.commit()


def _appeals(request_id: int) -> list[Appeal]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Appeal).where(Appeal.request_id == request_id).order_by(Appeal.id)))


def test_nothing_is_appealed_on_the_deadline_day_itself(clock, authorities, place_agent):
    request = filed_application(place_agent(0.5))
    assert request.psga_due_on == DUE
    clock.set(DUE)
    assert run_appeals() == {FIRST_APPEAL: [], SECOND_APPEAL: []}


def test_a_breach_files_one_first_appeal_with_a_number_the_authority_and_one_sms(clock, authorities, place_agent):
    request = filed_application(place_agent(0.5), language="ur")
    clock.set(DUE + timedelta(days=1))
    assert file_auto_appeals() == [request.id]
    assert run_appeals() == {FIRST_APPEAL: [], SECOND_APPEAL: []}, "the sweeper's second run files nothing"
    [appeal] = _appeals(request.id)
    assert appeal.stage == FIRST_APPEAL and appeal.number == "FA-2026-000001"
    assert (appeal.authority_name, appeal.authority_designation) == ("A. Wani", "Additional Deputy Commissioner")
    assert appeal.decide_by == DUE + timedelta(days=31)
    [sms] = sms_of(request.id, "appeal_first")
    assert "FA-2026-000001" in sms.body and request.number in sms.body and "اپیل" in sms.body
    assert db.session.get(ServiceRequest, request.id).appealed_at is not None
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.request_id == request.id, AuditEvent.to_state == "appeal_first",
                                    AuditEvent.actor == "system")) == 1


def test_an_undecided_first_appeal_goes_to_the_second_authority_after_the_appeal_period(clock, authorities,
                                                                                        place_agent):
    request = filed_application(place_agent(0.5), language="hi")
    clock.set(DUE + timedelta(days=1))
    run_appeals()
    change_stage(request.id, UNDER_PROCESS, "department:revenue")  # in process is not decided
    db.session.commit()
    clock.set(DUE + timedelta(days=31))  # the decide-by day: not yet
    assert file_second_appeals() == []
    clock.set(DUE + timedelta(days=32))
    assert run_appeals() == {FIRST_APPEAL: [], SECOND_APPEAL: [request.id]}
    assert run_appeals() == {FIRST_APPEAL: [], SECOND_APPEAL: []}
    first, second = _appeals(request.id)
    assert (second.stage, second.number, second.authority_name) == (SECOND_APPEAL, "SA-2026-000001", "B. Shah")
    [sms] = sms_of(request.id, "appeal_second")
    assert "SA-2026-000001" in sms.body and "अपील" in sms.body
    clock.set(DUE + timedelta(days=120))
    assert run_appeals() == {FIRST_APPEAL: [], SECOND_APPEAL: []}, "there is no third stage"
    assert len(_appeals(request.id)) == 2


def test_delivered_before_the_breach_means_no_appeal_ever(clock, authorities, place_agent):
    request = filed_application(place_agent(0.5))
    change_stage(request.id, APPROVED, "department:revenue")
    change_stage(request.id, DELIVERED, "agent:1", delivery_mode="handed_over")
    db.session.commit()
    for day in (DUE + timedelta(days=1), DUE + timedelta(days=60)):
        clock.set(day)
        assert run_appeals() == {FIRST_APPEAL: [], SECOND_APPEAL: []}
    assert _appeals(request.id) == []


def test_approved_or_rejected_before_the_breach_means_no_appeal(clock, authorities, place_agent):
    approved = filed_application(place_agent(0.5), phone="+919811111111")
    rejected = filed_application(place_agent(0.6), phone="+919822222222", application="DOM/2026/2")
    change_stage(approved.id, APPROVED, "system")
    change_stage(rejected.id, "rejected", "system", reason="not a resident")
    db.session.commit()
    clock.set(DUE + timedelta(days=2))
    assert run_appeals() == {FIRST_APPEAL: [], SECOND_APPEAL: []}


def test_delivered_after_the_first_appeal_closes_it_and_no_second_appeal_follows(clock, authorities, place_agent):
    request = filed_application(place_agent(0.5))
    clock.set(DUE + timedelta(days=3))
    assert file_auto_appeals() == [request.id]
    change_stage(request.id, APPROVED, "department:revenue")
    change_stage(request.id, DELIVERED, "department:revenue", delivery_mode="serviceplus", reference="SP-9")
    db.session.commit()
    [first] = _appeals(request.id)
    assert first.closed_at is not None and first.closed_reason == APPROVED
    clock.set(DUE + timedelta(days=90))
    assert run_appeals() == {FIRST_APPEAL: [], SECOND_APPEAL: []}
    assert len(_appeals(request.id)) == 1


def test_a_paused_clock_is_not_breached_and_resuming_moves_the_deadline(clock, authorities, place_agent):
    request = filed_application(place_agent(0.5))
    pause_clock(request.id, "department:revenue", date(2026, 3, 10))
    db.session.commit()
    clock.set(DUE + timedelta(days=5))
    assert file_auto_appeals() == [], "no appeal while the citizen's documents are awaited"
    resume_clock(request.id, "department:revenue", DUE + timedelta(days=5))
    db.session.commit()
    assert db.session.get(ServiceRequest, request.id).psga_due_on > DUE + timedelta(days=5)
    assert file_auto_appeals() == []


def test_an_appeal_is_filed_without_an_authority_configured_and_says_so(clock, services, place_agent):
    request = filed_application(place_agent(0.5))
    clock.set(DUE + timedelta(days=1))
    assert file_auto_appeals() == [request.id]
    [appeal] = _appeals(request.id)
    assert appeal.authority_id is None
    reason = db.session.scalar(db.select(AuditEvent.reason).where(AuditEvent.to_state == "appeal_first"))
    assert "no authority configured" in reason


def test_appeal_numbers_run_on_per_stage_and_year(clock, authorities, place_agent):
    agent = place_agent(0.5)
    ids = [filed_application(agent, phone=f"+91983333333{n}", application=f"DOM/2026/{n}").id for n in range(3)]
    clock.set(DUE + timedelta(days=1))
    assert sorted(file_auto_appeals()) == sorted(ids)
    numbers = sorted(a.number for rid in ids for a in _appeals(rid))
    assert numbers == ["FA-2026-000001", "FA-2026-000002", "FA-2026-000003"]


def test_the_sweepers_hourly_job_files_each_stage_once_even_when_it_runs_twice(clock, authorities, place_agent, app):
    from digidost.sweeper import Sweeper

    request = filed_application(place_agent(0.5))
    clock.set(DUE + timedelta(days=1))
    sweeper = Sweeper(app)
    for _ in range(2):
        sweeper.next_appeals = 0.0  # as if an hour had passed
        assert sweeper.sweep_once()
    clock.set(DUE + timedelta(days=40))
    for _ in range(2):
        sweeper.next_appeals = 0.0
        assert sweeper.sweep_once()
    assert [(a.stage, a.number) for a in _appeals(request.id)] == [(FIRST_APPEAL, "FA-2026-000001"),
                                                                   (SECOND_APPEAL, "SA-2026-000001")]
    assert len(sms_of(request.id, "appeal_first")) == 1 and len(sms_of(request.id, "appeal_second")) == 1


def test_the_controlled_clock_takes_a_request_through_at_risk_then_breach_on_the_board(clock, authorities,
                                                                                      place_agent):
    from supervisors.board import board_snapshot

    request = filed_application(place_agent(0.5))
    clock.set(date(2026, 3, 16))  # Monday: 4 working days left (17, 18, 19, 20)
    [row] = board_snapshot().rows
    assert (row.days_left, row.at_risk, row.breached) == (4, False, False)
    clock.set(date(2026, 3, 18))  # Wednesday: 2 working days left (PSGA_AT_RISK_DAYS)
    snapshot = board_snapshot()
    assert (snapshot.at_risk, snapshot.breached, snapshot.rows[0].days_left) == (1, 0, 2)
    assert run_appeals() == {FIRST_APPEAL: [], SECOND_APPEAL: []}, "at risk is not yet a breach"
    clock.set(DUE + timedelta(days=1))
    snapshot = board_snapshot()
    assert (snapshot.at_risk, snapshot.breached) == (0, 1)
    assert run_appeals()[FIRST_APPEAL] == [request.id]
    assert board_snapshot(appeal=FIRST_APPEAL).rows[0].appeal == FIRST_APPEAL
