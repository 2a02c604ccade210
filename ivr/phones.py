"""Callers' phone numbers: parsed as Indian numbers and kept in E.164."""

from __future__ import annotations

import phonenumbers

MAX_INPUT = 40  # longer than any phone number with formatting; refuse to parse anything bigger


def e164(raw: str | None) -> str | None:
    """The number in E.164 (+91…), or None when it is withheld, malformed or not a valid number."""
    if not raw or len(raw) > MAX_INPUT:
        return None
    try:
        number = phonenumbers.parse(raw, "IN")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
