"""The security audit log: append-only, in UTC, each row chained to the one before by a SHA-256 hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DDL, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.extensions import db

# What is recorded (ASVS 16.3): the events a reviewer of an incident asks about.
EVENTS = ("account_created", "sign_in", "sign_in_failed", "lockout", "sign_out", "password_changed",
          "temporary_password", "role_changed", "district_changed", "deactivated", "reactivated", "agent_changed",
          "override", "assignment", "fee_flag_review", "rate_limited")
GENESIS = "0" * 64
_CHAIN_LOCK = 1447_0001  # PostgreSQL advisory lock key: one writer of the chain at a time


class SecurityEvent(db.Model):
    """One security event; `hash` = SHA-256(previous row's hash + this row's content)."""

    __tablename__ = "security_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)  # naive UTC, like every timestamp here
    event: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(120), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


# Rows are never changed: the database refuses an UPDATE (a removal or a forged row is caught by the chain).
_NO_UPDATE_SQLITE = ("CREATE TRIGGER IF NOT EXISTS security_event_append_only BEFORE UPDATE ON security_event "
                     "BEGIN SELECT RAISE(ABORT, 'security_event is append-only'); END")
_NO_UPDATE_POSTGRESQL = (
    "CREATE OR REPLACE FUNCTION security_event_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'security_event is append-only'; END $$; "
    "CREATE TRIGGER security_event_append_only BEFORE UPDATE ON security_event "
    "FOR EACH ROW EXECUTE FUNCTION security_event_append_only()")
APPEND_ONLY_DDL = {"sqlite": _NO_UPDATE_SQLITE, "postgresql": _NO_UPDATE_POSTGRESQL}
for _dialect, _statement in APPEND_ONLY_DDL.items():  # the same trigger as migration 0003, for create_all
    event.listen(SecurityEvent.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))


def record_security_event(event: str, actor: str, subject: str = "", detail: str = "") -> SecurityEvent:
    """Add a security event to the current database session; the caller commits (or rolls back) with its change.

    The chain is serialised until that commit (an advisory lock on PostgreSQL, the write lock on SQLite), so two
    events written at once never fork it. Call it after the transaction's other writes and commit soon after: a
    transaction holding the chain must not then wait for a row another one holds while waiting for the chain.
    """
    if event not in EVENTS:
        raise ValueError(f"unknown security event {event!r}")
    db.session.flush()  # the caller's own writes (and their row locks) come first, the chain's lock last
    _lock_chain()
    previous = db.session.scalar(db.select(SecurityEvent.hash).order_by(SecurityEvent.id.desc()).limit(1))
    row = SecurityEvent(at=utcnow().replace(microsecond=0), event=event, actor=actor[:120], subject=subject[:120],
                        detail=detail[:2000], previous_hash=previous or GENESIS)
    row.hash = chained_hash(row.previous_hash, row)
    db.session.add(row)
    db.session.flush()
    return row


def chained_hash(previous_hash: str, row: SecurityEvent) -> str:
    """The hash a row must carry: SHA-256 over the previous hash and the row's own fields."""
    content = "\x1f".join((previous_hash, row.at.isoformat(timespec="seconds"), row.event, row.actor,
                           row.subject or "", row.detail or ""))
    return hashlib.sha256(content.encode()).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    """The result of verifying the chain: `first_bad_id` is None when every row is intact."""

    rows: int
    first_bad_id: int | None
    reason: str = ""


def verify_chain(batch: int = 1000) -> ChainCheck:
    """Recompute every hash in order; report the first row whose content or link does not match."""
    previous, count, last_id = GENESIS, 0, 0
    while True:
        rows = list(db.session.scalars(db.select(SecurityEvent).where(SecurityEvent.id > last_id)
                                       .order_by(SecurityEvent.id).limit(batch)))
        if not rows:
            return ChainCheck(count, None)
        for row in rows:
            count += 1
            if row.previous_hash != previous:
                return ChainCheck(count, row.id, "does not follow the row before it (a row removed or inserted)")
            if row.hash != chained_hash(previous, row):
                return ChainCheck(count, row.id, "its content was changed")
            previous, last_id = row.hash, row.id


def _lock_chain() -> None:
    # Reading the last hash and adding the next row must not interleave with another writer's.
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CHAIN_LOCK})
    else:
        # SQLite: a write, even of no row, takes the database's write lock until the transaction ends.
        db.session.execute(text("UPDATE security_event SET id = id WHERE 0 = 1"))
