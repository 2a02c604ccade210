"""Digits in every script our callers and agents type, read as ASCII. Pure: no Flask, no database.

A door's SMS parser (ivr.sms_commands for citizens, agents.sms_commands for agents) reads numbers through this.
"""

from __future__ import annotations

# Every digit set callers type, mapped to ASCII.
DIGIT_SETS = {"ascii": "0123456789", "devanagari": "०१२३४५६७८९", "arabic_indic": "٠١٢٣٤٥٦٧٨٩",
              "extended_arabic_indic": "۰۱۲۳۴۵۶۷۸۹"}
_TO_ASCII = str.maketrans({digit: str(value) for digits in DIGIT_SETS.values()
                           for value, digit in enumerate(digits)} | {"٫": ".", "٬": ",", "،": ","})


def ascii_digits(text: str) -> str:
    """The text with every digit in ASCII (Devanagari, Arabic-Indic and Extended Arabic-Indic digits converted)."""
    return text.translate(_TO_ASCII)
