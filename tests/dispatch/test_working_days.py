"""Working-day arithmetic of PSGA timelines: weekends (a setting), holidays, month and year ends (pure)."""

from datetime import date

import pytest

from dispatch.timelines import (
    JK_WEEKEND,
    SUNDAYS_ONLY,
    WeekendError,
    WorkCalendar,
    add_working_days,
    days_left,
    is_at_risk,
    is_breached,
    parse_weekend,
    psga_deadline,
    working_days_between,
)

# 2026: 1 Jan is a Thursday; 26 Jan (Republic Day) a Monday; 14 Mar the 2nd Saturday of March.
REPUBLIC_DAY = date(2026, 1, 26)


def test_zero_working_days_after_a_date_is_that_date():
    assert add_working_days(date(2026, 3, 4), 0) == date(2026, 3, 4)


def test_the_start_day_is_not_counted_and_sundays_are_skipped():
    # Fri 6 Mar + 1 = Sat 7 Mar; + 2 skips Sun 8 Mar to Mon 9 Mar.
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 7)
    assert add_working_days(date(2026, 3, 6), 2) == date(2026, 3, 9)


def test_a_holiday_is_skipped_like_a_sunday():
    # Sat 24 Jan + 1: Sun 25 off, Mon 26 holiday → Tue 27.
    assert add_working_days(date(2026, 1, 24), 1, {REPUBLIC_DAY}) == date(2026, 1, 27)
    assert add_working_days(date(2026, 1, 24), 1) == date(2026, 1, 26)


def test_the_jk_weekend_skips_the_second_and_fourth_saturdays_but_not_the_first_third_or_fifth():
    assert JK_WEEKEND.is_off(date(2026, 3, 14)) and JK_WEEKEND.is_off(date(2026, 3, 28))  # 2nd and 4th
    assert not JK_WEEKEND.is_off(date(2026, 3, 7)) and not JK_WEEKEND.is_off(date(2026, 3, 21))  # 1st, 3rd
    assert not JK_WEEKEND.is_off(date(2026, 5, 30))  # 5th Saturday of May
    assert JK_WEEKEND.is_off(date(2026, 3, 15))  # Sunday
    # Fri 13 Mar + 1 = Mon 16 Mar (2nd Saturday and Sunday off).
    assert add_working_days(date(2026, 3, 13), 1, weekend=JK_WEEKEND) == date(2026, 3, 16)


def test_counting_across_a_month_end():
    # Thu 29 Jan + 3: Fri 30, Sat 31 (5th Saturday: working), Sun 1 Feb off, Mon 2 Feb.
    assert add_working_days(date(2026, 1, 29), 3, weekend=JK_WEEKEND) == date(2026, 2, 2)
    # Feb 2026 ends on a Saturday (the 4th): Fri 27 Feb + 1 → Mon 2 Mar.
    assert add_working_days(date(2026, 2, 27), 1, weekend=JK_WEEKEND) == date(2026, 3, 2)


def test_counting_across_a_year_end_with_holidays_on_both_sides():
    holidays = {date(2026, 12, 25), date(2027, 1, 1)}
    # Thu 24 Dec 2026 + 3: Fri 25 holiday, Sat 26 (4th Saturday) off, Sun 27 off, Mon 28, Tue 29, Wed 30.
    assert add_working_days(date(2026, 12, 24), 3, holidays, JK_WEEKEND) == date(2026, 12, 30)
    # + 5: Thu 31, Fri 1 Jan holiday, Sat 2 Jan (1st Saturday) working.
    assert add_working_days(date(2026, 12, 24), 5, holidays, JK_WEEKEND) == date(2027, 1, 2)


def test_working_days_between_counts_after_start_up_to_and_including_end():
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 2  # Sat 7, Mon 9
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 6)) == -2
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 6)) == 0


def test_working_days_between_undoes_add_working_days():
    calendar = WorkCalendar(frozenset({REPUBLIC_DAY, date(2026, 3, 4)}), JK_WEEKEND)
    for n in (1, 5, 15, 30, 60):
        start = date(2026, 1, 20)
        assert working_days_between(start, add_working_days(start, n, calendar), calendar) == n


def test_a_paused_clock_moves_the_deadline_by_the_paused_working_days():
    calendar = WorkCalendar(frozenset(), JK_WEEKEND)
    plain = psga_deadline(date(2026, 3, 2), 7, calendar)
    assert plain == date(2026, 3, 10)  # Mon 2 + 7: 3,4,5,6,7(1st Sat),9,10
    assert psga_deadline(date(2026, 3, 2), 7, calendar, paused_days=3) == add_working_days(plain, 3, calendar)


def test_days_left_counts_working_days_and_goes_negative_the_day_after_the_deadline():
    calendar = WorkCalendar(frozenset(), JK_WEEKEND)
    deadline = date(2026, 3, 13)  # a Friday before the 2nd Saturday
    assert days_left(deadline, date(2026, 3, 11), calendar) == 2
    assert days_left(deadline, deadline, calendar) == 0 and not is_breached(deadline, deadline)
    # The next day is a weekend day, but the deadline has passed all the same.
    assert days_left(deadline, date(2026, 3, 14), calendar) == -1 and is_breached(deadline, date(2026, 3, 14))
    assert days_left(deadline, date(2026, 3, 17), calendar) == -2
    assert days_left(deadline, date(2026, 3, 11)) == 2  # calendar days without a calendar


def test_at_risk_means_open_with_few_working_days_left():
    calendar = WorkCalendar(frozenset(), SUNDAYS_ONLY)
    deadline = date(2026, 3, 13)
    assert is_at_risk(deadline, date(2026, 3, 11), calendar, 2)
    assert not is_at_risk(deadline, date(2026, 3, 9), calendar, 2)
    assert not is_at_risk(deadline, date(2026, 3, 14), calendar, 2)  # breached, not at risk


def test_the_weekend_setting_is_read_and_bad_parts_are_named():
    assert parse_weekend("sun,2sat,4sat") == JK_WEEKEND
    assert parse_weekend("sat, sun").is_off(date(2026, 3, 7))
    with pytest.raises(WeekendError, match="'sunday'"):
        parse_weekend("sunday")
    with pytest.raises(WeekendError, match="every day"):
        parse_weekend("mon,tue,wed,thu,fri,sat,sun")


def test_a_calendar_without_working_days_fails_instead_of_looping():
    everything_off = WorkCalendar(frozenset(), parse_weekend("mon,tue,wed,thu,fri,sun,1sat,2sat,3sat,4sat,5sat"))
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 1), 1, everything_off)
