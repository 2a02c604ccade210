"""Pure decisions: the password policy, hashing, phone normalisation and earnings by period."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from agents.earnings import earnings_by_period
from agents.passwords import hash_password, password_problems, verify_password
from core.phones import to_e164


@pytest.mark.parametrize(("password", "problems"), [
    ("Kashmir-2025", []),
    ("chinar leaves fall slowly", []),
    ("short1", ["too_short"]),
    ("Password12", ["too_short"]),
    ("xyagent07xy99", ["contains_username"]),
    ("pw9419012345ab", ["contains_phone"]),
])
def test_a_password_must_be_twelve_characters_without_username_or_mobile(password, problems):
    assert password_problems(password, "agent07", "+919419012345") == problems


def test_hindi_letters_count_as_letters_in_a_password():
    assert password_problems("डिजीदोस्त12345", "agent07") == []


def test_passwords_are_hashed_with_argon2id_and_verified():
    stored = hash_password("Kashmir-2025")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "Kashmir-2025")
    assert not verify_password(stored, "Kashmir-2026")
    assert not verify_password("not a hash", "Kashmir-2025")


@pytest.mark.parametrize("raw", ["9419012345", "+91 94190 12345", "09419012345"])
def test_indian_mobile_numbers_are_normalised_to_e164(raw):
    assert to_e164(raw) == "+919419012345"


def test_a_string_that_is_not_a_phone_number_normalises_to_none():
    assert to_e164("agent07") is None


def test_earnings_are_grouped_by_local_day_and_month_newest_first():
    completions = [
        (datetime(2025, 3, 31, 19, 0), Decimal("40")),  # 00:30 on 1 April in India
        (datetime(2025, 3, 31, 10, 0), Decimal("40")),
        (datetime(2025, 3, 30, 10, 0), Decimal("25.50")),
    ]
    by_day, by_month = earnings_by_period(completions, "Asia/Kolkata")
    assert [(r.period, r.jobs, r.earned) for r in by_day] == [
        (date(2025, 4, 1), 1, Decimal("40")), (date(2025, 3, 31), 1, Decimal("40")),
        (date(2025, 3, 30), 1, Decimal("25.50")),
    ]
    assert [(r.period, r.jobs, r.earned) for r in by_month] == [
        (date(2025, 4, 1), 1, Decimal("40")), (date(2025, 3, 1), 2, Decimal("65.50")),
    ]


def test_no_completions_means_no_earnings_rows():
    assert earnings_by_period([], "Asia/Kolkata") == ([], [])
