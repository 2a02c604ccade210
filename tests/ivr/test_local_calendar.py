"""Statutory days count on the calendar of Jammu & Kashmir (Asia/Kolkata), not on UTC's."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from core.clock import local_today
from core.extensions import db
from dispatch.holidays import calendar_for
from dispatch.requests import NewRequest, confirmed_on, create_request
from dispatch.timelines import add_working_days, psga_deadline, working_days_between
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
    assert psga_deadline(confirmed_on(utc, "Asia/Kolkata"), 15) == add_working_days(kolkata, 15)


def test_a_new_request_is_due_the_psga_days_after_todays_date_in_the_configured_timezone(small_catalogue):
    before = local_today(small_catalogue.config["DEFAULT_TIMEZONE"])
    request = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, call_sid="CAlocal"))
    after = local_today(small_catalogue.config["DEFAULT_TIMEZONE"])
    calendar = calendar_for(request.district)  # working days (issue 12): weekends and holidays do not count
    assert 15 in (working_days_between(before, request.psga_due_on, calendar),
                  working_days_between(after, request.psga_due_on, calendar))  # the same date but across midnight


def test_the_days_left_a_caller_hears_count_from_the_given_local_date(small_catalogue):
    request = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, call_sid="CAstatus"))
    request.psga_due_on = date(2025, 3, 17)
    db.session.commit()
    assert status_of(request, date(2025, 3, 2)).days_left == 12  # working days: 8 March (2nd Saturday), Sundays off
    assert status_of(request, date(2025, 3, 18)).days_left == -1


def test_the_status_line_counts_days_left_from_local_today(small_catalogue, phone):
    request = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, call_sid="CAheard"))
    request.psga_due_on = add_working_days(local_today(small_catalogue.config["DEFAULT_TIMEZONE"]), 4,
                                           calendar_for(request.district))
    db.session.commit()
    phone.call()
    phone.walk("1", "2", request.number + "#")
    assert "Working days left on the statutory timeline: 4" in phone.heard
