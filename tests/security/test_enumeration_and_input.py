"""V6.3 no account enumeration (same answer, similar time) and V1/V2 input validation: 400 with a form error."""

from __future__ import annotations

import re
import statistics
import time

import pytest

from agents.accounts import create_account
from core.roles import AGENT
from tests.agents.agent_helpers import PASSWORD, csrf_token, sign_in
from tests.security.conftest import STAFF_PAGE


def _answer(client, identifier: str, password: str) -> str:
    page = sign_in(client, identifier, password).get_data(as_text=True)
    return re.sub(r'value="[^"]*"', 'value=""', page)  # the CSRF token differs on every page


@pytest.fixture
def locked_and_wrong(web):
    create_account("locked1", PASSWORD, AGENT, temporary=False)
    create_account("agent07", PASSWORD, AGENT, temporary=False)
    client = web.test_client()
    for _ in range(5):
        sign_in(client, "locked1", "Not-the-password-1")
    return client


def test_unknown_wrong_and_locked_accounts_get_the_same_page(web, locked_and_wrong):
    web.config["SIGN_IN_LIMIT_PER_ADDRESS"] = "1000 per minute"
    client = locked_and_wrong
    unknown = _answer(client, "nobody99", "Not-the-password-1")
    wrong = _answer(client, "agent07", "Not-the-password-1")
    locked_right = _answer(client, "locked1", PASSWORD)
    assert unknown == wrong == locked_right
    assert "locked" not in locked_right.lower()


def test_unknown_wrong_and_locked_accounts_take_similar_time(web, locked_and_wrong):
    from agents.accounts import SignInRefused, authenticate

    def timed(identifier: str, password: str) -> float:
        times = []
        for _ in range(5):
            began = time.perf_counter()
            with pytest.raises(SignInRefused):
                authenticate(identifier, password)
            times.append(time.perf_counter() - began)
        return statistics.median(times)

    locked = timed("locked1", PASSWORD)
    unknown = timed("nobody99", PASSWORD)
    # "agent07" would lock after five; median over attempts 1-5 (the 5th locks it, all are checked)
    wrong = timed("agent07", "Not-the-password-1")
    slowest, fastest = max(locked, unknown, wrong), min(locked, unknown, wrong)
    assert fastest > slowest / 2, (locked, unknown, wrong)  # one argon2 check each: no cheap "locked" answer


@pytest.mark.parametrize(("identifier", "password"), [
    ("agent\x0007", PASSWORD),
    ("agent07", "pass\x00word-long-enough"),
    ("agent\x0707", PASSWORD),
    ("a" * 61, PASSWORD),
    ("agent07", "p" * 201),
])
def test_nul_control_characters_and_oversized_sign_in_input_get_400_with_a_form_error(web, identifier, password):
    create_account("agent07", PASSWORD, AGENT, temporary=False)
    client = web.test_client()
    page = client.get("/agents/sign-in").get_data(as_text=True)
    response = client.post("/agents/sign-in", data={"identifier": identifier, "password": password,
                                                    "csrf_token": csrf_token(page)})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Use only letters, digits, spaces and punctuation." in text or "This is too long." in text
    assert client.get(STAFF_PAGE).status_code == 302


@pytest.mark.parametrize("path", ["/fees?lang=%00", "/ivr/simulator?x=%00", "/board/?q=%00"])
def test_a_nul_byte_anywhere_else_is_a_400_not_a_500(client, path):
    assert client.get(path).status_code == 400
