"""Supervisors and departments move applications on: the request page's form, a department's file (all rows or
none, precise errors), the departments' API (bearer tokens, 401/403/422), the holiday calendar (all or nothing)
and the appellate authorities' admin page; the board counts appeals and timelines at risk."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta

import flask_babel
import pytest
from flask import g

from agents.accounts import create_account
from core.clock import local_today
from core.extensions import db
from core.roles import SUPERVISOR
from dispatch.appeals import file_auto_appeals
from dispatch.department_tokens import issue_token
from dispatch.models import (
    APPROVED,
    DELIVERED,
    FILED,
    UNDER_PROCESS,
    AppellateAuthority,
    AuditEvent,
    DepartmentToken,
    Holiday,
    ServiceRequest,
)
from supervisors.board import board_snapshot
from tests.dispatch.stage_helpers import filed_application, sms_of

PASSWORD = "Stages-test-2026"
REVENUE = "Revenue Department"


def _token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _sign_in(client, username):
    g.pop("csrf_token", None)
    flask_babel.refresh()
    page = client.get("/agents/sign-in").get_data(as_text=True)
    client.post("/agents/sign-in", data={"identifier": username, "password": PASSWORD, "csrf_token": _token(page)})
    g.pop("csrf_token", None)


@pytest.fixture
def board(catalogue, client):
    create_account("stages1", PASSWORD, SUPERVISOR, temporary=False)
    _sign_in(client, "stages1")
    return client


@pytest.fixture
def filed(catalogue, make_agent):
    agent = make_agent()
    counter = iter(range(100))
    return lambda language="en": filed_application(agent.id, language, phone=f"+9198765{next(counter):05d}",
                                                   application=f"DOM/2026/{next(counter)}")


def _row(request_id):
    db.session.expire_all()
    return db.session.get(ServiceRequest, request_id)


def _csrf(client, path):
    return _token(client.get(path).get_data(as_text=True))


# ---- the request page -----------------------------------------------------------------------------------------

def test_a_supervisor_moves_an_application_on_from_the_request_page(board, filed):
    request = filed()
    page = board.get(f"/board/requests/{request.id}").get_data(as_text=True)
    assert 'id="stage-form"' in page and 'id="application-stage"' in page
    answer = board.post(f"/board/requests/{request.id}/stage",
                        data={"action": "under_process", "csrf_token": _token(page)})
    assert answer.status_code == 302
    assert _row(request.id).application_stage == UNDER_PROCESS
    actor = db.session.scalar(db.select(AuditEvent.actor).where(AuditEvent.to_state == UNDER_PROCESS))
    assert actor.startswith("supervisor:")
    assert len(sms_of(request.id, "stage_under_process")) == 1


def test_a_refused_change_says_why_and_changes_nothing(board, filed):
    request = filed()
    token = _csrf(board, f"/board/requests/{request.id}")
    board.post(f"/board/requests/{request.id}/stage", data={"action": "delivered", "delivery_mode": "handed_over",
                                                            "csrf_token": token})
    page = board.get(f"/board/requests/{request.id}").get_data(as_text=True)
    assert "it can go to under_process, approved, rejected, not delivered" in page
    assert _row(request.id).application_stage == FILED


def test_the_stage_form_needs_the_csrf_token(board, filed):
    request = filed()
    assert board.post(f"/board/requests/{request.id}/stage", data={"action": "approved"}).status_code == 400
    assert _row(request.id).application_stage == FILED


# ---- a department's file ----------------------------------------------------------------------------------------

def _upload(client, name: str, body: str):
    token = _csrf(client, "/board/applications/import")
    return client.post("/board/applications/import", data={
        "csrf_token": token, "file": (io.BytesIO(body.encode()), name)}, content_type="multipart/form-data")


def test_a_department_csv_applies_every_row_in_order(board, filed):
    first, second = filed(), filed("hi")
    body = (f"request,action,reason,delivery_mode,reference\n{first.number},approved,,,\n"
            f"{first.number},delivered,,digilocker,DL-77\n{second.number},rejected,income proof missing,,\n")
    answer = _upload(board, "updates.csv", body)
    assert answer.status_code == 200 and 'id="import-done"' in answer.get_data(as_text=True)
    assert (_row(first.id).application_stage, _row(first.id).delivery_reference) == (DELIVERED, "DL-77")
    assert _row(second.id).rejection_reason == "income proof missing"
    assert [m.template for m in sms_of(first.id) if m.template.startswith("stage_")] == [
        "stage_approved", "stage_delivered_digilocker"]


def test_a_file_with_one_bad_row_changes_nothing_and_names_each_row_and_column(board, filed):
    good, other = filed(), filed()
    body = (f"request,action,reason\n{good.number},approved,\n{other.number},rejected,\n"
            f"123456789,approved,\n{good.number},shipped,\n")
    answer = _upload(board, "updates.csv", body)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "row 3, column reason: a rejection needs a reason" in page
    assert "row 4, column request:" in page and "row 5, column action:" in page
    assert _row(good.id).application_stage == FILED, "the good row was rolled back with the rest"
    assert sms_of(good.id, "stage_approved") == []


def test_a_json_file_by_application_number_and_its_errors(board, filed):
    request = filed()
    answer = _upload(board, "updates.json", json.dumps(
        {"updates": [{"application_number": request.application_number, "stage": "under_process"}]}))
    assert answer.status_code == 200 and _row(request.id).application_stage == UNDER_PROCESS
    bad = _upload(board, "updates.json", '{"updates": [{"request": 5}')
    assert bad.status_code == 422 and "not valid JSON" in bad.get_data(as_text=True)
    unknown = _upload(board, "u.csv", "request,colour\n1,2\n")
    assert unknown.status_code == 422 and "row 1, column colour: unknown column" in unknown.get_data(as_text=True)


# ---- the departments' API ---------------------------------------------------------------------------------------

@pytest.fixture
def department_token(catalogue):
    token = issue_token("revenue", REVENUE)
    db.session.commit()
    return token


def _api(client, token, body, path="/api/departments/v1/applications"):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(path, data=body if isinstance(body, str) else json.dumps(body), headers=headers,
                       content_type="application/json")


def test_the_api_applies_updates_for_the_tokens_department(client, filed, department_token):
    request = filed("ur")
    answer = _api(client, department_token, [{"request": request.number, "action": "approved"}])
    assert answer.status_code == 200 and answer.get_json() == {"applied": 1, "unchanged": 0}
    assert _row(request.id).application_stage == APPROVED
    actor = db.session.scalar(db.select(AuditEvent.actor).where(AuditEvent.to_state == APPROVED))
    assert actor == "department:revenue"
    [sms] = sms_of(request.id, "stage_approved")
    assert request.number in sms.body and "منظور" in sms.body
    assert "dd_" not in db.session.scalar(db.select(DepartmentToken.token_hash)), "only the hash is stored"
    shown = client.get(f"/api/departments/v1/applications/{request.number}",
                       headers={"Authorization": f"Bearer {department_token}"})
    assert shown.get_json()["stage"] == APPROVED


def test_the_api_refuses_without_a_valid_token(client, filed, department_token):
    request = filed()
    body = [{"request": request.number, "action": "approved"}]
    for token in (None, "dd_wrong", ""):
        answer = _api(client, token, body)
        assert answer.status_code == 401 and answer.get_json()["error"]
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    db.session.execute(db.update(DepartmentToken).values(active=False))
    db.session.commit()
    revoked = _api(client, department_token, body)
    assert revoked.status_code == 403 and revoked.get_json()["error"] == "this token has been revoked"
    assert _row(request.id).application_stage == FILED


def test_the_api_refuses_another_departments_request_and_bad_updates(client, filed, department_token):
    request = filed()
    other = issue_token("health", "Health and Medical Education Department")
    db.session.commit()
    forbidden = _api(client, other, [{"request": request.number, "action": "approved"}])
    assert forbidden.status_code == 403 and forbidden.get_json()["errors"][0]["row"] == 1
    not_json = _api(client, department_token, "stage=approved")
    assert not_json.status_code == 422 and "JSON" in not_json.get_json()["error"]
    wrong = _api(client, department_token, [{"request": request.number, "action": "approved"},
                                            {"request": request.number, "action": "delivered"}])
    assert wrong.status_code == 422
    assert wrong.get_json()["errors"] == [{"row": 2, "column": "delivery_mode",
                                           "message": "delivery needs a mode: one of handed_over, digilocker, "
                                                      "serviceplus"}]
    assert _row(request.id).application_stage == FILED, "row 1 was rolled back with row 2"


# ---- holidays ---------------------------------------------------------------------------------------------------

def test_a_holiday_file_is_imported_all_or_nothing_with_its_errors(board):
    token = _csrf(board, "/board/holidays")
    bad = board.post("/board/holidays", data={"csrf_token": token, "file": (io.BytesIO(
        b"date,name,district\n2026-01-26,Republic Day,\n2026-02-30,Nonsense,\n2026-03-04,Holi,Atlantis\n"),
        "h.csv")}, content_type="multipart/form-data")
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "line 3, column date: &#39;2026-02-30&#39; is not a date" in page and "line 4, column district" in page
    assert db.session.scalar(db.select(db.func.count(Holiday.id))) == 0
    with open("data/holidays-2026-sample.csv", "rb") as sample:
        good = board.post("/board/holidays?year=2026", data={"csrf_token": token, "file": (sample, "s.csv")},
                          content_type="multipart/form-data")
    assert good.status_code == 200 and "SAMPLE - Republic Day" in good.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Holiday.id)).where(Holiday.district.is_(None))) >= 10


def test_the_holiday_cli_imports_the_shipped_sample(app, runner):
    result = runner.invoke(args=["holidays", "import", "data/holidays-2026-sample.csv"])
    assert result.exit_code == 0 and "2026:" in result.output
    assert db.session.scalar(db.select(Holiday.district).where(Holiday.day == date(2026, 9, 5))) == "Srinagar"
    refused = runner.invoke(args=["holidays", "import", "pyproject.toml"])
    assert refused.exit_code != 0 and "nothing was imported" in refused.output


# ---- appellate authorities --------------------------------------------------------------------------------------

def test_a_supervisor_adds_and_edits_an_appellate_authority_with_validation(board):
    token = _csrf(board, "/board/authorities")
    bad = board.post("/board/authorities", data={"csrf_token": token, "department": "Nowhere", "level": "third",
                                                 "name": "", "designation": "ADC", "email": "not-an-address"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert all(f'id="{field}-error"' in page for field in ("department", "level", "name", "email"))
    good = board.post("/board/authorities", data={"csrf_token": token, "department": REVENUE, "district": "",
                                                  "level": "first", "name": "A. Wani",
                                                  "designation": "Additional Deputy Commissioner",
                                                  "phone": "+91 194 2000001"})
    assert good.status_code == 302
    row = db.session.scalar(db.select(AppellateAuthority))
    edited = board.post(f"/board/authorities/{row.id}", data={
        "csrf_token": token, "department": REVENUE, "district": "", "level": "first", "name": "B. Lone",
        "designation": "Additional Deputy Commissioner"})
    assert edited.status_code == 302
    db.session.expire_all()
    assert db.session.get(AppellateAuthority, row.id).name == "B. Lone"
    assert "B. Lone" in board.get("/board/authorities").get_data(as_text=True)
    assert board.post("/board/authorities", data={"department": REVENUE}).status_code == 400


# ---- the board --------------------------------------------------------------------------------------------------

def test_the_board_counts_timelines_at_risk_and_open_appeals_and_filters_by_appeal(board, filed):
    late, soon = filed(), filed()
    today = local_today()
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == late.id)
                       .values(psga_due_on=today - timedelta(days=3)))
    db.session.execute(db.update(ServiceRequest).where(ServiceRequest.id == soon.id).values(psga_due_on=today))
    db.session.commit()
    assert file_auto_appeals() == [late.id]
    snapshot = board_snapshot()
    assert (snapshot.breached, snapshot.at_risk, snapshot.appeals) == (1, 1, {"first": 1})
    page = board.get("/board/?appeal=first").get_data(as_text=True)
    assert f'id="request-{late.number}"' in page and f'id="request-{soon.number}"' not in page
    assert 'id="count-first-appeals">1<' in page
    timeline = board.get(f"/board/requests/{late.id}").get_data(as_text=True)
    assert "FA-" in timeline and "no authority configured" in timeline


# ---- status by SMS and by phone ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("language", "words"), [("en", "under process at the department"),
                                                 ("hi", "प्रक्रिया में"), ("ur", "زیرِ کارروائی")])
def test_the_status_sms_tells_the_application_stage_and_the_working_days_left(filed, language, words):
    from dispatch.applications import change_stage
    from ivr.messages import status_reply
    from ivr.prompts import sms_text

    request = filed(language)
    change_stage(request.id, UNDER_PROCESS, "system")
    db.session.commit()
    template, values = status_reply(request.number, language, request.citizen_phone)
    text = sms_text(template, language, **values)
    assert words in text and request.application_number in text and request.number in text


def test_the_status_call_says_the_clock_is_paused_while_documents_are_awaited(filed):
    from dispatch.applications import pause_clock
    from ivr.services import DatabaseLookups

    request = filed()
    pause_clock(request.id, "department:revenue", local_today())
    db.session.commit()
    status = DatabaseLookups(request.citizen_phone).request_status(request.number)
    assert (status.stage, status.paused, status.application) == (FILED, True, request.application_number)


def test_the_token_cli_prints_a_token_once_and_revokes_it(app, runner, client, filed):
    issued = runner.invoke(args=["departments", "token", "revenue", REVENUE])
    assert issued.exit_code == 0
    token = issued.output.rsplit(" ", 1)[-1].strip()
    request = filed()
    assert _api(client, token, [{"request": request.number, "action": "under_process"}]).status_code == 200
    assert runner.invoke(args=["departments", "revoke", "revenue"]).exit_code == 0
    assert _api(client, token, [{"request": request.number, "action": "approved"}]).status_code == 403
    bad = runner.invoke(args=["departments", "token", "Not A Source", REVENUE])
    assert bad.exit_code != 0 and "lower-case" in bad.output
