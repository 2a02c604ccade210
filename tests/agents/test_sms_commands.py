"""Issue 13, item 5: the agents' SMS commands read from the text alone (no app, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from agents.sms_commands import (
    Accept,
    BadFormat,
    Decline,
    Done,
    Help,
    Jobs,
    NotForAgents,
    Start,
    command_name,
    read_agent_command,
)
from core.digits import DIGIT_SETS
from dispatch.sms_codes import ALPHABET, is_offer_code, random_offer_code


def in_script(text: str, digit_set: str) -> str:
    return text.translate(str.maketrans("0123456789", DIGIT_SETS[digit_set]))


@pytest.mark.parametrize("body", ["YES K7P3", "yes k7p3", "  Yes   K7P3  ", "हाँ K7P3", "हां k7p3", "ہاں K7P3"])
def test_yes_with_a_code_accepts_in_any_case_spacing_and_language(body):
    assert read_agent_command(body) == Accept("K7P3")


@pytest.mark.parametrize("body", ["NO K7P3", "no k7p3", "नहीं K7P3", "نہیں K7P3"])
def test_no_with_a_code_declines(body):
    assert read_agent_command(body) == Decline("K7P3")


@pytest.mark.parametrize("digit_set", list(DIGIT_SETS))
def test_start_takes_the_code_and_the_citizens_visit_code_in_any_digits(digit_set):
    assert read_agent_command(in_script("START K7P3 4821", digit_set)) == Start("K7P3", "4821")
    assert read_agent_command(in_script("शुरू k7p3 0042", digit_set)) == Start("K7P3", "0042")


@pytest.mark.parametrize("digit_set", list(DIGIT_SETS))
def test_done_takes_the_application_number_and_the_fee_in_any_digits(digit_set):
    assert read_agent_command(in_script("DONE K7P3 JK-REV-2026-0042 80", digit_set)) == \
        Done("K7P3", in_script("JK-REV-2026-0042", "ascii"), Decimal("80"))


@pytest.mark.parametrize("body, fee", [("DONE K7P3 A1 80", "80"), ("done k7p3 A1 Rs 80", "80"),
                                       ("DONE K7P3 A1 Rs.80/-", "80"), ("DONE K7P3 A1 ₹80.50", "80.50"),
                                       ("DONE K7P3 A1 1,000", "1000"), ("مکمل K7P3 A1 0", "0")])
def test_the_fee_may_carry_a_currency_sign_and_separators(body, fee):
    assert read_agent_command(body).fee == Decimal(fee)


def test_words_after_the_fee_are_the_reason_for_another_amount():
    assert read_agent_command("DONE K7P3 A1 100 citizen asked for two copies") == \
        Done("K7P3", "A1", Decimal("100"), "citizen asked for two copies")


@pytest.mark.parametrize("body", ["JOBS", "jobs", "job", "काम", "کام"])
def test_jobs_lists_the_agents_work(body):
    assert read_agent_command(body) == Jobs()


@pytest.mark.parametrize("body", ["HELP", "help", "मदद", "مدد"])
def test_help_asks_for_the_commands(body):
    assert read_agent_command(body) == Help()


@pytest.mark.parametrize("body, command", [
    ("YES", "yes"), ("YES K7P3 now", "yes"), ("YES 4821", "yes"), ("YES K0P3", "yes"), ("YES K7P", "yes"),
    ("NO", "no"), ("START K7P3", "start"), ("START K7P3 482", "start"), ("START K7P3 48211", "start"),
    ("START 4821 K7P3", "start"), ("DONE K7P3", "done"), ("DONE K7P3 A1", "done"), ("DONE K7P3 A1 abc", "done"),
    ("DONE K7P3 A1 Rs", "done"), ("DONE K7P3 A1 -5", "done"), ("DONE K7P3 A1 100001", "done"),
    ("DONE K7P3 A1 80.123", "done"), ("DONE K7P3 " + "A" * 61 + " 80", "done"),
    ("DONE K7P3 A1 100 " + "x" * 301, "done"),
])
def test_a_keyword_with_words_that_do_not_fit_is_a_bad_format_naming_the_command(body, command):
    assert read_agent_command(body) == BadFormat(command)


@pytest.mark.parametrize("body", ["", "   ", None, "1", "3", "STATUS 123456789", "123456789", "PAID 80",
                                  "hello", "YESK7P3"])
def test_text_without_an_agent_keyword_is_not_for_agents(body):
    assert read_agent_command(body) == NotForAgents()


def test_each_command_has_a_short_name_for_its_record():
    assert [command_name(read_agent_command(b)) for b in ("YES K7P3", "NO K7P3", "START K7P3 1234",
                                                            "DONE K7P3 A 1", "JOBS", "HELP", "START", "hi")] == \
        ["yes", "no", "start", "done", "jobs", "help", "bad_start", "unknown"]


def test_offer_codes_are_four_unambiguous_characters_with_a_letter():
    codes = {random_offer_code() for _ in range(2000)}
    assert len(codes) > 1900
    for code in codes:
        assert len(code) == 4 and not set(code) & set("01OI") and set(code) <= set(ALPHABET)
        assert any(c.isalpha() for c in code) and is_offer_code(code)
    assert not is_offer_code("4821") and not is_offer_code("K0P3") and not is_offer_code("k7p3")
