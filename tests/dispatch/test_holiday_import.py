"""The holiday calendar's CSV: every bad line named by line and column, nothing half-read; an import replaces
its years' holidays; a district's calendar holds the UT-wide holidays and its own."""

from __future__ import annotations

from datetime import date

import pytest

from core.extensions import db
from dispatch.holidays import HolidayImportError, calendar_for, import_holidays, parse_holidays
from dispatch.models import Holiday

DISTRICTS = frozenset({"Srinagar", "Jammu"})


def test_a_good_file_is_read_with_ut_wide_and_district_holidays():
    rows = parse_holidays("\ufeffdate,name,district\n2026-01-26,Republic Day,\n2026-09-05,Local,srinagar\n",
                          DISTRICTS)
    assert [(r.day, r.district) for r in rows] == [(date(2026, 1, 26), None), (date(2026, 9, 5), "Srinagar")]


def test_every_bad_line_is_named_with_its_column():
    with pytest.raises(HolidayImportError) as refused:
        parse_holidays("date,name,district\n26/01/2026,Republic Day,\n2026-03-04,,\n2026-03-05,X,Atlantis\n"
                       "2026-01-01,New Year,\n2026-01-01,Again,\n", DISTRICTS)
    assert refused.value.errors == [
        "line 2, column date: '26/01/2026' is not a date written YYYY-MM-DD",
        "line 3, column name: the holiday's name is missing",
        "line 4, column district: 'Atlantis' is not a district of the served state (leave it empty for a "
        "UT-wide holiday)",
        "line 6: 2026-01-01 is already listed on line 5 for the whole UT",
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("", "the file is empty"),
    ("day,name\n2026-01-01,x\n", "lacks the column date"),
    ("date,name,colour\n", "unknown column 'colour'"),
    ("date,name,district\n", "no holidays"),
])
def test_a_file_that_is_not_a_holiday_calendar_is_refused(text, message):
    with pytest.raises(HolidayImportError, match=message):
        parse_holidays(text, DISTRICTS)


def test_an_import_replaces_the_years_holidays_and_calendars_follow(app):
    db.session.add(Holiday(day=date(2026, 2, 2), name="old", district=None, year=2026))
    db.session.add(Holiday(day=date(2025, 2, 2), name="other year", district=None, year=2025))
    db.session.commit()
    assert import_holidays("date,name,district\n2026-01-26,Republic Day,\n2026-09-05,Local,Srinagar\n") == {2026: 2}
    db.session.commit()
    assert date(2026, 2, 2) not in calendar_for("Srinagar").holidays, "the year's old holidays are replaced"
    assert date(2025, 2, 2) in calendar_for("Srinagar").holidays, "other years stay"
    assert date(2026, 9, 5) in calendar_for("Srinagar").holidays
    assert date(2026, 9, 5) not in calendar_for("Jammu").holidays
