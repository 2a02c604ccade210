"""The approval rating as J&K's Rapid Assessment System reports it: the share of good among all ratings (pure)."""

from __future__ import annotations

from datetime import date

import pytest

from supervisors.ras import Tally, approval_percent, period_label, tally, tally_by


@pytest.mark.parametrize("good, total, percent", [(86, 100, 86), (2, 3, 67), (1, 3, 33), (1, 8, 13), (173, 200, 87),
                                                  (0, 5, 0), (5, 5, 100), (0, 0, None)])
def test_the_approval_is_good_over_all_ratings_in_whole_percent_rounded_half_up(good, total, percent):
    assert approval_percent(good, total) == percent


def test_average_and_bad_ratings_both_count_against_the_approval():
    assert tally([1, 1, 2, 3]).approval == 50
    assert tally([1, 2, 2, 2]).approval == 25
    assert tally([1, 3, 3, 3]).approval == 25


def test_a_tally_counts_each_score_and_ignores_anything_else():
    found = tally([1, 2, 3, 3, 7, 0])
    assert (found.good, found.average, found.bad, found.total) == (1, 1, 2, 4)
    assert Tally().approval is None and Tally().add(3, 4) == Tally(bad=4)


def test_ratings_are_tallied_per_agent_service_district_or_period():
    by = tally_by([("Shafi", 1), ("Shafi", 3), ("Yousuf", 2), ("Shafi", 1)])
    assert {key: t.approval for key, t in by.items()} == {"Shafi": 67, "Yousuf": 0}


@pytest.mark.parametrize("day, period, label", [(date(2026, 11, 25), "month", "2026-11"),
                                                (date(2026, 1, 1), "week", "2026-W01"),
                                                (date(2027, 1, 1), "week", "2026-W53"),
                                                (date(2026, 12, 31), "month", "2026-12")])
def test_a_day_falls_in_its_month_or_iso_week(day, period, label):
    assert period_label(day, period) == label


def test_an_unknown_period_is_refused():
    with pytest.raises(ValueError):
        period_label(date(2026, 1, 1), "fortnight")
