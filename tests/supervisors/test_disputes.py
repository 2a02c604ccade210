"""Fee disputes decided by supervisors (upheld with the refund, rejected with a reason, the citizen told by SMS in
their language, audited), bad ratings followed up with a note, and the per agent / service / district view."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from agent_helpers import csrf_token

from core.clock import utcnow
from core.extensions import db
from core.models import OutboxMessage
from dispatch.disputes import DecisionRefused, FeeDispute, decide_dispute
from dispatch.models import AuditEvent, ServiceRequest
from ivr.messages import answer_sms
from ivr.models import CallbackRequest, Rating
from supervisors.accountability import accountability, approval_by_period
from tests.supervisors.test_roster import complete_job, sign_in_supervisor, switch_browser


@pytest.fixture
def disputed(make_agent, make_request, run_jobs):
    """A Srinagar request completed at the notified Rs 80 whose citizen replied "PAID 100"."""
    make_agent("Mohammad Shafi Bhat")
    request = complete_job(make_request, run_jobs)
    assert answer_sms(request.citizen_phone, "PAID 100", "SMdispute1") == "dispute_opened"
    return db.session.scalar(db.select(FeeDispute))


def decide(client, dispute_id: int, decision: str, note: str, token: bool = True):
    switch_browser()
    page = client.get(f"/board/disputes/{dispute_id}").get_data(as_text=True)
    data = {"decision": decision, "note": note}
    if token:
        data["csrf_token"] = csrf_token(page)
    return client.post(f"/board/disputes/{dispute_id}/decide", data=data)


def citizen_sms(template: str) -> list[OutboxMessage]:
    return list(db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.template == template)))


def test_an_open_dispute_is_listed_with_the_agent_named_and_linked_from_the_nav(disputed, client):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    page = client.get("/board/disputes").get_data(as_text=True)
    assert f'id="dispute-{disputed.id}"' in page and "Mohammad Shafi Bhat" in page
    assert "₹100.00" in page and "₹80.00" in page
    assert 'href="/board/disputes"' in page and 'href="/board/accountability"' in page
    case = client.get(f"/board/disputes/{disputed.id}").get_data(as_text=True)
    assert 'id="decide-form"' in case and "Refund if upheld: ₹20.00" in case
    assert f"fee dispute {disputed.id} opened: paid Rs 100.00, notified Rs 80.00" in case


def test_upholding_a_dispute_tells_the_citizen_the_refund_and_is_audited(disputed, client):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    response = decide(client, disputed.id, "upheld", "Agent confirmed taking Rs 20 for photocopies")
    assert response.status_code == 302
    db.session.refresh(disputed)
    assert (disputed.state, disputed.note) == ("upheld", "Agent confirmed taking Rs 20 for photocopies")
    assert disputed.decided_by.startswith("supervisor:") and disputed.closed_at is not None
    [sms] = citizen_sms("dispute_upheld")
    assert sms.to_number == disputed.phone and "must refund you Rs 20.00" in sms.body
    assert f"no. {disputed.id}" in sms.body and disputed.request.number in sms.body
    reasons = [e.reason for e in db.session.scalars(db.select(AuditEvent).where(
        AuditEvent.request_id == disputed.request_id, AuditEvent.reason.like("fee dispute%")).order_by(AuditEvent.id))]
    assert reasons[-1] == (f"fee dispute {disputed.id} upheld: agent to refund Rs 20.00: "
                           "Agent confirmed taking Rs 20 for photocopies")
    switch_browser()
    assert f'id="dispute-{disputed.id}"' not in client.get("/board/disputes").get_data(as_text=True)
    assert f'id="dispute-{disputed.id}"' in client.get("/board/disputes?state=upheld").get_data(as_text=True)


@pytest.mark.parametrize("language, words", [("en", "not upheld. Reason: receipt shows Rs 80"),
                                             ("hi", "स्वीकार नहीं हुई। कारण: receipt shows Rs 80"),
                                             ("ur", "منظور نہیں ہوئی۔ وجہ: receipt shows Rs 80")])
def test_rejecting_a_dispute_tells_the_citizen_why_in_their_language(disputed, client, language, words):
    disputed.request.language = language
    db.session.commit()
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    assert decide(client, disputed.id, "rejected", "receipt shows Rs 80").status_code == 302
    [sms] = citizen_sms("dispute_rejected")
    assert words in sms.body and sms.to_number == disputed.phone


@pytest.mark.parametrize("decision, note, message", [("", "x", "Pick a decision"), ("forgiven", "x", "Pick a decision"),
                                                     ("upheld", "  ", "Write a note"),
                                                     ("rejected", "x" * 301, "300 characters at most")])
def test_a_bad_decision_is_shown_on_the_case_page_not_a_500(disputed, client, decision, note, message):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    response = decide(client, disputed.id, decision, note)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    db.session.refresh(disputed)
    assert disputed.state == "open" and citizen_sms("dispute_upheld") == citizen_sms("dispute_rejected") == []


def test_a_dispute_is_decided_once(disputed, client):
    decide_dispute(disputed.id, "rejected", "no evidence", "supervisor:1", "Srinagar")
    with pytest.raises(DecisionRefused) as refused:
        decide_dispute(disputed.id, "upheld", "changed my mind", "supervisor:2", None)
    assert refused.value.code == "already_decided"
    assert len(citizen_sms("dispute_rejected")) == 1 and citizen_sms("dispute_upheld") == []


def test_another_districts_supervisor_cannot_see_or_decide_the_dispute(disputed, client):
    sign_in_supervisor(client, "jammu1", "Jammu")
    assert client.get(f"/board/disputes/{disputed.id}").status_code == 404
    assert f'id="dispute-{disputed.id}"' not in client.get("/board/disputes").get_data(as_text=True)


def test_a_decision_without_the_csrf_token_is_refused(disputed, client):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    assert decide(client, disputed.id, "upheld", "ok", token=False).status_code == 400
    db.session.refresh(disputed)
    assert disputed.state == "open"


def test_an_unknown_dispute_state_or_case_is_a_404(disputed, client):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    assert client.get("/board/disputes?state=forgotten").status_code == 404
    assert client.get(f"/board/disputes/{disputed.id + 100}").status_code == 404


# --- follow-ups of bad ratings ---------------------------------------------------------------------------------

def test_a_bad_rating_follow_up_is_listed_and_closed_with_a_note(make_agent, make_request, run_jobs, client):
    make_agent("Mohammad Shafi Bhat")
    request = complete_job(make_request, run_jobs)
    assert answer_sms(request.citizen_phone, "3", "SMbad") == "rating_bad_followup"
    [callback] = db.session.scalars(db.select(CallbackRequest))
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    page = client.get("/board/disputes").get_data(as_text=True)
    assert f'id="follow-up-{callback.id}"' in page and request.number in page
    switch_browser()
    response = client.post(f"/board/follow-ups/{callback.id}/close",
                           data={"csrf_token": csrf_token(page), "note": ""})
    assert response.status_code == 303
    db.session.refresh(callback)
    assert callback.status == "open", "a follow-up is closed with a note"
    switch_browser()
    page = client.get("/board/disputes").get_data(as_text=True)
    response = client.post(f"/board/follow-ups/{callback.id}/close",
                           data={"csrf_token": csrf_token(page), "note": "Agent was rude; warned"})
    assert response.status_code == 302
    db.session.refresh(callback)
    assert (callback.status, callback.note) == ("done", "Agent was rude; warned")
    switch_browser()
    page = client.get("/board/disputes").get_data(as_text=True)
    assert f'id="follow-up-{callback.id}"' not in page and "Agent was rude; warned" in page


# --- per agent, service, district -------------------------------------------------------------------------------

@pytest.fixture
def two_agents(make_agent, make_request, run_jobs):
    """Shafi: a dispute open, one upheld, a fee flag, ratings good, good, bad. Yousuf: one average rating."""
    shafi = make_agent("Mohammad Shafi Bhat")
    jobs = [complete_job(make_request, run_jobs, fee=fee, reason=reason)
            for fee, reason in (("80", None), ("80", None), ("100", "photocopies"), ("80", None))]
    answer_sms(jobs[0].citizen_phone, "PAID 120", "SMp1")
    answer_sms(jobs[1].citizen_phone, "PAID 90", "SMp2")
    decide_dispute(db.session.scalar(db.select(FeeDispute.id).where(FeeDispute.request_id == jobs[1].id)),
                   "upheld", "refunded", "supervisor:1", None)
    for job, score in zip(jobs[:3], ("1", "1", "3"), strict=True):
        answer_sms(job.citizen_phone, score, f"SMr{job.id}")
    yousuf = make_agent("Mohd Yousuf")
    jobs[3].assigned_agent_id = yousuf.id
    db.session.commit()
    answer_sms(jobs[3].citizen_phone, "2", "SMr-yousuf")
    return shafi, yousuf


def test_the_per_agent_view_counts_disputes_fee_flags_and_ratings_with_the_approval(two_agents, client):
    shafi, yousuf = two_agents
    lines = {line.label: line for line in accountability("agent", "Srinagar")}
    assert lines["Mohammad Shafi Bhat"].disputes == {"open": 1, "upheld": 1, "rejected": 0}
    assert lines["Mohammad Shafi Bhat"].fee_flags == 1
    ratings = lines["Mohammad Shafi Bhat"].ratings
    assert (ratings.good, ratings.average, ratings.bad, ratings.approval) == (2, 0, 1, 67)
    assert (lines["Mohd Yousuf"].disputes_total, lines["Mohd Yousuf"].ratings.approval) == (0, 0)
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    page = client.get("/board/accountability").get_data(as_text=True)
    row = re.search(rf'<tr id="line-{shafi.id}">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'class="(disputes-open|disputes-upheld|fee-flags|ratings|bad|approval)">([^<]*)<', row) == [
        ("disputes-open", "1"), ("disputes-upheld", "1"), ("fee-flags", "1"), ("ratings", "3"), ("bad", "1"),
        ("approval", "67%")]
    assert page.index(f'id="line-{shafi.id}"') < page.index(f'id="line-{yousuf.id}"'), "most disputes first"


@pytest.mark.parametrize("by, label", [("service", "Domicile Certificate"), ("district", "Srinagar")])
def test_the_view_per_service_and_per_district_add_up_the_same_figures(two_agents, client, by, label):
    [line] = accountability(by, None)
    assert (line.label, line.disputes_total, line.fee_flags, line.ratings.total, line.ratings.approval) == (
        label, 2, 1, 4, 50)
    sign_in_supervisor(client, "state1", None)
    page = client.get(f"/board/accountability?by={by}&days=90").get_data(as_text=True)
    assert label in page and "50%" in page


def test_another_district_sees_none_of_it(two_agents, client):
    assert accountability("agent", "Jammu") == []
    sign_in_supervisor(client, "jammu1", "Jammu")
    assert "Mohammad Shafi Bhat" not in client.get("/board/accountability").get_data(as_text=True)


def test_an_unknown_dimension_or_period_is_a_404(service, client):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    assert client.get("/board/accountability?by=centre").status_code == 404
    assert client.get("/board/accountability?days=3").status_code == 404


def test_the_approval_is_reported_per_month_and_per_moment(two_agents):
    old = db.session.scalar(db.select(Rating).where(Rating.score == 3))
    old.created_at = utcnow() - timedelta(days=62)
    old.moment = "delivery"
    db.session.commit()
    months = dict(approval_by_period(None))
    assert sorted((t.good, t.average, t.bad) for t in months.values()) == [(0, 0, 1), (2, 1, 0)]
    assert [t.approval for t in months.values()] == [67, 0]
    assert [(t.bad, t.total) for _label, t in approval_by_period(None, moment="delivery")] == [(1, 1)]


def test_ratings_after_visit_and_after_delivery_both_count_for_the_agent(make_agent, make_request, run_jobs):
    make_agent("Mohammad Shafi Bhat")
    request = complete_job(make_request, run_jobs)
    answer_sms(request.citizen_phone, "1", "SMv")
    from dispatch.notify import stage_delivery_rating_sms
    stage_delivery_rating_sms(db.session.get(ServiceRequest, request.id))
    db.session.commit()
    answer_sms(request.citizen_phone, "2", "SMd")
    [line] = accountability("agent", None)
    assert (line.ratings.good, line.ratings.average, line.ratings.approval) == (1, 1, 50)
    assert Decimal(db.session.scalar(db.select(db.func.count(Rating.id)))) == 2


def test_the_boards_call_back_panel_sends_a_bad_ratings_follow_up_to_its_page_and_never_closes_it_without_a_note(
        make_agent, make_request, run_jobs, client):
    make_agent("Mohammad Shafi Bhat")
    request = complete_job(make_request, run_jobs)
    answer_sms(request.citizen_phone, "3", "SMbad")
    [callback] = db.session.scalars(db.select(CallbackRequest))
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    board = client.get("/board/").get_data(as_text=True)
    assert f'href="/board/disputes#follow-up-{callback.id}"' in board
    switch_browser()
    response = client.post(f"/board/callbacks/{callback.id}/done", data={"csrf_token": csrf_token(board), "note": ""})
    assert response.status_code == 404
    db.session.refresh(callback)
    assert callback.status == "open"


def test_a_request_rated_after_visit_and_delivery_is_listed_once_shows_both_ratings_and_counts_both_in_the_kpi(
        make_agent, make_request, run_jobs, client, app):
    from dispatch.notify import stage_delivery_rating_sms

    make_agent("Mohammad Shafi Bhat")
    request = complete_job(make_request, run_jobs)
    answer_sms(request.citizen_phone, "1", "SMvisit")
    stage_delivery_rating_sms(db.session.get(ServiceRequest, request.id))
    db.session.commit()
    answer_sms(request.citizen_phone, "3", "SMdelivery")
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    listing = client.get("/board/requests?state=completed").get_data(as_text=True)
    assert listing.count(f"id=\"row-{request.number}\"") == 1, "one row per request, whatever its ratings"
    timeline = client.get(f"/board/requests/{request.id}").get_data(as_text=True)
    assert "Citizen rated the visit: good" in timeline and "Citizen rated the service up to delivery: bad" in timeline
    app.config["KPI_TOKEN"] = "kpi-token-for-the-state-dashboard-0123"
    feed = client.get("/api/kpi", headers={"Authorization": "Bearer kpi-token-for-the-state-dashboard-0123"}).json
    assert {key: feed["overall"]["approval"][key] for key in ("ratings", "good", "bad")} == {
        "ratings": 2, "good": 1, "bad": 1}
