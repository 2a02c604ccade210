"""Accounts: creation, sign-in by username or mobile, lockout, temporary passwords."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from agent_helpers import PASSWORD
from flask import session

from agents.accounts import (
    AccountError,
    SignInRefused,
    authenticate,
    change_password,
    create_account,
    set_temporary_password,
)
from agents.models import UserAccount
from agents.sessions import load_account
from core.clock import utcnow
from core.extensions import db
from core.roles import AGENT, SUPERVISOR


def test_an_account_is_created_with_a_normalised_mobile_and_a_hashed_password(app):
    account = create_account("Agent07", PASSWORD, AGENT, phone="94190 12345")
    assert account.username == "agent07"
    assert account.phone == "+919419012345"
    assert account.password_hash.startswith("$argon2id$") and PASSWORD not in account.password_hash
    assert account.must_change_password is True


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"password": "short1"}, "weak_password"),
    ({"password": "agent07-is-me-1"}, "weak_password"),
    ({"role": "admin"}, "bad_role"),
    ({"phone": "12"}, "bad_phone"),
    ({"username": "agent 07"}, "bad_username"),
])
def test_an_account_that_breaks_the_rules_is_refused(app, kwargs, code):
    arguments = {"username": "agent07", "password": PASSWORD, "role": AGENT, **kwargs}
    with pytest.raises(AccountError) as refused:
        create_account(**arguments)
    assert refused.value.code == code


def test_a_username_or_mobile_number_already_used_is_refused(app):
    create_account("agent07", PASSWORD, AGENT, phone="+919419012345")
    for username, phone in (("agent07", None), ("agent08", "9419012345")):
        with pytest.raises(AccountError) as refused:
            create_account(username, PASSWORD, AGENT, phone=phone)
        assert refused.value.code == "taken"


@pytest.mark.parametrize("identifier", ["agent07", "AGENT07", "+919419012345", "9419012345", "094190 12345"])
def test_an_agent_signs_in_with_username_or_mobile_number(app, identifier):
    account = create_account("agent07", PASSWORD, AGENT, phone="+919419012345", temporary=False)
    assert authenticate(identifier, PASSWORD).account.id == account.id


def test_a_wrong_password_or_unknown_user_is_refused_without_saying_which(app):
    create_account("agent07", PASSWORD, AGENT, temporary=False)
    for identifier, password in (("agent07", "Wrong-pass-99"), ("nobody", PASSWORD)):
        with pytest.raises(SignInRefused) as refused:
            authenticate(identifier, password)
        assert refused.value.locked_until is None


def test_five_failed_attempts_lock_the_account_for_fifteen_minutes_even_for_the_right_password(app):
    account = create_account("agent07", PASSWORD, AGENT, temporary=False)
    for _ in range(4):
        with pytest.raises(SignInRefused):
            authenticate("agent07", "Wrong-pass-99")
    with pytest.raises(SignInRefused) as fifth:
        authenticate("agent07", "Wrong-pass-99")
    assert fifth.value.locked_until is not None
    assert timedelta(minutes=14) < fifth.value.locked_until - utcnow() <= timedelta(minutes=15)
    with pytest.raises(SignInRefused) as locked:
        authenticate("agent07", PASSWORD)
    assert not locked.value.evaluated  # refused without checking the password
    db.session.refresh(account)
    assert account.locked_until is not None


def test_the_lock_ends_after_fifteen_minutes(app):
    account = create_account("agent07", PASSWORD, AGENT, temporary=False)
    account.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert authenticate("agent07", PASSWORD).account.id == account.id


def test_a_successful_sign_in_resets_the_failure_count(app):
    account = create_account("agent07", PASSWORD, AGENT, temporary=False)
    for _ in range(4):
        with pytest.raises(SignInRefused):
            authenticate("agent07", "Wrong-pass-99")
    authenticate("agent07", PASSWORD)
    db.session.refresh(account)
    assert account.failed_attempts == 0


def test_a_deactivated_account_cannot_sign_in(app):
    account = create_account("agent07", PASSWORD, AGENT, temporary=False)
    account.active = False
    db.session.commit()
    with pytest.raises(SignInRefused):
        authenticate("agent07", PASSWORD)


def test_a_temporary_password_set_by_a_supervisor_must_be_changed_and_lifts_the_lock(app):
    account = create_account("agent07", PASSWORD, AGENT, temporary=False)
    account.locked_until = utcnow() + timedelta(minutes=10)
    db.session.commit()
    set_temporary_password(account.id, "Temporary-1234")
    signed = authenticate("agent07", "Temporary-1234")
    assert signed.must_change_password
    change_password(account.id, "Temporary-1234", "My-own-pass-77")
    assert not authenticate("agent07", "My-own-pass-77").must_change_password


@pytest.mark.parametrize(("current", "new", "code"), [
    ("Wrong-pass-99", "My-own-pass-77", "wrong_password"),
    (PASSWORD, PASSWORD, "same_password"),
    (PASSWORD, "agent07agent07-1", "weak_password"),
])
def test_a_password_change_is_refused_for_a_wrong_current_password_or_a_weak_new_one(app, current, new, code):
    account = create_account("agent07", PASSWORD, AGENT, temporary=False)
    with pytest.raises(AccountError) as refused:
        change_password(account.id, current, new)
    assert refused.value.code == code


def test_the_user_loader_finds_the_account_by_its_id_and_session_version(app):
    account = create_account("super1", PASSWORD, SUPERVISOR, district="Srinagar")
    with app.test_request_context():
        session.update(signed_in_at=time.time(), seen_at=time.time())
        assert load_account(account.get_id()) == account
        assert load_account(f"{account.id}:{account.session_version + 1}") is None
        assert load_account("999:0") is None
    assert load_account("x") is None
    assert db.session.get(UserAccount, account.id).is_supervisor
