"""The vocabulary of a call: its steps, outcomes and effects, and the plain values the call flow takes and gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

# Steps
LANGUAGE, MAIN_MENU, CATEGORY, SERVICE = "language", "main_menu", "category", "service"
PIN, PIN_CONFIRM, QUOTE, STATUS, CALLBACK, ENDED = "pin", "pin_confirm", "quote", "status", "callback", "ended"
# On the citizen's terms (issue 13): the spoken landmark after the PIN, the visit window after the quote, and a
# request's own status menu (cancel, or pick a new window), each change confirmed.
LANDMARK, WINDOW, CHANGE_MENU, CANCEL_CONFIRM = "landmark", "window", "change_menu", "cancel_confirm"
RESCHEDULE, RESCHEDULE_CONFIRM = "reschedule", "reschedule_confirm"
STEPS = (LANGUAGE, MAIN_MENU, CATEGORY, SERVICE, PIN, PIN_CONFIRM, QUOTE, STATUS, CALLBACK, ENDED,
         LANDMARK, WINDOW, CHANGE_MENU, CANCEL_CONFIRM, RESCHEDULE, RESCHEDULE_CONFIRM)

# What a call achieved (a call ending without one was abandoned)
REQUEST_CREATED, STATUS_HEARD, OPERATOR, CALLBACK_TAKEN = "request_created", "status_heard", "operator", "callback"

# Side effects the caller of the flow performs
CREATE_REQUEST, CREATE_CALLBACK, REMEMBER_LANGUAGE = "create_request", "create_callback", "remember_language"
CANCEL_REQUEST, RESCHEDULE_REQUEST = "cancel_request", "reschedule_request"


@dataclass(frozen=True)
class CallState:
    """Where a call is and what the caller has chosen so far."""

    step: str = LANGUAGE
    language: str | None = None
    page: int = 0
    category: str | None = None
    service_code: str | None = None
    pin: str | None = None
    silences: int = 0
    mistakes: int = 0
    outcome: str | None = None
    quoted_notification_id: int | None = None  # the fee notification read out at the quote: the fee charged
    quoted_total: str | None = None
    window_choice: int | None = None  # the visit window picked (1-4, dispatch.visit_windows) and its naive UTC
    window_start: str | None = None  # start and end (ISO), fixed when picked
    window_end: str | None = None
    change_number: str | None = None  # the request whose status was heard, which the caller may change
    landmark_sid: str | None = None  # the spoken landmark's recording (Twilio's RecordingSid and URL)
    landmark_url: str | None = None

    def as_dict(self) -> dict:
        """The state as JSON-ready values (every field is a plain value: a shallow copy is enough)."""
        return dict(vars(self))

    @classmethod
    def from_dict(cls, values: dict | None) -> CallState:
        """A state back from stored values (unknown keys ignored)."""
        known = {k: v for k, v in (values or {}).items() if k in cls.__dataclass_fields__}
        state = cls(**known)
        return state if state.step in STEPS else cls()


@dataclass(frozen=True)
class Prompt:
    """One thing to say: a catalogue key, its parameters, and a language when it differs from the call's."""

    key: str
    params: dict = field(default_factory=dict)
    language: str | None = None


@dataclass(frozen=True)
class Gather:
    """What to collect next: one key for a menu, or several ended by # for PIN codes and request numbers."""

    finish_on_hash: bool = False


@dataclass(frozen=True)
class Reply:
    """The flow's answer to one step."""

    state: CallState
    prompts: tuple[Prompt, ...] = ()
    gather: Gather | None = None
    connect_operator: bool = False
    hang_up: bool = False
    effect: str | None = None
    record: bool = False  # record what the caller says (<Record>, the spoken landmark) instead of gathering keys


@dataclass(frozen=True)
class Choice:
    """A menu entry: its key and its label in every language."""

    key: str
    label: dict


@dataclass(frozen=True)
class PlaceFound:
    pin: str
    locality: str
    district: str


@dataclass(frozen=True)
class PinProblem:
    pin: str
    kind: str  # malformed | unknown | outside


@dataclass(frozen=True)
class WindowChoice:
    """A visit window the caller may pick: its digit (1-4) and its start and end (naive UTC, ISO)."""

    choice: int
    start: str
    end: str


@dataclass(frozen=True)
class Quote:
    service: dict
    total: str
    service_fee: str
    government_fee: str
    documents: tuple[dict, ...]
    notification_id: int | None = None


@dataclass(frozen=True)
class RequestStatus:
    state: str
    service: dict
    agent: str = ""
    centre: str = ""
    days_left: int | None = None
    stage: str | None = None  # the application's stage after the visit (filed … delivered), once completed
    application: str = ""  # the department's application number
    paused: bool = False  # the PSGA clock waits for the citizen's documents
    number: str = ""  # the request's number
    own: bool = False  # asked from the number that made the request: it may cancel or reschedule it
    window: str = ""  # the visit window on the local clock ("2026-11-26 09:00-13:00 IST"), if one was chosen

    @property
    def changeable(self) -> bool:
        """The caller may cancel or reschedule it: their own request, before the visit starts."""
        return self.own and self.state in ("new", "offered", "assigned", "unassigned")

    @property
    def stage_key(self) -> str | None:
        """After the visit, the prompt of the application's stage at the department (None before, or unknown)."""
        return f"status_stage_{self.stage}" if self.state == "completed" and self.stage else None

    @property
    def clock_runs(self) -> bool:
        """The PSGA clock runs: the request is open, or its application waits for the department's decision."""
        return self.state not in ("completed", "cancelled") or self.stage in ("filed", "under_process")

    @property
    def prompt_params(self) -> dict:
        return {"service": self.service, "agent": self.agent, "centre": self.centre, "application": self.application}


class Lookups(Protocol):
    """What the flow may ask about the world; answered with plain values."""

    def categories(self) -> list[Choice]: ...
    def services(self, category: str) -> list[Choice]: ...
    def place(self, pin: str) -> PlaceFound | PinProblem: ...
    def quote(self, service_code: str) -> Quote | None: ...
    def request_status(self, number: str) -> RequestStatus | None: ...
    def operator_open(self) -> bool: ...
    def caller_known(self) -> bool: ...
    def visit_windows(self) -> list[WindowChoice]: ...
