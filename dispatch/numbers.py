"""Request numbers: 8 random digits and a Verhoeff check digit, so a mistyped number is caught before lookup."""

from __future__ import annotations

import secrets

from stdnum import verhoeff

NUMBER_LENGTH = 9


def new_request_number() -> str:
    """A fresh 9-digit request number (never starting with 0) whose last digit is a Verhoeff check."""
    body = str(secrets.randbelow(90_000_000) + 10_000_000)
    return body + verhoeff.calc_check_digit(body)


def is_well_formed_request_number(number: str) -> bool:
    """Nine digits whose Verhoeff check holds."""
    return len(number) == NUMBER_LENGTH and number.isdigit() and verhoeff.is_valid(number)


def request_number_problem(number: str) -> str | None:
    """Why a keyed or texted request number cannot be one: "digits" (something other than digits), "length" (not
    9 digits), "check" (9 digits whose Verhoeff check digit does not match); None when it is well formed."""
    if not (number.isascii() and number.isdigit()):
        return "digits"
    if len(number) != NUMBER_LENGTH:
        return "length"
    return None if verhoeff.is_valid(number) else "check"
