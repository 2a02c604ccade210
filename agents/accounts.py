"""Use cases for sign-in accounts: create, authenticate (with lockout), change and reset passwords."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from agents.models import ROLES, UserAccount
from agents.passwords import hash_password, password_problems, verify_password
from core.clock import utcnow
from core.extensions import db, login_manager
from core.phones import to_e164

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)


class AccountError(ValueError):
    """An account cannot be created or changed as asked; `code` says why."""

    def __init__(self, code: str, problems: list[str] | None = None):
        super().__init__(code if not problems else f"{code}: {', '.join(problems)}")
        self.code = code
        self.problems = problems or []


class SignInRefused(Exception):
    """Sign-in failed: `locked_until` is set when the account is locked."""

    def __init__(self, locked_until: datetime | None = None):
        super().__init__("account locked" if locked_until else "wrong username or password")
        self.locked_until = locked_until


@dataclass(frozen=True)
class SignIn:
    """A successful sign-in."""

    account: UserAccount
    must_change_password: bool


def create_account(username: str, password: str, role: str, *, phone: str | None = None,
                   agent_id: int | None = None, district: str | None = None, language: str = "en",
                   temporary: bool = True) -> UserAccount:
    """Create and commit an account; a temporary password must be changed at first sign-in. AccountError if not."""
    username = (username or "").strip().lower()
    if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        raise AccountError("bad_username")
    if role not in ROLES:
        raise AccountError("bad_role")
    e164 = None
    if phone:
        e164 = to_e164(phone)
        if e164 is None:
            raise AccountError("bad_phone")
    problems = password_problems(password, username, e164)
    if problems:
        raise AccountError("weak_password", problems)
    same = [UserAccount.username == username] + ([UserAccount.phone == e164] if e164 else [])
    if db.session.scalar(db.select(UserAccount.id).where(or_(*same))) is not None:
        raise AccountError("taken")
    account = UserAccount(username=username, phone=e164, password_hash=hash_password(password), role=role,
                          agent_id=agent_id, district=district, language=language,
                          must_change_password=temporary)
    db.session.add(account)
    try:
        db.session.commit()
    except IntegrityError:  # created at the same moment by someone else
        db.session.rollback()
        raise AccountError("taken") from None
    return account


def set_temporary_password(account_id: int, password: str) -> UserAccount:
    """A supervisor resets a password: it must be changed at next sign-in; the lockout is lifted."""
    account = db.session.get(UserAccount, account_id)
    if account is None:
        raise AccountError("no_account")
    problems = password_problems(password, account.username, account.phone)
    if problems:
        raise AccountError("weak_password", problems)
    account.password_hash = hash_password(password)
    account.must_change_password = True
    account.failed_attempts = 0
    account.locked_until = None
    db.session.commit()
    return account


def change_password(account_id: int, current_password: str, new_password: str) -> None:
    """The account holder replaces their password; AccountError (wrong_password, same_password, weak_password)."""
    account = db.session.get(UserAccount, account_id)
    if account is None or not verify_password(account.password_hash, current_password):
        raise AccountError("wrong_password")
    if new_password == current_password:
        raise AccountError("same_password")
    problems = password_problems(new_password, account.username, account.phone)
    if problems:
        raise AccountError("weak_password", problems)
    account.password_hash = hash_password(new_password)
    account.must_change_password = False
    db.session.commit()


def find_account(identifier: str) -> UserAccount | None:
    """The account signed in to by username or mobile number."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    account = db.session.scalar(db.select(UserAccount).where(UserAccount.username == identifier.lower()))
    if account is None and any(ch.isdigit() for ch in identifier):
        phone = to_e164(identifier)
        if phone:
            account = db.session.scalar(db.select(UserAccount).where(UserAccount.phone == phone))
    return account


def authenticate(identifier: str, password: str) -> SignIn:
    """Check a sign-in; count failures and lock the account after five for fifteen minutes. SignInRefused if not."""
    account = find_account(identifier)
    if account is None or not account.active:
        verify_password(_DUMMY_HASH, password)  # same work either way: do not reveal which usernames exist
        raise SignInRefused()
    now = utcnow()
    if account.locked_until and account.locked_until > now:
        raise SignInRefused(account.locked_until)
    if not verify_password(account.password_hash, password):
        _count_failure(account.id, now)
        db.session.refresh(account)
        raise SignInRefused(account.locked_until if account.locked_until and account.locked_until > now else None)
    account.failed_attempts = 0
    account.locked_until = None
    account.last_sign_in_at = now
    db.session.commit()
    return SignIn(account, account.must_change_password)


def _count_failure(account_id: int, now: datetime) -> None:
    # Counted in the database (not in Python) so that parallel attempts cannot undercount.
    db.session.execute(
        update(UserAccount).where(UserAccount.id == account_id)
        .values(failed_attempts=UserAccount.failed_attempts + 1).execution_options(synchronize_session=False))
    db.session.execute(
        update(UserAccount)
        .where(UserAccount.id == account_id, UserAccount.failed_attempts >= MAX_FAILED_ATTEMPTS)
        .values(failed_attempts=0, locked_until=now + LOCKOUT).execution_options(synchronize_session=False))
    db.session.commit()


def set_language(account_id: int, language: str) -> None:
    """Remember the console language the account holder chose."""
    account = db.session.get(UserAccount, account_id)
    if account is not None:
        account.language = language
        db.session.commit()


@login_manager.user_loader
def load_account(account_id: str) -> UserAccount | None:
    """Flask-Login: the signed-in account, from the id kept in the session."""
    try:
        return db.session.get(UserAccount, int(account_id))
    except ValueError:
        return None


_DUMMY_HASH = hash_password("not-a-real-password-0")
