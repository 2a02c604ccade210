"""V6.2 password security: 12 characters or more, no common or guessable passwords, no composition rules; argon2id
with OWASP's parameters (V11.4.2)."""

from __future__ import annotations

import pytest
from argon2 import Type, extract_parameters

from agents.accounts import AccountError, authenticate, create_account
from agents.models import UserAccount
from agents.passwords import hash_password, password_problems
from core.extensions import db
from core.roles import AGENT


@pytest.mark.parametrize("password", ["Password12", "aaaaaaaaa1", "Kashmir-1", "short pass"])
def test_passwords_under_twelve_characters_are_refused(password):
    assert "too_short" in password_problems(password, "agent07")


@pytest.mark.parametrize("password", ["password1234", "Password1234", "aaaaaaaaaaa1", "qwertyuiop12",
                                      "123456789012", "iloveyou1234", "abcdefghijkl"])
def test_common_and_guessable_passwords_are_refused_even_when_long_enough(password):
    assert password_problems(password, "agent07") == ["common"]


@pytest.mark.parametrize("password", ["correct horse battery staple", "walnuts of sopore", "डिजीदोस्त सेवा घर पर",
                                      "lowercase only but long enough"])
def test_long_passphrases_pass_without_any_rule_about_kinds_of_characters(password):
    assert password_problems(password, "agent07") == []


def test_an_account_cannot_be_created_with_a_common_password(app):
    with pytest.raises(AccountError) as refused:
        create_account("agent07", "Password1234", AGENT)
    assert refused.value.problems == ["common"]


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters_or_stronger():
    parameters = extract_parameters(hash_password("correct horse battery staple"))
    assert parameters.type is Type.ID
    assert parameters.memory_cost >= 19 * 1024  # KiB
    assert parameters.time_cost >= 2
    assert parameters.parallelism >= 1


def test_a_hash_made_with_weaker_parameters_is_upgraded_at_the_next_sign_in(app):
    from argon2 import PasswordHasher

    account = create_account("agent07", "correct horse battery staple", AGENT, temporary=False)
    account.password_hash = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(
        "correct horse battery staple")
    db.session.commit()
    authenticate("agent07", "correct horse battery staple")
    upgraded = extract_parameters(db.session.get(UserAccount, account.id).password_hash)
    assert (upgraded.memory_cost, upgraded.time_cost) == (19 * 1024, 2)
