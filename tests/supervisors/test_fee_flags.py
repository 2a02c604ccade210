"""Fee flags reviewed with an outcome (refunded, warned, referred for licence action), audited, shown per agent;
and call-backs marked done with a note."""

from __future__ import annotations

import pytest
from agent_helpers import csrf_token

from core.extensions import db
from ivr.models import DONE, CallbackRequest
from supervisors.models import FeeFlagReview
from supervisors.reviews import ReviewRefused, review_fee_flag
from supervisors.roster import agent_roster
from tests.supervisors.test_roster import complete_job, security_events, sign_in_supervisor, switch_browser


@pytest.fixture
def flagged(make_agent, make_request, run_jobs):
    """A Srinagar request completed at Rs 100 instead of the notified Rs 80."""
    make_agent("Mohammad Shafi Bhat")
    return complete_job(make_request, run_jobs, fee="100", reason="citizen paid for photocopies")


def review(client, request_id: int, outcome: str, note: str = ""):
    switch_browser()
    page = client.get("/board/fee-flags").get_data(as_text=True)
    return client.post(f"/board/fee-flags/{request_id}/review",
                       data={"csrf_token": csrf_token(page), "outcome": outcome, "note": note})


def test_a_fee_collected_other_than_notified_is_listed_to_review(flagged, client):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    page = client.get("/board/fee-flags").get_data(as_text=True)
    assert f'id="flag-{flagged.id}"' in page and "collected Rs 100 instead of Rs 80" in page
    assert "Mohammad Shafi Bhat" in page and "₹80" in page and "₹100" in page


@pytest.mark.parametrize("outcome", ["refunded", "warned", "referred"])
def test_a_fee_flag_is_reviewed_with_an_outcome_and_a_note_and_audited(flagged, client, outcome):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    response = review(client, flagged.id, outcome, "Rs 20 returned to the citizen in cash")
    assert response.status_code == 302
    [saved] = db.session.scalars(db.select(FeeFlagReview)).all()
    assert (saved.request_id, saved.outcome, saved.note) == (flagged.id, outcome,
                                                             "Rs 20 returned to the citizen in cash")
    assert saved.reviewed_by.startswith("supervisor:") and saved.reviewed_at is not None
    [event] = security_events("fee_flag_review")
    assert (event.subject, event.detail) == (f"request:{flagged.number}",
                                             f"{outcome}: Rs 20 returned to the citizen in cash")
    switch_browser()
    assert f'id="flag-{flagged.id}"' not in client.get("/board/fee-flags").get_data(as_text=True)
    reviewed = client.get("/board/fee-flags?reviewed=1").get_data(as_text=True)
    assert f'id="flag-{flagged.id}"' in reviewed and "Rs 20 returned" in reviewed


def test_a_fee_flag_is_reviewed_only_once(flagged, client):
    review_fee_flag(flagged.id, "Srinagar", "warned", "", "supervisor:1:0")
    with pytest.raises(ReviewRefused) as refused:
        review_fee_flag(flagged.id, "Srinagar", "refunded", "", "supervisor:2:0")
    assert refused.value.code == "already_reviewed"
    assert len(security_events("fee_flag_review")) == 1


@pytest.mark.parametrize("outcome, note, message", [("", "", "Pick an outcome."),
                                                    ("forgiven", "", "Pick an outcome."),
                                                    ("warned", "x" * 501, "500 characters at most")])
def test_a_wrong_outcome_or_an_overlong_note_is_shown_not_a_500(flagged, client, outcome, note, message):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    response = review(client, flagged.id, outcome, note)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.session.scalars(db.select(FeeFlagReview)).all() == []


def test_a_request_without_a_fee_flag_cannot_be_reviewed(make_agent, make_request, run_jobs, client):
    make_agent()
    paid_right = complete_job(make_request, run_jobs)
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    assert review(client, paid_right.id, "warned").status_code == 404


def test_a_jammu_supervisor_neither_sees_nor_reviews_a_srinagar_fee_flag(flagged, client):
    sign_in_supervisor(client, "jammu1", "Jammu")
    assert f'id="flag-{flagged.id}"' not in client.get("/board/fee-flags").get_data(as_text=True)
    assert review(client, flagged.id, "warned").status_code == 404
    assert db.session.scalars(db.select(FeeFlagReview)).all() == [] and security_events("fee_flag_review") == []


def test_a_reviewed_flag_is_counted_per_agent_on_the_roster_and_shown_on_the_agent_s_page(flagged, client):
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    [row] = agent_roster("Srinagar")
    assert (row.fee_flags, row.fee_flags_open) == (1, 1)
    review(client, flagged.id, "warned", "told to charge the notified fee only")
    [row] = agent_roster("Srinagar")
    assert (row.fee_flags, row.fee_flags_open) == (1, 0)
    switch_browser()
    page = client.get(f"/board/agents/{row.agent.id}").get_data(as_text=True)
    assert f'id="agent-flag-{flagged.id}"' in page and "agent warned" in page
    assert "told to charge the notified fee only" in page


def test_a_call_back_marked_done_keeps_the_supervisor_s_note_and_the_board_shows_it(service, client):
    callback = CallbackRequest(phone="+919812345678", language="ur", district="Srinagar")
    db.session.add(callback)
    db.session.commit()
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    board = client.get("/board/").get_data(as_text=True)
    assert f'id="callback-note-{callback.id}"' in board
    response = client.post(f"/board/callbacks/{callback.id}/done",
                           data={"csrf_token": csrf_token(board), "note": "Wants domicile; booked for Monday"})
    assert response.status_code == 302
    db.session.expire_all()
    done = db.session.get(CallbackRequest, callback.id)
    assert (done.status, done.note) == (DONE, "Wants domicile; booked for Monday")
    switch_browser()
    assert "Wants domicile; booked for Monday" in client.get("/board/").get_data(as_text=True)


def test_a_call_back_without_a_note_is_still_marked_done(service, client):
    callback = CallbackRequest(phone="+919812345678", language="hi", district="Srinagar")
    db.session.add(callback)
    db.session.commit()
    sign_in_supervisor(client, "srinagar1", "Srinagar")
    board = client.get("/board/").get_data(as_text=True)
    response = client.post(f"/board/callbacks/{callback.id}/done", data={"csrf_token": csrf_token(board)})
    assert response.status_code == 302
    db.session.expire_all()
    done = db.session.get(CallbackRequest, callback.id)
    assert (done.status, done.note) == (DONE, None)


def test_a_jammu_supervisor_cannot_mark_a_srinagar_call_back_nor_see_its_note(service, client):
    callback = CallbackRequest(phone="+919812345678", language="ur", district="Srinagar", status=DONE,
                               done_by="supervisor:9:0", note="private to Srinagar")
    waiting = CallbackRequest(phone="+919812345679", language="ur", district="Srinagar")
    db.session.add_all([callback, waiting])
    db.session.commit()
    sign_in_supervisor(client, "jammu1", "Jammu")
    board = client.get("/board/").get_data(as_text=True)
    assert "private to Srinagar" not in board
    response = client.post(f"/board/callbacks/{waiting.id}/done", data={"csrf_token": csrf_token(board), "note": "x"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(CallbackRequest, waiting.id).note is None
