"""The supervisor board's data and the PSGA auto-appeal."""

from datetime import timedelta

from core.clock import local_today
from core.extensions import db
from dispatch.appeals import file_auto_appeals
from dispatch.assignment import redispatch
from dispatch.models import NEW, UNASSIGNED, AuditEvent, ServiceRequest
from dispatch.offers import escalate
from dispatch.requests import NewRequest, create_request
from supervisors.board import board_snapshot


def _request(pin="190001", service="domicile"):
    return create_request(NewRequest(service_code=service, pin_code=pin, citizen_phone="+919876543210"))


def test_the_board_lists_open_requests_with_days_left_on_the_statutory_timeline(catalogue):
    request = _request()
    snapshot = board_snapshot()
    [row] = snapshot.rows
    assert row.request.id == request.id
    assert row.days_left == 15  # domicile certificate: 15 days under the PSGA
    assert snapshot.counts == {NEW: 1}


def test_a_district_supervisor_sees_only_their_district(catalogue):
    _request("190001")  # Srinagar
    _request("180001")  # Jammu
    assert [r.request.district for r in board_snapshot("Jammu").rows] == ["Jammu"]
    assert len(board_snapshot().rows) == 2


def test_escalated_requests_show_their_reason_and_can_be_sent_back_to_dispatch(catalogue):
    request = _request()
    escalate(request.id, "no_agent_in_range")
    assert board_snapshot().escalations == {"no_agent_in_range": 1}
    assert redispatch(request.id, "supervisor:1")
    db.session.expire_all()
    again = db.session.get(ServiceRequest, request.id)
    assert (again.state, again.needs_dispatch, again.attempts, again.escalation_reason) == (NEW, True, 0, None)
    assert again.offers_reset_at is not None, "earlier expiries no longer keep agents from it"


def test_a_district_supervisor_cannot_redispatch_another_districts_request(catalogue):
    request = _request("190001")
    escalate(request.id, "all_declined")
    assert not redispatch(request.id, "supervisor:2", district="Jammu")
    assert db.session.get(ServiceRequest, request.id).state == UNASSIGNED


def test_a_missed_timeline_files_an_auto_appeal_once(catalogue):
    late, on_time = _request(), _request()
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == late.id)
                       .values(psga_due_on=local_today() - timedelta(days=1)))
    db.session.commit()
    assert file_auto_appeals() == [late.id]
    assert file_auto_appeals() == []
    reasons = db.session.scalars(db.select(AuditEvent.reason).where(AuditEvent.actor == "system")).all()
    assert len(reasons) == 1 and "First Appellate Authority" in reasons[0]
    assert db.session.get(ServiceRequest, on_time.id).appealed_at is None
    assert board_snapshot().breached == 1
