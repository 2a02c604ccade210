"""What an inbound SMS asks for, read from its text alone: a rating, a status query, a fee dispute, or nothing known.

Pure: no Flask, no database. Digits may be written in any of the scripts our callers use (ASCII, Devanagari,
Arabic-Indic, Extended Arabic-Indic as on Urdu keyboards), and the keywords in English, Hindi or Urdu:

    1 | 2 | 3                                   a rating: good, average, bad
    STATUS 123456789 | स्थिति … | صورتحال … | 123456789     a status query
    PAID 80 | paid Rs 80 | भुगतान ८० | ادا ۸۰ | PAID 123456789 80     a fee dispute: "I paid this much"
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.digits import ascii_digits

STATUS_WORDS = ("STATUS", "स्थिति", "صورتحال")
PAID_WORDS = ("PAID", "भुगतान", "ادا")  # documented in the help SMS (ivr/prompts.py SMS "help")
RATINGS = {"1": 1, "2": 2, "3": 3}  # as the receipt SMS asks: 1 good, 2 average, 3 bad
MAX_CLAIM = Decimal("100000")  # no doorstep service costs a lakh: a larger figure is a typo

_CURRENCY = r"(?:rs\.?|inr|₹|rupees?|रु\.?|रुपये|रुपए|روپے|روپیہ|روپئے)"
_STATUS = re.compile(rf"^(?:(?:{'|'.join(STATUS_WORDS)})\s*)?([0-9][0-9 \-]{{3,20}})$", re.IGNORECASE)
_PAID = re.compile(
    rf"^(?:{'|'.join(PAID_WORDS)})(?![^\W\d_])[\s:.\-]*"
    r"(?:(?P<number>[0-9]{3}[ \-]?[0-9]{3}[ \-]?[0-9]{3})[\s,:\-]+)?"
    rf"(?:{_CURRENCY}\s*)?(?P<amount>[0-9][0-9,]*(?:\.[0-9]{{1,2}})?)\s*(?:/-)?\s*(?:{_CURRENCY})?\.?$",
    re.IGNORECASE)
_PAID_ANYTHING = re.compile(rf"^(?:{'|'.join(PAID_WORDS)})(?![^\W\d_])", re.IGNORECASE)


@dataclass(frozen=True)
class Rate:
    """A rating of the latest service asked about: 1 good, 2 average, 3 bad."""

    score: int


@dataclass(frozen=True)
class AskStatus:
    """A status query for a request number (digits as typed, spaces and dashes removed)."""

    number: str


@dataclass(frozen=True)
class ClaimPaid:
    """A fee dispute: the citizen says they paid `amount`, for request `number` or (None) their latest."""

    amount: Decimal
    number: str | None = None


@dataclass(frozen=True)
class PaidUnreadable:
    """The PAID keyword with no amount we can read: answered with how to write it."""


@dataclass(frozen=True)
class Unknown:
    """Anything else: answered with the help SMS (at most once in a while)."""


Command = Rate | AskStatus | ClaimPaid | PaidUnreadable | Unknown


def read_command(body: str | None) -> Command:
    """What an inbound SMS asks for."""
    text = " ".join(ascii_digits(body or "").split())
    if (change := read_change_command(text)) is not None:  # CANCEL / RESCHEDULE (issue 13)
        return change
    if text in RATINGS:
        return Rate(RATINGS[text])
    if match := _PAID.match(text):
        amount = _amount(match.group("amount"))
        if amount is None:
            return PaidUnreadable()
        number = match.group("number")
        return ClaimPaid(amount, re.sub(r"[ \-]", "", number) if number else None)
    if _PAID_ANYTHING.match(text):
        return PaidUnreadable()
    if match := _STATUS.match(text):
        return AskStatus(re.sub(r"[ \-]", "", match.group(1)))
    return Unknown()


def _amount(raw: str) -> Decimal | None:
    try:
        amount = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    return amount if 0 < amount < MAX_CLAIM else None


# ---- cancel and reschedule (issue 13, item 3) ----------------------------------------------------------------
#     CANCEL 123456789 | रद्द १२३४५६७८९ | منسوخ ۱۲۳۴۵۶۷۸۹          cancel one's own request
#     RESCHEDULE 123456789 [1-4] | समय … | وقت …              the window choices, or move the visit to window 1-4

CANCEL_WORDS = ("CANCEL", "रद्द", "منسوخ")
RESCHEDULE_WORDS = ("RESCHEDULE", "समय", "وقت")
_NUMBER = r"(?P<number>[0-9]{3}[ \-]?[0-9]{3}[ \-]?[0-9]{1,6})"
_CANCEL = re.compile(rf"^(?:{'|'.join(CANCEL_WORDS)})(?![^\W\d_])[\s:.\-]*{_NUMBER}\.?$", re.IGNORECASE)
_RESCHEDULE = re.compile(rf"^(?:{'|'.join(RESCHEDULE_WORDS)})(?![^\W\d_])[\s:.\-]*{_NUMBER}"
                         r"(?:[\s,:\-]+(?P<choice>[0-9]))?\.?$", re.IGNORECASE)
_CHANGE_ANYTHING = re.compile(rf"^(?:{'|'.join(CANCEL_WORDS + RESCHEDULE_WORDS)})(?![^\W\d_])", re.IGNORECASE)


@dataclass(frozen=True)
class CancelRequest:
    """Cancel request `number` (only the number that made it may)."""

    number: str


@dataclass(frozen=True)
class RescheduleRequest:
    """Move request `number`'s visit to window `choice` (1-4); None: tell the choices."""

    number: str
    choice: int | None = None


@dataclass(frozen=True)
class ChangeUnreadable:
    """CANCEL or RESCHEDULE with no request number we can read: answered with how to write it."""


def read_change_command(text: str) -> CancelRequest | RescheduleRequest | ChangeUnreadable | None:
    """A cancel or reschedule in an SMS whose digits are already ASCII and spaces single; None if it is neither."""
    if match := _CANCEL.match(text):
        return CancelRequest(re.sub(r"[ \-]", "", match.group("number")))
    if match := _RESCHEDULE.match(text):
        choice = match.group("choice")
        return RescheduleRequest(re.sub(r"[ \-]", "", match.group("number")), int(choice) if choice else None)
    if _CHANGE_ANYTHING.match(text):
        return ChangeUnreadable()
    return None
