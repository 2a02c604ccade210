"""The call's steps on the citizen's terms (issue 13), pure like ivr.flow whose helpers they use: the spoken landmark
after the PIN, the visit window after the quote, and cancelling or rescheduling one's own request after its status.

    PIN read back:  1 right · 3 right, and record the address or a landmark (<Record>, # skips) · 2 again
    quote:          1 confirm (the earliest agent) · 3 confirm at a chosen window (1-4) · 2 cancel
    own status:     1 cancel (confirm with 1) · 2 another window (1-4, confirm with 1) · * main menu
"""

from __future__ import annotations

from dataclasses import replace

from ivr.calls import (
    CANCEL_CONFIRM,
    CANCEL_REQUEST,
    CHANGE_MENU,
    CREATE_REQUEST,
    LANDMARK,
    MAIN_MENU,
    PIN_CONFIRM,
    QUOTE,
    RESCHEDULE,
    RESCHEDULE_CONFIRM,
    RESCHEDULE_REQUEST,
    WINDOW,
    CallState,
    Gather,
    Lookups,
    Prompt,
    Reply,
)

STEPS = (LANDMARK, WINDOW, CHANGE_MENU, CANCEL_CONFIRM, RESCHEDULE, RESCHEDULE_CONFIRM)
# What dispatch.citizen_changes answered, as the prompt the caller hears.
CHANGE_OUTCOMES = {"cancelled": "change_cancelled", "rescheduled": "change_rescheduled",
                   "not_yours": "change_not_yours", "already_cancelled": "change_already_cancelled",
                   "unknown": "number_unknown", "too_late": "change_too_late"}


def landmark_recorded(state: CallState, recording_sid: str | None, recording_url: str | None,
                      lookups: Lookups) -> Reply:
    """After the <Record> of the address or landmark (or without one: skipped), the fee quote as after a "1"."""
    recorded = bool(recording_sid and recording_url)
    if recorded:
        state = replace(state, landmark_sid=recording_sid, landmark_url=recording_url)
    reply = flow.advance(replace(state, step=PIN_CONFIRM, mistakes=0, silences=0), "1", lookups)
    return replace(reply, prompts=((Prompt("landmark_thanks"),) if recorded else ()) + reply.prompts)


def change_done(state: CallState, outcome: str) -> Reply:
    """What the caller hears after a cancel or a reschedule was tried (done, or why not), then the main menu."""
    said = Prompt(CHANGE_OUTCOMES.get(outcome, "change_too_late"), {"number": flow._spaced(state.change_number or "")})
    back = replace(state, step=MAIN_MENU, mistakes=0, change_number=None, window_choice=None, window_start=None,
                   window_end=None)
    return Reply(back, (said, flow.Prompt("main_menu")), Gather())


def question(state: CallState, lookups: Lookups | None) -> tuple[Prompt, ...]:
    """The prompts that ask for one of these steps' input."""
    if state.step in (WINDOW, RESCHEDULE):
        windows = lookups.visit_windows() if lookups is not None else []
        return (Prompt("window_ask"), *(Prompt(f"window_option_{w.choice}") for w in windows), Prompt("back_option"))
    if state.step == CHANGE_MENU:
        return (Prompt("change_menu"),)
    if state.step == CANCEL_CONFIRM:
        return (Prompt("cancel_confirm", {"number": flow._spaced(state.change_number or "")}),)
    if state.step == RESCHEDULE_CONFIRM:
        return (Prompt(f"window_label_{state.window_choice or 3}"), Prompt("reschedule_confirm"))
    return (Prompt("landmark_ask"),)


def _window(state: CallState, keys: str, lookups: Lookups) -> Reply:
    if keys == "*":
        back = QUOTE if state.step == WINDOW else CHANGE_MENU
        return flow._ask(replace(state, step=back, mistakes=0), (), lookups)
    picked = next((w for w in lookups.visit_windows() if str(w.choice) == keys), None)
    if picked is None:  # not a window, or one no longer possible (the morning, after noon)
        return flow._mistake(state, lookups)
    chosen = replace(state, mistakes=0, window_choice=picked.choice, window_start=picked.start, window_end=picked.end)
    if state.step == WINDOW:
        return Reply(chosen, effect=CREATE_REQUEST)
    confirm = replace(chosen, step=RESCHEDULE_CONFIRM)
    return Reply(confirm, question(confirm, lookups), Gather())


def _change_menu(state: CallState, keys: str, lookups: Lookups) -> Reply:
    if keys == "1":
        return flow._ask(replace(state, step=CANCEL_CONFIRM, mistakes=0), (), lookups)
    if keys == "2":
        return flow._ask(replace(state, step=RESCHEDULE, mistakes=0), (), lookups)
    if keys == "*":
        return flow._ask(replace(state, step=MAIN_MENU, mistakes=0, change_number=None), (), lookups)
    return flow._mistake(state, lookups)


def _cancel_confirm(state: CallState, keys: str, lookups: Lookups) -> Reply:
    if keys == "1":
        return Reply(replace(state, mistakes=0), effect=CANCEL_REQUEST)
    if keys in ("2", "*"):
        return flow._ask(replace(state, step=CHANGE_MENU, mistakes=0), (Prompt("change_kept"),), lookups)
    return flow._mistake(state, lookups)


def _reschedule_confirm(state: CallState, keys: str, lookups: Lookups) -> Reply:
    if keys == "1" and state.window_start:
        return Reply(replace(state, mistakes=0), effect=RESCHEDULE_REQUEST)
    if keys in ("2", "*"):
        return flow._ask(replace(state, step=RESCHEDULE, mistakes=0, window_choice=None), (), lookups)
    return flow._mistake(state, lookups)


def _landmark(state: CallState, keys: str, lookups: Lookups) -> Reply:
    return landmark_recorded(state, None, None, lookups)


HANDLERS = {WINDOW: _window, RESCHEDULE: _window, CHANGE_MENU: _change_menu, CANCEL_CONFIRM: _cancel_confirm,
            RESCHEDULE_CONFIRM: _reschedule_confirm, LANDMARK: _landmark}

from ivr import flow  # noqa: E402  (last: ivr.flow imports this module at its end to register HANDLERS)
