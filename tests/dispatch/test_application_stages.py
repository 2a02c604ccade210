"""The application after the visit: filed at completion, then under process, approved or rejected, delivered;
each change a compare-and-set with an audit row and one SMS to the citizen in their language; the PSGA clock
in working days, paused while the citizen's documents are missing."""

from __future__ import annotations

from datetime import date

import pytest

from core.extensions import db
from dispatch.applications import StageError, change_stage, check_stage_change, pause_clock, resume_clock
from dispatch.holidays import calendar_for
from dispatch.models import (
    APPROVED,
    COMPLETED,
    DELIVERED,
    FILED,
    REJECTED,
    UNDER_PROCESS,
    AuditEvent,
    Holiday,
    ServiceRequest,
)
from dispatch.timelines import add_working_days, psga_deadline
from tests.dispatch.stage_helpers import Clock, filed_application, sms_of

MONDAY = date(2026, 3, 2)


@pytest.fixture
def clock(monkeypatch, app):
    return Clock(monkeypatch, MONDAY)


def _row(request_id: int) -> ServiceRequest:
    db.session.expire_all()
    return db.session.get(ServiceRequest, request_id)


def test_completing_the_visit_files_the_application_and_starts_the_working_day_clock(clock, services, place_agent):
    db.session.add(Holiday(day=date(2026, 3, 4), name="Test holiday", district=None, year=2026))
    db.session.commit()
    request = filed_application(place_agent(0.5))
    assert (request.state, request.application_stage) == (COMPLETED, FILED)
    assert request.psga_started_on == MONDAY
    # 15 working days from Monday 2 March: Sundays, the 2nd and 4th Saturdays and the holiday are not counted.
    assert request.psga_due_on == add_working_days(MONDAY, 15, calendar_for("Srinagar")) == date(2026, 3, 21)


def test_each_stage_change_is_audited_with_its_actor_and_sends_one_sms(clock, services, place_agent):
    request = filed_application(place_agent(0.5))
    assert change_stage(request.id, UNDER_PROCESS, "department:revenue")
    assert change_stage(request.id, APPROVED, "supervisor:7")
    assert change_stage(request.id, DELIVERED, "agent:3", delivery_mode="digilocker", reference="DL-123")
    db.session.commit()
    row = _row(request.id)
    assert (row.application_stage, row.delivery_mode, row.delivery_reference) == (DELIVERED, "digilocker", "DL-123")
    audits = db.session.execute(db.select(AuditEvent.from_state, AuditEvent.to_state, AuditEvent.actor)
                                .where(AuditEvent.request_id == request.id, AuditEvent.to_state.in_(
                                    (UNDER_PROCESS, APPROVED, DELIVERED))).order_by(AuditEvent.id)).all()
    assert [tuple(a) for a in audits] == [(FILED, UNDER_PROCESS, "department:revenue"),
                                          (UNDER_PROCESS, APPROVED, "supervisor:7"),
                                          (APPROVED, DELIVERED, "agent:3")]
    assert [m.template for m in sms_of(request.id) if m.template.startswith("stage_")] == [
        "stage_under_process", "stage_approved", "stage_delivered_digilocker"]
    delivered = sms_of(request.id, "stage_delivered_digilocker")[0].body
    assert request.number in delivered and "DL-123" in delivered and "DigiLocker" in delivered


def test_setting_the_stage_it_is_already_in_changes_nothing_and_sends_nothing(clock, services, place_agent):
    request = filed_application(place_agent(0.5))
    assert change_stage(request.id, UNDER_PROCESS, "system")
    assert not change_stage(request.id, UNDER_PROCESS, "system")
    db.session.commit()
    assert len(sms_of(request.id, "stage_under_process")) == 1


@pytest.mark.parametrize(("current", "stage", "values", "code"), [
    (FILED, DELIVERED, {"delivery_mode": "handed_over"}, "wrong_stage"),
    (REJECTED, APPROVED, {}, "wrong_stage"),
    (DELIVERED, UNDER_PROCESS, {}, "wrong_stage"),
    (UNDER_PROCESS, REJECTED, {}, "reason_required"),
    (APPROVED, DELIVERED, {}, "delivery_mode"),
    (APPROVED, DELIVERED, {"delivery_mode": "post"}, "delivery_mode"),
    (APPROVED, DELIVERED, {"delivery_mode": "serviceplus"}, "reference_required"),
    (FILED, "issued", {}, "unknown_stage"),
    (None, UNDER_PROCESS, {}, "not_filed"),
])
def test_invalid_stage_changes_are_refused_with_a_clear_reason(current, stage, values, code):
    with pytest.raises(StageError) as refused:
        check_stage_change(current, stage, **values)
    assert refused.value.code == code and refused.value.message


def test_handed_over_needs_no_reference_and_a_department_may_skip_under_process():
    assert check_stage_change(APPROVED, DELIVERED, delivery_mode="handed_over").reference is None
    assert check_stage_change(FILED, APPROVED).stage == APPROVED


def test_a_request_not_yet_visited_has_no_application_to_move(clock, services, new_request):
    with pytest.raises(StageError, match="not filed"):
        change_stage(new_request(), UNDER_PROCESS, "system")


def test_a_district_supervisor_cannot_move_another_districts_application(clock, services, place_agent):
    request = filed_application(place_agent(0.5))
    with pytest.raises(LookupError):
        change_stage(request.id, UNDER_PROCESS, "supervisor:2", district="Jammu")


@pytest.mark.parametrize(("language", "script"), [("en", "request"), ("hi", "अनुरोध"), ("ur", "درخواست")])
def test_stage_sms_go_in_the_citizens_language_with_the_request_number(clock, services, place_agent, language,
                                                                       script):
    request = filed_application(place_agent(0.5), language=language)
    change_stage(request.id, REJECTED, "department:revenue", reason="address proof unreadable")
    db.session.commit()
    [sms] = sms_of(request.id, "stage_rejected")
    assert script in sms.body and request.number in sms.body and "address proof unreadable" in sms.body
    if language == "ur":
        assert not any("\u0900" <= ch <= "\u097f" for ch in sms.body), "Urdu in Urdu script, never Devanagari"


def test_a_pause_for_missing_documents_moves_the_deadline_by_its_working_days(clock, services, place_agent):
    request = filed_application(place_agent(0.5))
    due = request.psga_due_on
    assert pause_clock(request.id, "department:revenue", date(2026, 3, 5))  # a Thursday
    assert not pause_clock(request.id, "department:revenue", date(2026, 3, 6))
    db.session.commit()
    assert _row(request.id).psga_paused_since == date(2026, 3, 5)
    assert len(sms_of(request.id, "stage_documents_missing")) == 1
    # Resumed Monday 9 March: Friday 6 and Saturday 7 (1st Saturday) and Monday 9 were working days.
    assert resume_clock(request.id, "supervisor:1", date(2026, 3, 9))
    db.session.commit()
    row = _row(request.id)
    calendar = calendar_for("Srinagar")
    assert (row.psga_paused_since, row.psga_paused_days) == (None, 3)
    assert row.psga_due_on == psga_deadline(MONDAY, 15, calendar, 3) == add_working_days(due, 3, calendar)
    assert not resume_clock(request.id, "supervisor:1", date(2026, 3, 10))


def test_only_an_undecided_application_can_wait_for_documents(clock, services, place_agent):
    request = filed_application(place_agent(0.5))
    change_stage(request.id, APPROVED, "system")
    with pytest.raises(StageError):
        pause_clock(request.id, "system", MONDAY)
