"""Statutory days count on the calendar of Jammu & Kashmir (Asia/Kolkata), not on UTC's."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from core.clock import local_today
from core.extensions import db
from dispatch.requests import NewRequest, confirmed_on, create_request
from dispatch.timelines import psga_deadline
from ivr.services import status_of
from tests.ivr.conftest import CALLER, SRINAGAR_PIN


@pytest.mark.parametrize("utc, kolkata", [
    (datetime(2025, 3, 1, 18, 29), date(2025, 3, 1)),  # 23:59 in Srinagar
    (datetime(2025, 3, 1, 18, 30), date(2025, 3, 2)),  # midnight in Srinagar, still 1 March in UTC
    (datetime(2025, 3, 1, 23, 0), date(2025, 3, 2)),
    (datetime(2025, 12, 31, 20, 0), date(2026, 1, 1)),
])
def test_a_request_confirmed_late_in_the_utc_day_counts_from_the_date_in_kolkata(utc, kolkata):
    assert confirmed_on(utc, "Asia/Kolkata") == kolkata
    assert psga_deadline(confirmed_on(utc, "Asia/Kolkata"), 15) == kolkata + timedelta(days=15)


def test_a_new_request_is_due_the_psga_days_after_todays_date_in_the_configured_timezone(small_catalogue):
    before = local_today(small_catalogue.config["DEFAULT_TIMEZONE"])
    request = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, call_sid="CAlocal"))
    after = local_today(small_catalogue.config["DEFAULT_TIMEZONE"])
    assert request.psga_due_on - timedelta(days=15) in (before, after)  # the same date but across midnight


def test_the_days_left_a_caller_hears_count_from_the_given_local_date(small_catalogue):
    request = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, call_sid="CAstatus"))
    request.psga_due_on = date(2025, 3, 17)
    db.session.commit()
    assert status_of(request, date(2025, 3, 2)).days_left == 15
    assert status_of(request, date(2025, 3, 18)).days_left == -1


def test_the_status_line_counts_days_left_from_local_today(small_catalogue, phone):
    request = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, call_sid="CAheard"))
    request.psga_due_on = local_today(small_catalogue.config["DEFAULT_TIMEZONE"]) + timedelta(days=4)
    db.session.commit()
    phone.call()
    phone.walk("1", "2", request.number + "#")
    assert "Days left on the statutory timeline: 4" in phone.heard
