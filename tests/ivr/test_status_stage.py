"""Status by phone and by SMS after the visit: the application's stage, working days left, a paused clock."""

from __future__ import annotations

import pytest

from ivr.calls import RequestStatus
from ivr.flow import status_prompts
from ivr.prompts import PROMPTS, prompt_text

SERVICE = {"en": "Domicile certificate", "hi": "अधिवास प्रमाण पत्र", "ur": "ڈومیسائل سرٹیفکیٹ"}


def test_a_completed_request_reports_its_application_stage_and_the_working_days_left():
    said = status_prompts(RequestStatus("completed", SERVICE, stage="under_process", application="DOM/2026/7",
                                        days_left=3))
    assert [p.key for p in said] == ["status_stage_under_process", "days_left"]
    assert "DOM/2026/7" in prompt_text(said[0].key, "en", said[0].params)


def test_a_decided_application_has_no_days_left_to_tell():
    for stage in ("approved", "rejected", "delivered"):
        said = status_prompts(RequestStatus("completed", SERVICE, stage=stage, application="A1", days_left=-4))
        assert [p.key for p in said] == [f"status_stage_{stage}"]


def test_a_late_undecided_application_is_overdue_and_a_paused_one_says_it_waits_for_documents():
    late = status_prompts(RequestStatus("completed", SERVICE, stage="filed", application="A1", days_left=-2))
    assert [p.key for p in late] == ["status_stage_filed", "overdue"]
    paused = status_prompts(RequestStatus("completed", SERVICE, stage="filed", application="A1", days_left=-2,
                                          paused=True))
    assert [p.key for p in paused] == ["status_stage_filed", "clock_paused"]


def test_a_request_completed_before_stages_existed_still_says_completed():
    assert [p.key for p in status_prompts(RequestStatus("completed", SERVICE, days_left=1))] == ["status_completed"]


@pytest.mark.parametrize("key", ["status_stage_filed", "status_stage_under_process", "status_stage_approved",
                                 "status_stage_rejected", "status_stage_delivered", "clock_paused"])
def test_every_stage_prompt_is_in_three_languages_and_urdu_is_in_urdu_script(key):
    assert {"en", "hi", "ur"} <= set(PROMPTS[key])
    urdu = PROMPTS[key]["ur"]
    assert any("\u0600" <= ch <= "\u06ff" for ch in urdu)
    assert not any("\u0900" <= ch <= "\u097f" for ch in urdu)
