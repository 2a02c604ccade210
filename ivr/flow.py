"""The call flow as a pure state machine: a step, the digits keyed and what the caller may be told come in;
the next step, the prompts to speak and what to gather go out. No Flask, no database."""

from __future__ import annotations

import re
from dataclasses import replace

from core.languages import LANGUAGE_DIGITS  # the language menu: 1 English … 4 Kashmiri, 5 Dogri
from ivr.calls import (  # noqa: F401  (the data types stay importable as flow.X for callers)
    CALLBACK,
    CALLBACK_TAKEN,
    CATEGORY,
    CREATE_CALLBACK,
    CREATE_REQUEST,
    ENDED,
    LANGUAGE,
    MAIN_MENU,
    OPERATOR,
    PIN,
    PIN_CONFIRM,
    QUOTE,
    REMEMBER_LANGUAGE,
    REQUEST_CREATED,
    SERVICE,
    STATUS,
    STATUS_HEARD,
    STEPS,
    CallState,
    Choice,
    Gather,
    Lookups,
    PinProblem,
    PlaceFound,
    Prompt,
    Quote,
    Reply,
    RequestStatus,
)
from ivr.hours import operator_hours_open  # noqa: F401  (flow.operator_hours_open for its callers)
from ivr.prompts import number_problem

PAGE_SIZE = 8  # options 1-8; 9 is "more", * is "back", 0 is the operator
MAX_SILENCES = 2  # re-prompts before the operator is offered
MAX_MISTAKES = 3  # wrong entries in a row before the operator is offered
_KEYS = re.compile(r"^[0-9*#]*$")


# ---- entry points -------------------------------------------------------------------------------------------

def start(preferred_language: str | None, restarted: bool = False) -> Reply:
    """The first answer of a call, welcome first: the main menu in a remembered language, else the language menu."""
    opening = (Prompt("restart", language=preferred_language or "en"),) if restarted else ()
    if preferred_language in LANGUAGE_DIGITS.values():
        state = CallState(step=MAIN_MENU, language=preferred_language)
        return _ask(state, opening + (Prompt("welcome"),), None)
    prompts, gather = question(CallState(), None)
    welcomed = tuple(said for option in prompts for said in (Prompt("welcome", language=option.language), option))
    return Reply(CallState(), opening + welcomed, gather)


def advance(state: CallState, digits: str | None, lookups: Lookups) -> Reply:
    """The answer to the digits keyed at the current step."""
    keys = (digits or "").strip().rstrip("#")
    if not _KEYS.match(keys):
        return _mistake(state, lookups)
    if state.step == citizen_flow.LANDMARK:  # no recording came (silence, or # at once): the landmark is skipped
        return citizen_flow.landmark_recorded(state, None, None, lookups)
    if keys == "":
        return _silence(state, lookups)
    if state.step == ENDED:
        return Reply(state, (Prompt("goodbye"),), hang_up=True)
    if keys == "0" and state.step not in (CALLBACK,):
        return to_operator(state, lookups)
    handler = _HANDLERS[state.step]
    return handler(replace(state, silences=0), keys, lookups)


def request_registered(state: CallState, number: str) -> Reply:
    """After the request is committed: its number twice, digit by digit, then goodbye."""
    digits = tuple(Prompt(f"digit_{d}") for d in number)
    prompts = (Prompt("registered"), *digits, Prompt("repeat_number"), *digits, Prompt("sms_follows"),
               Prompt("goodbye"))
    return Reply(replace(state, step=ENDED, outcome=REQUEST_CREATED), prompts, hang_up=True)


def to_operator(state: CallState, lookups: Lookups, opening: tuple[Prompt, ...] = ()) -> Reply:
    """Connect to an operator when one is on duty, else offer a call-back."""
    state = replace(state, silences=0, mistakes=0)
    if lookups.operator_open():
        return Reply(replace(state, outcome=state.outcome or OPERATOR), opening + (Prompt("connecting"),),
                     connect_operator=True)
    return _offer_callback(state, lookups, opening + (Prompt("operator_closed"),))


def operator_missed(state: CallState, lookups: Lookups) -> Reply:
    """The operator did not answer: offer a call-back."""
    return _offer_callback(state, lookups, (Prompt("operator_missed"),))


def apology(state: CallState, lookups: Lookups) -> Reply:
    """Something failed on our side: apologise and offer the operator."""
    return to_operator(state, lookups, (Prompt("error"),))


# ---- steps --------------------------------------------------------------------------------------------------

def _language(state: CallState, keys: str, lookups: Lookups) -> Reply:
    if keys not in LANGUAGE_DIGITS:
        return _mistake(state, lookups)
    chosen = replace(state, step=MAIN_MENU, language=LANGUAGE_DIGITS[keys], mistakes=0)
    return _ask(chosen, (), lookups, effect=REMEMBER_LANGUAGE)


def _main_menu(state: CallState, keys: str, lookups: Lookups) -> Reply:
    if keys == "1":
        if not lookups.caller_known():
            return to_operator(state, lookups, (Prompt("no_caller_id"),))
        return _ask(replace(state, step=CATEGORY, page=0, mistakes=0), (), lookups)
    if keys == "2":
        return _ask(replace(state, step=STATUS, mistakes=0), (), lookups)
    if keys == "*":
        return _ask(replace(state, step=LANGUAGE, mistakes=0), (), lookups)
    return _mistake(state, lookups)


def _category(state: CallState, keys: str, lookups: Lookups) -> Reply:
    choices = lookups.categories()
    picked = _pick(state, keys, choices)
    if picked == "back":
        return _page_back(state, lookups, MAIN_MENU)
    if picked == "more":
        return _ask(replace(state, page=state.page + 1, mistakes=0), (), lookups)
    if picked is None:
        return _mistake(state, lookups)
    return _ask(replace(state, step=SERVICE, category=picked.key, page=0, mistakes=0), (), lookups)


def _service(state: CallState, keys: str, lookups: Lookups) -> Reply:
    choices = lookups.services(state.category or "")
    picked = _pick(state, keys, choices)
    if picked == "back":
        return _page_back(state, lookups, CATEGORY)
    if picked == "more":
        return _ask(replace(state, page=state.page + 1, mistakes=0), (), lookups)
    if picked is None:
        return _mistake(state, lookups)
    return _ask(replace(state, step=PIN, service_code=picked.key, mistakes=0), (), lookups)


def _pin(state: CallState, keys: str, lookups: Lookups) -> Reply:
    if keys == "*":
        return _ask(replace(state, step=SERVICE, page=0, mistakes=0), (), lookups)
    found = lookups.place(keys) if keys.isdigit() else PinProblem(keys, "malformed")
    if isinstance(found, PinProblem):
        problem = {"malformed": "pin_malformed", "unknown": "pin_unknown"}.get(found.kind, "pin_outside")
        return _mistake(state, lookups, Prompt(problem, {"pin": _spaced(found.pin)}))
    confirm = replace(state, step=PIN_CONFIRM, pin=found.pin, mistakes=0)
    readback = Prompt("pin_readback", {"pin": _spaced(found.pin), "locality": found.locality,
                                       "district": found.district})
    return Reply(confirm, (readback, Prompt("landmark_offer")), Gather())


def _pin_confirm(state: CallState, keys: str, lookups: Lookups) -> Reply:
    if keys in ("2", "*"):
        return _ask(replace(state, step=PIN, pin=None, mistakes=0), (), lookups)
    if keys == "3":  # the PIN is right, and the caller describes the address or a landmark (issue 13)
        return Reply(replace(state, step=citizen_flow.LANDMARK, mistakes=0), (Prompt("landmark_ask"),), record=True)
    if keys != "1":
        return _mistake(state, lookups)
    quote = lookups.quote(state.service_code or "")
    if quote is None:
        return to_operator(state, lookups, (Prompt("fee_unavailable"),))
    documents = (Prompt("documents", {"documents": list(quote.documents)}) if quote.documents
                 else Prompt("no_documents"))
    said = Prompt("quote", {"service": quote.service, "total": quote.total, "service_fee": quote.service_fee,
                            "government_fee": quote.government_fee})
    quoted = replace(state, step=QUOTE, mistakes=0, quoted_notification_id=quote.notification_id,
                     quoted_total=quote.total)
    return Reply(quoted, (said, documents, Prompt("quote_menu"), Prompt("window_offer")), Gather())


def _quote(state: CallState, keys: str, lookups: Lookups) -> Reply:
    if keys == "1":
        return Reply(replace(state, mistakes=0), effect=CREATE_REQUEST)
    if keys == "3":  # confirmed, at a visit window of the caller's choosing (issue 13)
        return _ask(replace(state, step=citizen_flow.WINDOW, mistakes=0), (), lookups)
    if keys in ("2", "*"):
        fresh = CallState(step=MAIN_MENU, language=state.language, outcome=state.outcome)
        return _ask(fresh, (Prompt("cancelled"),), lookups)
    return _mistake(state, lookups)


def _status(state: CallState, keys: str, lookups: Lookups) -> Reply:
    if keys == "*":
        return _ask(replace(state, step=MAIN_MENU, mistakes=0), (), lookups)
    if (problem := number_problem(keys)) is not None:
        return _mistake(state, lookups, Prompt(*problem))
    found = lookups.request_status(keys)
    if found is None:
        return _mistake(state, lookups, Prompt("number_unknown"))
    heard = replace(state, step=MAIN_MENU, mistakes=0, outcome=state.outcome or STATUS_HEARD)
    if found.changeable:  # the caller's own request, before the visit: 1 cancels, 2 picks a new window
        heard = replace(heard, step=citizen_flow.CHANGE_MENU, change_number=found.number)
    return _ask(heard, status_prompts(found), lookups)


def _callback(state: CallState, keys: str, lookups: Lookups) -> Reply:
    if keys == "1" and lookups.caller_known():
        taken = replace(state, step=ENDED, outcome=CALLBACK_TAKEN, mistakes=0)
        return Reply(taken, (Prompt("callback_registered"), Prompt("goodbye")), hang_up=True,
                     effect=CREATE_CALLBACK)
    if keys == "*":
        back = MAIN_MENU if state.language else LANGUAGE
        return _ask(replace(state, step=back, mistakes=0), (), lookups)
    return _mistake(state, lookups)


_HANDLERS = {LANGUAGE: _language, MAIN_MENU: _main_menu, CATEGORY: _category, SERVICE: _service, PIN: _pin,
             PIN_CONFIRM: _pin_confirm, QUOTE: _quote, STATUS: _status, CALLBACK: _callback}


# ---- questions ----------------------------------------------------------------------------------------------

def status_prompts(found: RequestStatus) -> tuple[Prompt, ...]:
    """A request's state in plain words, and the days left on its statutory timeline while it is open."""
    key = {"new": "status_new", "offered": "status_new", "assigned": "status_assigned",
           "visiting": "status_visiting", "completed": "status_completed", "unassigned": "status_unassigned",
           "cancelled": "status_cancelled"}.get(found.state, "status_new")
    if key == "status_assigned" and not found.agent:
        key = "status_assigned_unnamed"  # asked by a number other than the applicant's: nobody is named
    said = [Prompt(found.stage_key or key, found.prompt_params)]  # after the visit: the application's stage
    if found.clock_runs and found.paused:
        said.append(Prompt("clock_paused"))
    elif found.clock_runs and found.days_left is not None:
        if found.days_left > 0:
            said.append(Prompt("days_left", {"days": found.days_left}))
        elif found.days_left == 0:
            said.append(Prompt("due_today"))
        else:
            said.append(Prompt("overdue", {"days": -found.days_left}))
    return tuple(said)


def question(state: CallState, lookups: Lookups | None) -> tuple[tuple[Prompt, ...], Gather]:
    """The prompts that ask for the current step's input."""
    if state.step == LANGUAGE:
        return tuple(Prompt("language_option", language=lang) for lang in LANGUAGE_DIGITS.values()), Gather()
    if state.step == MAIN_MENU:
        return (Prompt("main_menu"),), Gather()
    if state.step in (CATEGORY, SERVICE):
        choices = lookups.categories() if state.step == CATEGORY else lookups.services(state.category or "")
        shown, more = page_of(choices, state.page)
        heading = Prompt("choose_category" if state.step == CATEGORY else "choose_service")
        options = tuple(Prompt("option", {"label": c.label, "digit": i}) for i, c in enumerate(shown, start=1))
        tail = (Prompt("more_options"),) if more else ()
        return (heading, *options, *tail, Prompt("back_option")), Gather()
    if state.step == PIN:
        return (Prompt("pin_ask"),), Gather(finish_on_hash=True)
    if state.step == PIN_CONFIRM:
        return (Prompt("pin_readback", {"pin": _spaced(state.pin or ""), "locality": "", "district": ""}),
                Prompt("landmark_offer")), Gather()
    if state.step == QUOTE:
        return (Prompt("quote_menu"), Prompt("window_offer")), Gather()
    if state.step == STATUS:
        return (Prompt("status_ask"),), Gather(finish_on_hash=True)
    if state.step == CALLBACK:
        return (Prompt("callback_offer"),), Gather()
    if state.step in citizen_flow.STEPS:
        return citizen_flow.question(state, lookups), Gather()
    return (Prompt("goodbye"),), Gather()


def page_of(choices: list[Choice], page: int) -> tuple[list[Choice], bool]:
    """The choices shown on a menu page (at most 8) and whether a further page exists."""
    start = page * PAGE_SIZE
    return choices[start:start + PAGE_SIZE], len(choices) > start + PAGE_SIZE


# ---- helpers ------------------------------------------------------------------------------------------------

def _ask(state: CallState, opening: tuple[Prompt, ...], lookups: Lookups | None, effect: str | None = None) -> Reply:
    if state.step in (CATEGORY, SERVICE) and lookups is not None:
        choices = lookups.categories() if state.step == CATEGORY else lookups.services(state.category or "")
        if not choices:
            return to_operator(replace(state, step=MAIN_MENU), lookups, opening + (Prompt("no_services"),))
        if not page_of(choices, state.page)[0]:
            state = replace(state, page=0)
    prompts, gather = question(state, lookups)
    return Reply(state, opening + prompts, gather, effect=effect)


def _pick(state: CallState, keys: str, choices: list[Choice]) -> Choice | str | None:
    shown, more = page_of(choices, state.page)
    if keys == "*":
        return "back"
    if keys == "9" and more:
        return "more"
    if len(keys) == 1 and keys.isdigit() and 1 <= int(keys) <= len(shown):
        return shown[int(keys) - 1]
    return None


def _page_back(state: CallState, lookups: Lookups, previous_step: str) -> Reply:
    if state.page > 0:
        return _ask(replace(state, page=state.page - 1, mistakes=0), (), lookups)
    return _ask(replace(state, step=previous_step, page=0, mistakes=0), (), lookups)


def _silence(state: CallState, lookups: Lookups) -> Reply:
    if state.step == ENDED:
        return Reply(state, (Prompt("goodbye"),), hang_up=True)
    silences = state.silences + 1
    if silences > MAX_SILENCES:
        if state.step == CALLBACK:
            return Reply(replace(state, step=ENDED), (Prompt("goodbye"),), hang_up=True)
        return to_operator(state, lookups, (Prompt("no_input"),))
    prompts, gather = _requestion(state, lookups)
    return Reply(replace(state, silences=silences), (Prompt("no_input"), *prompts), gather)


def _mistake(state: CallState, lookups: Lookups, why: Prompt | None = None) -> Reply:
    if state.step == ENDED:
        return Reply(state, (Prompt("goodbye"),), hang_up=True)
    mistakes = state.mistakes + 1
    if mistakes >= MAX_MISTAKES and state.step not in (LANGUAGE, CALLBACK):
        return to_operator(state, lookups, (why or Prompt("invalid_choice"),))
    prompts, gather = _requestion(state, lookups)
    opening = () if state.step == LANGUAGE else (why or Prompt("invalid_choice"),)
    return Reply(replace(state, mistakes=mistakes), (*opening, *prompts), gather)


def _requestion(state: CallState, lookups: Lookups) -> tuple[tuple[Prompt, ...], Gather]:
    if state.step == PIN_CONFIRM and state.pin:
        found = lookups.place(state.pin)
        if isinstance(found, PlaceFound):
            return (Prompt("pin_readback", {"pin": _spaced(found.pin), "locality": found.locality,
                                            "district": found.district}), Prompt("landmark_offer")), Gather()
    if state.step == QUOTE:
        return (Prompt("quote_menu"), Prompt("window_offer")), Gather()
    return question(state, lookups)


def _offer_callback(state: CallState, lookups: Lookups, opening: tuple[Prompt, ...]) -> Reply:
    if not lookups.caller_known():
        back = MAIN_MENU if state.language else LANGUAGE
        return _ask(replace(state, step=back), opening + (Prompt("no_caller_id"),), lookups)
    offer = replace(state, step=CALLBACK, silences=0, mistakes=0)
    return Reply(offer, opening + (Prompt("callback_offer"),), Gather())


def _spaced(digits: str) -> str:
    return " ".join(digits)


from ivr import citizen_flow  # noqa: E402  (its steps use this module's helpers; it registers their handlers)

_HANDLERS.update(citizen_flow.HANDLERS)
