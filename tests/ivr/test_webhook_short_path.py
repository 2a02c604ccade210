"""The in-call webhooks (/ivr/step, /ivr/status) skip the page hooks but keep their guards and headers."""

from __future__ import annotations

import pytest


@pytest.fixture
def in_menu(phone, small_catalogue):
    phone.call()
    phone.press("1")  # English
    return phone


def test_a_menu_step_answer_carries_strict_headers_and_no_cookie(in_menu):
    in_menu.press("1")
    headers = in_menu.response.headers
    assert in_menu.response.status_code == 200
    assert headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in headers


def test_a_nul_byte_in_the_keys_is_refused_and_the_call_goes_on_where_it_was(in_menu):
    action, heard = in_menu.action, in_menu.heard
    refused = in_menu.post(action, in_menu.params(Digits="1\x00"))
    assert refused.status_code == 400
    in_menu.post(action, in_menu.params(Digits="9"))  # the same turn, answered now
    assert in_menu.response.status_code == 200 and in_menu.action != action
    assert in_menu.heard != heard or "not" in in_menu.heard.lower()


def test_an_unsigned_step_is_refused_on_the_short_path_too(in_menu):
    response = in_menu.post(in_menu.action, in_menu.params(Digits="1"), signed=False)
    assert response.status_code == 403


def test_a_step_to_an_unknown_call_still_gets_twiml_not_an_error_page(phone, small_catalogue):
    phone.post("/ivr/step?t=7", phone.params(Digits="1"))
    assert phone.response.status_code == 200 and phone.twiml.find("./Gather") is not None


def test_the_same_menu_on_two_turns_differs_only_in_the_turn_of_its_action(in_menu):
    first = in_menu.press("1")  # certificates
    action = first.find("./Gather").get("action")
    second = in_menu.press("*")  # back to the main menu
    third = in_menu.press("1")  # certificates again, two turns later
    assert third.find("./Gather").get("action") != action
    assert [v.text for v in third.iter("Say")] == [v.text for v in first.iter("Say")]
    assert second.find("./Gather").get("action") not in (action, third.find("./Gather").get("action"))


def test_a_changed_operator_setting_is_heard_on_the_next_call_without_a_restart(app, new_phone, small_catalogue):
    app.config.update(OPERATOR_NUMBER="+911940000001", OPERATOR_HOURS="00:00-24:00")
    first = new_phone()
    first.call()
    first.walk("1", "0")  # English, then the operator
    app.config["OPERATOR_NUMBER"] = "+911940000002"
    second = new_phone()
    second.call()
    second.walk("1", "0")  # the same keys, the new number
    assert first.twiml.find("./Dial").text.strip() == "+911940000001"
    assert second.twiml.find("./Dial").text.strip() == "+911940000002"
