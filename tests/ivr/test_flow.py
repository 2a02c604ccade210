"""The call flow as a pure state machine: no app, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

import pytest

from ivr import flow
from ivr.flow import CallState, Choice, PinProblem, PlaceFound, Quote, RequestStatus
from ivr.phones import e164
from ivr.prompts import PROMPTS, SMS, prompt_text, rupees

VALID_NUMBER = "123456784"  # its Verhoeff check digit holds


@dataclass
class World:
    """Plain answers to the flow's questions."""

    category_names: list[str] = field(default_factory=lambda: ["Certificates"])
    service_count: int = 3
    operator: bool = False
    known_caller: bool = True
    fee: bool = True

    def categories(self):
        return [Choice(name, {"en": name}) for name in self.category_names]

    def services(self, category):
        return [Choice(f"s{i}", {"en": f"Service {i}"}) for i in range(1, self.service_count + 1)]

    def place(self, pin):
        return PlaceFound(pin, "Srinagar GPO", "Srinagar") if pin == "190001" else PinProblem(pin, "unknown")

    def quote(self, service_code):
        return Quote({"en": "Domicile"}, "80", "50", "30", ()) if self.fee else None

    def request_status(self, number):
        return RequestStatus("new", {"en": "Domicile"}, days_left=3) if number == VALID_NUMBER else None

    def operator_open(self):
        return self.operator

    def caller_known(self):
        return self.known_caller


def keys_of(reply) -> list[str]:
    return [p.key for p in reply.prompts]


def walk(state, world, *keys):
    reply = None
    for key in keys:
        reply = flow.advance(state, key, world)
        state = reply.state
    return reply


def test_a_first_time_caller_is_welcomed_and_offered_each_language_in_that_language():
    reply = flow.start(None)
    assert [(p.key, p.language) for p in reply.prompts] == [
        (key, lang) for lang in ("en", "hi", "ur", "ks", "doi") for key in ("welcome", "language_option")]
    assert reply.state.step == flow.LANGUAGE


def test_a_returning_caller_hears_the_main_menu_in_their_language_at_once():
    reply = flow.start("hi")
    assert reply.state == CallState(step=flow.MAIN_MENU, language="hi")
    assert keys_of(reply) == ["welcome", "main_menu"]


@pytest.mark.parametrize("key, language", [("1", "en"), ("2", "hi"), ("3", "ur")])
def test_choosing_a_language_remembers_it(key, language):
    reply = flow.advance(CallState(), key, World())
    assert reply.state.language == language and reply.effect == flow.REMEMBER_LANGUAGE


def test_a_menu_shows_eight_options_then_nine_for_more_and_star_goes_back_a_page():
    world = World(service_count=11)
    state = CallState(step=flow.SERVICE, language="en", category="Certificates")
    first = flow.question(state, world)[0]
    assert [p.params.get("digit") for p in first if p.key == "option"] == list(range(1, 9))
    assert "more_options" in [p.key for p in first]
    second = flow.advance(state, "9", world)
    assert [p.params["label"]["en"] for p in second.prompts if p.key == "option"] == [
        "Service 9", "Service 10", "Service 11"]
    assert flow.advance(second.state, "4", world).state.mistakes == 1  # only three options on this page
    back = flow.advance(second.state, "*", world)
    assert back.state.page == 0 and back.state.step == flow.SERVICE
    assert flow.advance(back.state, "*", world).state.step == flow.CATEGORY


def test_zero_at_any_menu_goes_to_the_operator_when_one_is_on_duty():
    for step in (flow.LANGUAGE, flow.MAIN_MENU, flow.CATEGORY, flow.SERVICE, flow.PIN, flow.QUOTE, flow.STATUS):
        reply = flow.advance(CallState(step=step, language="en"), "0", World(operator=True))
        assert reply.connect_operator and reply.state.outcome == flow.OPERATOR


def test_silence_re_prompts_twice_then_offers_the_call_back():
    state = CallState(step=flow.MAIN_MENU, language="en")
    for count in (1, 2):
        reply = flow.advance(state, "", World())
        assert keys_of(reply) == ["no_input", "main_menu"] and reply.state.silences == count
        state = reply.state
    reply = flow.advance(state, None, World())
    assert reply.state.step == flow.CALLBACK and "callback_offer" in keys_of(reply)


def test_three_wrong_entries_in_a_row_offer_the_operator():
    state = CallState(step=flow.MAIN_MENU, language="en")
    reply = walk(state, World(), "7", "8")
    assert keys_of(reply)[0] == "invalid_choice" and reply.state.step == flow.MAIN_MENU
    assert walk(reply.state, World(), "9").state.step == flow.CALLBACK


def test_an_unknown_pin_is_said_and_asked_again():
    reply = flow.advance(CallState(step=flow.PIN, language="en", service_code="s1"), "199999#", World())
    assert keys_of(reply) == ["pin_unknown", "pin_ask"] and reply.gather.finish_on_hash
    assert reply.prompts[0].params["pin"] == "1 9 9 9 9 9"


def test_confirming_the_quote_asks_for_the_request_to_be_created_and_only_then_reads_the_number():
    state = CallState(step=flow.PIN, language="en", service_code="s1")
    quote = walk(state, World(), "190001", "1")
    assert keys_of(quote) == ["quote", "no_documents", "quote_menu", "window_offer"]  # 3: a window (issue 13)
    confirmed = flow.advance(quote.state, "1", World())
    assert confirmed.effect == flow.CREATE_REQUEST and not confirmed.prompts
    done = flow.request_registered(confirmed.state, VALID_NUMBER)
    digits = [p.key for p in done.prompts if p.key.startswith("digit_")]
    assert digits == [f"digit_{d}" for d in VALID_NUMBER * 2]
    assert done.hang_up and done.state.outcome == flow.REQUEST_CREATED


def test_a_service_without_a_notified_fee_cannot_be_booked_by_phone():
    reply = walk(CallState(step=flow.PIN, language="en", service_code="s1"), World(fee=False), "190001", "1")
    assert keys_of(reply)[0] == "fee_unavailable" and reply.effect is None


def test_a_request_number_with_a_wrong_check_digit_is_refused_before_any_lookup():
    reply = flow.advance(CallState(step=flow.STATUS, language="en"), "123456789#", World())
    assert keys_of(reply)[0] == "number_check_failed"
    heard = flow.advance(CallState(step=flow.STATUS, language="en"), VALID_NUMBER + "#", World())
    assert keys_of(heard)[:2] == ["status_new", "days_left"] and heard.state.outcome == flow.STATUS_HEARD


def test_a_caller_without_caller_id_cannot_book_or_ask_for_a_call_back():
    reply = flow.advance(CallState(step=flow.MAIN_MENU, language="en"), "1", World(known_caller=False))
    assert "no_caller_id" in keys_of(reply) and reply.state.step == flow.MAIN_MENU


def test_keys_outside_the_keypad_are_a_mistake_not_a_crash():
    reply = flow.advance(CallState(step=flow.MAIN_MENU, language="en"), "1'; DROP", World())
    assert keys_of(reply)[0] == "invalid_choice"


def test_a_stored_state_with_an_unknown_step_starts_over():
    assert CallState.from_dict({"step": "nowhere", "junk": 1}) == CallState()


@pytest.mark.parametrize("hours, now, open_", [
    ("09:00-18:00", time(9, 0), True), ("09:00-18:00", time(17, 59), True), ("09:00-18:00", time(18, 0), False),
    ("09:00-18:00", time(8, 59), False), ("22:00-06:00", time(23, 0), True), ("22:00-06:00", time(12, 0), False),
    ("", time(3, 0), True), ("9 to 6", time(12, 0), False), ("25:00-26:00", time(12, 0), False),
])
def test_operator_hours_are_read_in_local_time(hours, now, open_):
    assert flow.operator_hours_open(hours, now) is open_


@pytest.mark.parametrize("raw, expected", [("+919906012345", "+919906012345"), ("09906012345", "+919906012345"),
                                           ("9906012345", "+919906012345"), ("anonymous", None), ("", None),
                                           ("+266696687", None), ("1" * 200, None)])
def test_phone_numbers_are_kept_in_e164(raw, expected):
    assert e164(raw) == expected


def test_every_prompt_and_sms_exists_in_english_hindi_and_urdu_scripts():
    for catalogue in (PROMPTS, SMS):
        for key, texts in catalogue.items():
            assert {"en", "hi", "ur"} <= set(texts), key
            if not key.startswith("digit_"):
                assert any("\u0900" <= c <= "\u097f" for c in texts["hi"]), key
                assert any("\u0600" <= c <= "\u06ff" for c in texts["ur"]), key


def test_urdu_is_spoken_from_its_urdu_script_text_with_urdu_service_names():
    assert prompt_text("goodbye", "ur") == PROMPTS["goodbye"]["ur"]
    assert prompt_text("option", "ur", {"label": {"hi": "आय", "ur": "آمدنی"}, "digit": 1}).startswith("آمدنی")


@pytest.mark.parametrize("amount, said", [("50.00", "50"), ("50.50", "50.50"), (0, "0")])
def test_amounts_are_said_without_needless_paise(amount, said):
    assert rupees(amount) == said
