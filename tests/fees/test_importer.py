"""Validating notification files (pure): every refusal names the row and the field."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from fees.importer import StoredWindow, parse_instant, plan_notification
from fees.tables import ImportRefused, read_table

IST = ZoneInfo("Asia/Kolkata")
NOW = datetime(2026, 3, 10, 6, 0)  # naive UTC
KNOWN = {"domicile", "birth_cert", "fard"}
IN_FORCE = StoredWindow(1, "SAMPLE-1", datetime(2025, 12, 31, 18, 30), None)

HEADER = """# number: IT/2026/7
# issued_on: 05-03-2026
# issued_by: Department of Information Technology
# effective_from: 2026-04-01
"""
COLUMNS = "service_code,government_fee,service_fee,agent_share,government_share\n"


def plan(text: str, stored=(IN_FORCE,), filename="notification.csv", overrides=None, active=()):
    table = read_table(text, filename, list_key="fees")
    return plan_notification(table, overrides or {}, KNOWN, list(stored), NOW, IST, active)


def refusal(text: str, **kwargs) -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        plan(text, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_a_valid_file_becomes_a_plan_that_closes_the_open_window_in_force():
    result = plan(HEADER + COLUMNS + "domicile,0,50,40,10\nfard,10,50,40,10\n")
    assert result.header.number == "IT/2026/7"
    assert result.header.effective_from == datetime(2026, 3, 31, 18, 30)  # midnight in Srinagar, in UTC
    assert [f.service_code for f in result.fees] == ["domicile", "fard"]
    assert result.fees[1].government_fee == Decimal("10.00")
    assert result.closes == IN_FORCE


def test_an_unknown_service_is_refused_with_its_line_and_field():
    assert refusal(HEADER + COLUMNS + "domicile,0,50,40,10\npassport,0,50,40,10\n") == [
        "line 7, service_code: unknown service 'passport'"]


def test_a_negative_fee_is_refused():
    assert refusal(HEADER + COLUMNS + "domicile,-5,50,40,10\n") == [
        "line 6, government_fee: must not be negative (got -5)"]


@pytest.mark.parametrize("value", ["fifty", "NaN", "5O"])
def test_a_fee_that_is_not_a_number_is_refused(value):
    assert refusal(HEADER + COLUMNS + f"domicile,0,{value},40,10\n") == [
        f"line 6, service_fee: not a number: '{value}'"]


def test_a_split_that_does_not_add_up_to_the_service_fee_is_refused():
    assert refusal(HEADER + COLUMNS + "domicile,0,50,45,10\n") == [
        "line 6, agent_share: agent_share 45.00 + government_share 10.00 must equal service_fee 50.00"]


def test_every_faulty_row_is_listed_not_only_the_first():
    problems = refusal(HEADER + COLUMNS + "nope,0,50,40,10\ndomicile,0,50,40,10\nfard,x,50,40,10\n")
    assert [p.split(",")[0] for p in problems] == ["line 6", "line 8"]


def test_a_window_starting_before_the_one_in_force_started_is_refused():
    text = HEADER.replace("2026-04-01", "2025-12-01") + COLUMNS + "domicile,0,50,40,10\n"
    problems = refusal(text)
    assert any("effective_from" in p and "overlaps notification SAMPLE-1" in p for p in problems)


def test_a_window_starting_in_the_past_is_refused_once_any_notification_exists():
    text = HEADER.replace("2026-04-01", "2026-03-01") + COLUMNS + "domicile,0,50,40,10\n"
    assert refusal(text) == [
        "header, effective_from: 2026-03-01T00:00+05:30 is in the past; a notification may only take effect "
        "from now on"]


def test_the_very_first_notification_may_start_in_the_past_because_nothing_was_priced_yet():
    text = HEADER.replace("2026-04-01", "2026-01-01") + COLUMNS + "domicile,0,50,40,10\n"
    assert plan(text, stored=()).closes is None


def test_a_window_overlapping_a_closed_future_notification_is_refused():
    closed = replace(IN_FORCE, effective_to=datetime(2026, 6, 30, 18, 30))
    problems = refusal(HEADER + COLUMNS + "domicile,0,50,40,10\n", stored=[closed])
    assert problems == ["header, effective_from: overlaps notification SAMPLE-1, in force until 2026-07-01T00:00+05:30"]


def test_a_window_starting_when_a_closed_notification_ends_closes_nothing():
    closed = replace(IN_FORCE, effective_to=datetime(2026, 3, 31, 18, 30))  # 2026-04-01 00:00 in Srinagar
    assert plan(HEADER + COLUMNS + "domicile,0,50,40,10\n", stored=[closed]).closes is None


def test_a_window_leaving_a_gap_after_a_closed_notification_is_refused():
    closed = replace(IN_FORCE, effective_to=datetime(2026, 3, 20))
    assert refusal(HEADER + COLUMNS + "domicile,0,50,40,10\n", stored=[closed]) == [
        "header, effective_from: leaves no fee in force after notification SAMPLE-1 ends at "
        "2026-03-20T05:30+05:30; start it then"]


def test_a_number_already_imported_is_refused():
    assert refusal(HEADER + COLUMNS + "domicile,0,50,40,10\n", stored=[replace(IN_FORCE, number="IT/2026/7")]) == [
        "header, number: notification 'IT/2026/7' is already imported"]


def test_missing_columns_are_each_named():
    problems = refusal(HEADER + "service_code,service_fee\ndomicile,50\n")
    assert problems == ["header, government_fee: this column is missing", "header, agent_share: this column is missing",
                        "header, government_share: this column is missing"]


def test_an_empty_file_is_refused():
    assert refusal("  \n") == ["file: the file is empty"]


def test_a_file_with_columns_but_no_rows_is_refused():
    assert refusal(HEADER + COLUMNS) == ["file: the file has no fee rows"]


def test_missing_header_fields_are_named_and_may_be_given_as_options():
    problems = refusal(COLUMNS + "domicile,0,50,40,10\n")
    assert problems == [f"header, {key}: missing (give it in the file's header block or as an option)"
                        for key in ("number", "issued_on", "issued_by", "effective_from")]
    options = {"number": "IT/2026/8", "issued_on": "2026-03-05", "issued_by": "IT Department",
               "effective_from": "2026-04-01"}
    assert plan(COLUMNS + "domicile,0,50,40,10\n", overrides=options).header.number == "IT/2026/8"


def test_an_end_before_the_start_is_refused():
    problems = refusal(HEADER + "# effective_to: 2026-03-31\n" + COLUMNS + "domicile,0,50,40,10\n")
    assert problems == ["header, effective_to: must be after effective_from"]


def test_a_duplicated_service_is_refused():
    assert refusal(HEADER + COLUMNS + "domicile,0,50,40,10\ndomicile,0,50,40,10\n") == [
        "line 7, service_code: 'domicile' is already listed at line 6"]


def test_active_services_without_a_fee_are_reported_as_a_warning():
    result = plan(HEADER + COLUMNS + "domicile,0,50,40,10\n", active={"domicile", "birth_cert"})
    assert result.uncovered == ("birth_cert",)


def test_a_yaml_notification_is_read_like_a_csv_one_with_entries_numbered():
    text = """
number: IT/2026/9
issued_on: 2026-03-05
issued_by: Department of Information Technology
effective_from: 2026-04-01
fees:
  - {service_code: domicile, government_fee: 0, service_fee: 50, agent_share: 40, government_share: 10}
  - {service_code: fard, government_fee: 0, service_fee: 50, agent_share: 30, government_share: 10}
"""
    assert refusal(text, filename="n.yaml") == [
        "entry 2, agent_share: agent_share 30.00 + government_share 10.00 must equal service_fee 50.00"]


def test_an_instant_with_an_offset_keeps_it_and_one_without_is_local_time():
    assert parse_instant("2026-04-01T00:00+05:30", IST) == datetime(2026, 3, 31, 18, 30)
    assert parse_instant("2026-04-01T10:00+00:00", IST) == datetime(2026, 4, 1, 10, 0)
    assert parse_instant("01-04-2026", IST) == datetime(2026, 3, 31, 18, 30)
