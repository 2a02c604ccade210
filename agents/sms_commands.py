"""What an agent's SMS asks for, read from its text alone. Pure: no Flask, no database.

    YES K7P3                              accept the live offer K7P3 (the code in the offer SMS)
    NO K7P3                               decline it
    START K7P3 4821                       start the visit of job K7P3 with the citizen's visit code
    DONE K7P3 JK-REV-12345 80 [reason]    complete it: the department's application number and the fee collected
                                          (a fee other than the notified one needs a reason, as in the console)
    JOBS                                  the agent's live offer and open jobs, with their codes
    HELP                                  the commands

Keywords in any case, in English, Hindi or Urdu (हाँ/ہاں, नहीं/نہیں, शुरू/شروع, पूरा/مکمل, काम/کام, मदद/مدد);
digits in any script (core.digits); extra spaces ignored. A keyword with the wrong words after it is BadFormat (the
answer gives the right format); text with no agent keyword is NotForAgents (it may be a citizen's SMS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from core.digits import ascii_digits
from dispatch.sms_codes import is_offer_code

KEYWORDS = {
    "yes": ("YES", "हाँ", "हां", "ہاں"),
    "no": ("NO", "नहीं", "नही", "نہیں"),
    "start": ("START", "शुरू", "شروع"),
    "done": ("DONE", "पूरा", "مکمل"),
    "jobs": ("JOBS", "JOB", "काम", "کام"),
    "help": ("HELP", "मदद", "مدد"),
}
_KEYWORD_OF = {word.casefold(): name for name, words in KEYWORDS.items() for word in words}
MAX_FEE = Decimal("100000")  # the console's limit (agents.forms.CompleteForm)
MAX_APPLICATION_NUMBER = 60
MAX_REASON = 300
_VISIT_CODE = re.compile(r"^[0-9]{4}$")
_CURRENCY = re.compile(r"^(?:rs\.?|inr|₹|रु\.?|روپے)", re.IGNORECASE)
_FEE = re.compile(r"^([0-9]+(?:\.[0-9]{1,2})?)(?:/-)?$")


@dataclass(frozen=True)
class Accept:
    code: str


@dataclass(frozen=True)
class Decline:
    code: str


@dataclass(frozen=True)
class Start:
    code: str
    visit_code: str


@dataclass(frozen=True)
class Done:
    code: str
    application_number: str
    fee: Decimal
    reason: str = ""


@dataclass(frozen=True)
class Jobs:
    """List the agent's live offer and open jobs."""


@dataclass(frozen=True)
class Help:
    """Say what the commands are."""


@dataclass(frozen=True)
class BadFormat:
    """A known keyword (`command`: yes, no, start, done) with words that do not fit its format."""

    command: str


@dataclass(frozen=True)
class NotForAgents:
    """No agent keyword: maybe a citizen's SMS (a status query, a rating) sent from an agent's phone."""


AgentCommand = Accept | Decline | Start | Done | Jobs | Help | BadFormat | NotForAgents


def command_name(command: AgentCommand) -> str:
    """A short name for the record of a command (yes, no, start, done, jobs, help, bad_yes…, unknown)."""
    names = {Accept: "yes", Decline: "no", Start: "start", Done: "done", Jobs: "jobs", Help: "help"}
    if isinstance(command, BadFormat):
        return f"bad_{command.command}"
    return names.get(type(command), "unknown")


def read_agent_command(body: str | None) -> AgentCommand:
    """What an agent's SMS asks for."""
    words = ascii_digits(body or "").split()
    if not words:
        return NotForAgents()
    keyword = _KEYWORD_OF.get(words[0].casefold().rstrip(":.,"))
    args = words[1:]
    if keyword is None:
        return NotForAgents()
    if keyword in ("jobs", "help"):
        return Jobs() if keyword == "jobs" else Help()
    code = args[0].upper() if args else ""
    if not is_offer_code(code):
        return BadFormat(keyword)
    if keyword in ("yes", "no"):
        if len(args) != 1:
            return BadFormat(keyword)
        return Accept(code) if keyword == "yes" else Decline(code)
    if keyword == "start":
        if len(args) != 2 or not _VISIT_CODE.match(args[1]):
            return BadFormat(keyword)
        return Start(code, args[1])
    return _done(code, args[1:])


def _done(code: str, args: list[str]) -> AgentCommand:
    if len(args) < 2 or len(args[0]) > MAX_APPLICATION_NUMBER:
        return BadFormat("done")
    application, rest = args[0], args[1:]
    fee_text = rest[0]
    if _CURRENCY.fullmatch(fee_text):  # "Rs 80": the amount is the next word
        rest = rest[1:]
        if not rest:
            return BadFormat("done")
        fee_text = rest[0]
    fee = _fee(_CURRENCY.sub("", fee_text, count=1))
    reason = " ".join(rest[1:])
    if fee is None or len(reason) > MAX_REASON:
        return BadFormat("done")
    return Done(code, application, fee, reason)


def _fee(text: str) -> Decimal | None:
    match = _FEE.match(text.replace(",", ""))
    if not match:
        return None
    try:
        fee = Decimal(match.group(1))
    except InvalidOperation:
        return None
    return fee if 0 <= fee <= MAX_FEE else None
