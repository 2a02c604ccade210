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
