"""The short code an agent types to answer an offer by SMS (YES K7P3) and to act on the job it became.

Four characters from an alphabet without the look-alikes 0/O and 1/I, at least one a letter (so it never reads as
the citizen's 4-digit visit code). Pure: no Flask, no database (dispatch.offer_codes keeps them unique per agent).
"""

from __future__ import annotations

import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0, O, 1, I
LETTERS = frozenset("ABCDEFGHJKLMNPQRSTUVWXYZ")
CODE_LENGTH = 4


def random_offer_code() -> str:
    """A random code with at least one letter."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if LETTERS.intersection(code):
            return code


def is_offer_code(text: str) -> bool:
    """Whether the text (upper case) could be an offer code."""
    return len(text) == CODE_LENGTH and set(text) <= set(ALPHABET) and bool(LETTERS.intersection(text))
