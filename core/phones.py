"""Phone numbers in one form: E.164, parsed with Google's libphonenumber."""

from __future__ import annotations

import phonenumbers


def to_e164(raw: str, region: str = "IN") -> str | None:
    """The number in E.164 (+91…), or None when raw is not a valid phone number."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
