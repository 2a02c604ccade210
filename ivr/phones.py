"""Callers' phone numbers: parsed as Indian numbers and kept in E.164."""

from __future__ import annotations

import re
import secrets

from core.phones import to_e164

MAX_INPUT = 40  # longer than any phone number with formatting; refuse to parse anything bigger

# The phone simulator's callers: +91 0 followed by nine digits. An Indian national number never begins with 0
# (0 is the trunk prefix dialled before a national number), so no real subscriber has, or can be given, one of
# these; Twilio can never deliver a real call or SMS from one, and nothing sent to one reaches a real person.
SIMULATED_PREFIX = "+910"
_SIMULATED = re.compile(r"^\+910[0-9]{9}$")


def simulated_number() -> str:
    """A fresh caller number from the simulator's fictitious range (+91 0xxxxxxxxx)."""
    return f"{SIMULATED_PREFIX}{secrets.randbelow(10**9):09d}"


def is_simulated(number: str | None) -> bool:
    """Whether a number is one of the simulator's fictitious callers."""
    return bool(number and _SIMULATED.match(number))


def e164(raw: str | None) -> str | None:
    """The number in E.164 (+91…), or None when it is withheld, malformed or not a valid number."""
    if not raw or len(raw) > MAX_INPUT:
        return None
    if is_simulated(raw):
        return raw
    return to_e164(raw)
