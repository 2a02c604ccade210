"""Use cases for sign-in accounts: create, authenticate (with lockout), change and reset passwords."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError

from agents.models import ROLES, UserAccount
from agents.passwords import hash_password, needs_rehash, password_problems, verify_password
from core.audit import record_security_event
from core.clock import utcnow
from core.extensions import db
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
    """Sign-in failed. For the service's own callers and tests only (the sign-in page never tells): `locked_until`
    is set when this attempt locked the account, `evaluated` says whether the password was checked at all."""

    def __init__(self, locked_until: datetime | None = None, evaluated: bool = False):
        super().__init__("wrong username or password")
        self.locked_until = locked_until
        self.evaluated = evaluated


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
        db.session.flush()
        record_security_event("account_created", "system", _subject(account),
                              f"role {role}" + (f", district {district}" if district else ""))
        db.session.commit()
    except IntegrityError:  # created at the same moment by someone else
        db.session.rollback()
        raise AccountError("taken") from None
    return account


def set_temporary_password(account_id: int, password: str, actor: str = "") -> UserAccount:
    """A supervisor resets a password: it must be changed at next sign-in; the lockout is lifted and every
    session of the account ends."""
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
    account.session_version += 1
    record_security_event("temporary_password", actor or "system", _subject(account))
    db.session.commit()
    return account


def change_password(account_id: int, current_password: str, new_password: str) -> UserAccount:
    """The account holder replaces their password, which ends every other session of the account;
    AccountError (wrong_password, same_password, weak_password)."""
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
    account.session_version += 1
    record_security_event("password_changed", _subject(account), _subject(account))
    db.session.commit()
    return account


def end_all_sessions(account_id: int, actor: str, event: str = "sign_out") -> None:
    """Sign the account out everywhere: every session cookie issued before now stops working."""
    db.session.execute(update(UserAccount).where(UserAccount.id == account_id)
                       .values(session_version=UserAccount.session_version + 1)
                       .execution_options(synchronize_session=False))
    record_security_event(event, actor, f"account:{account_id}")
    db.session.commit()


def deactivate_account(account_id: int, actor: str) -> None:
    """Take away an account's access: it can no longer sign in, and its open sessions end."""
    db.session.execute(update(UserAccount).where(UserAccount.id == account_id).values(active=False)
                       .execution_options(synchronize_session=False))
    end_all_sessions(account_id, actor, "deactivated")


def change_role_or_district(account_id: int, actor: str, role: str | None = None,
                            district: str | None = None) -> UserAccount:
    """Give an account another role or district (empty district: all districts); its sessions end, so the new
    rights apply from its next sign-in. AccountError (no_account, bad_role)."""
    account = db.session.get(UserAccount, account_id)
    if account is None:
        raise AccountError("no_account")
    if role is not None and role not in ROLES:
        raise AccountError("bad_role")
    changes = []
    if role is not None and role != account.role:
        changes.append(("role_changed", f"{account.role} to {role}"))
        account.role = role
    if district is not None and (district or None) != account.district:
        changes.append(("district_changed", f"{account.district or 'all'} to {district or 'all'}"))
        account.district = district or None
    if changes:
        account.session_version += 1
        for event, detail in changes:
            record_security_event(event, actor, _subject(account), detail)
        db.session.commit()
    return account


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


def authenticate(identifier: str, password: str, client: str = "") -> SignIn:
    """Check a sign-in; lock the account for fifteen minutes after five wrong passwords. SignInRefused if not.

    Unknown, deactivated, locked and wrong all cost one argon2 verification and end in the same refusal.
    """
    account = find_account(identifier)
    now = utcnow()
    attempt = _reserve_attempt(account.id, now) if account is not None and account.active else None
    if attempt is None or attempt > MAX_FAILED_ATTEMPTS:
        verify_password(_DUMMY_HASH, password)  # the same work as a real check: nothing tells these cases apart
        if account is not None:
            _refuse_without_checking(account, attempt, now, client)
        else:
            record_security_event("sign_in_failed", "anonymous", "", _from(client, "unknown account"))
            db.session.commit()
        raise SignInRefused(evaluated=False)
    if not verify_password(account.password_hash, password):
        locked_until = _count_failure(account, attempt, now, client)
        raise SignInRefused(locked_until, evaluated=True)
    values = {"failed_attempts": 0, "locked_until": None, "last_sign_in_at": now}
    if needs_rehash(account.password_hash):
        values["password_hash"] = hash_password(password)
    db.session.execute(update(UserAccount).where(UserAccount.id == account.id).values(**values)
                       .execution_options(synchronize_session=False))
    record_security_event("sign_in", _subject(account), _subject(account), _from(client))
    db.session.commit()
    db.session.refresh(account)
    return SignIn(account, account.must_change_password)


def _reserve_attempt(account_id: int, now: datetime) -> int | None:
    """Count this attempt before checking it, in one atomic statement: its number (1, 2…), or None if locked.

    Counting first is what stops a burst: of any number of parallel attempts only MAX_FAILED_ATTEMPTS get a
    number small enough to be checked.
    """
    attempt = db.session.scalar(
        update(UserAccount)
        .where(UserAccount.id == account_id, or_(UserAccount.locked_until.is_(None), UserAccount.locked_until <= now))
        .values(failed_attempts=UserAccount.failed_attempts + 1)
        .returning(UserAccount.failed_attempts).execution_options(synchronize_session=False))
    db.session.commit()  # release the row at once: the argon2 check runs outside any lock
    return attempt


def _count_failure(account: UserAccount, attempt: int, now: datetime, client: str) -> datetime | None:
    subject = _subject(account)
    locked_until = now + LOCKOUT if attempt >= MAX_FAILED_ATTEMPTS else None
    if locked_until:
        _lock(account.id, locked_until)  # the row first, the audit chain last (see record_security_event)
    record_security_event("sign_in_failed", "anonymous", subject, _from(client, f"attempt {attempt}"))
    if locked_until:
        record_security_event("lockout", "system", subject, f"until {locked_until:%Y-%m-%d %H:%M}Z")
    db.session.commit()
    return locked_until


def _refuse_without_checking(account: UserAccount, attempt: int | None, now: datetime, client: str) -> None:
    subject = _subject(account)
    if attempt is not None:  # over the allowance but not yet locked (a parallel burst): lock it now
        _lock(account.id, now + LOCKOUT)
    record_security_event("sign_in_failed", "anonymous", subject, _from(client, "refused unchecked"))
    db.session.commit()


def _lock(account_id: int, until: datetime) -> None:
    db.session.execute(update(UserAccount).where(UserAccount.id == account_id)
                       .values(failed_attempts=0, locked_until=until).execution_options(synchronize_session=False))


def _subject(account: UserAccount) -> str:
    return f"account:{account.id}:{account.username}"


def _from(client: str, detail: str = "") -> str:
    return "; ".join(part for part in (detail, f"from {client}" if client else "") if part)


def agent_language(agent_id: int) -> str | None:
    """The console language chosen by the agent's account (their SMS are written in it), None without one."""
    return db.session.scalar(db.select(UserAccount.language).where(UserAccount.agent_id == agent_id))


def set_language(account_id: int, language: str) -> None:
    """Remember the console language the account holder chose."""
    account = db.session.get(UserAccount, account_id)
    if account is not None:
        account.language = language
        db.session.commit()


_DUMMY_HASH = hash_password("not-a-real-password-0")
