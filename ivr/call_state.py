"""Where a call's state lives between webhooks: a Redis hash per CallSid (the fast path, no SQL), or the call's
database row (ivr_call_session) when Redis is unreachable. One record type, two stores, chosen per call.

Each store saves a step's answer only if the call is still at the turn the step answered (a compare-and-set: a Lua
script in Redis, a row lock in the database), so a webhook that Twilio retries, even concurrently, gets the answer
the first attempt stored. A Redis-held call's summary is written to the database once, when it ends.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app
from redis import Redis
from redis.commands.core import Script
from redis.exceptions import RedisError
from sqlalchemy.exc import IntegrityError

from core.clock import utcnow
from core.extensions import db
from ivr.catalogue import VERSION_KEY
from ivr.flow import Reply
from ivr.models import CallerPreference, CallSession

log = logging.getLogger(__name__)

CALL_STATE_SECONDS = 2 * 3600  # a call's hash outlives any call (Twilio's longest is 4 h; ours end far sooner)
LANGUAGE_SECONDS = 24 * 3600  # a caller's language, cached; unknown callers for a shorter while
UNKNOWN_LANGUAGE_SECONDS = 600
EFFECT_LOCK_MS = 20_000  # held while a step books a request or a call-back: a concurrent retry waits for it
REDIS_RESTING_SECONDS = 5.0  # after a Redis failure, new calls and steps go to the database for this long
_NO_LANGUAGE = b"-"

# Save only if the call is still at the expected turn ("" = the call is not stored yet).
_SAVE_IF_AT_TURN = """
local turn = redis.call('HGET', KEYS[1], 'turn')
if (turn or '') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
"""
# The call and the catalogue's version number in one round trip.
_LOAD_WITH_VERSION = """
return {redis.call('HGETALL', KEYS[1]), redis.call('GET', KEYS[2])}
"""


@dataclass
class CallRecord:
    """A call between webhooks: its flow state, the turn the next keys answer, and the last answer given."""

    call_sid: str
    caller: str | None
    state: dict = field(default_factory=dict)
    turn: int = 1
    last_key: str = ""
    last_answer: str = ""
    request_number: str | None = None
    remember_language: str | None = None  # chosen during a Redis-held call; written to the database at its end
    started_at: datetime = field(default_factory=utcnow)
    row: CallSession | None = None  # the database row, for a call held there

    def record(self, reply: Reply, twiml: str) -> None:
        """Keep the flow's new state and the TwiML answered for it."""
        self.state, self.last_answer = reply.state.as_dict(), twiml

    def write_to(self, row: CallSession) -> None:
        """Copy the call onto its database row."""
        row.caller = self.caller
        row.state, row.step = self.state, self.state.get("step", "")
        row.language, row.outcome = self.state.get("language"), self.state.get("outcome")
        row.turn, row.last_key, row.last_answer = self.turn, self.last_key, self.last_answer
        row.request_number = self.request_number or row.request_number
        row.started_at, row.updated_at = self.started_at, utcnow()

    @classmethod
    def from_row(cls, row: CallSession) -> CallRecord:
        return cls(row.call_sid, row.caller, dict(row.state or {}), row.turn, row.last_key or "", row.last_answer or "",
                   row.request_number, None, row.started_at, row)


class RedisCallStore:
    """Calls in Redis hashes `ivr:call:<CallSid>`, expiring CALL_STATE_SECONDS after their last step."""

    name = "redis"

    def __init__(self, redis: Redis):
        self.redis = redis
        self.catalogue_version: bytes | None = None

    def load(self, call_sid: str) -> CallRecord | None:
        """The call, read in one round trip with the catalogue's version number."""
        flat, self.catalogue_version = _script(self.redis, _LOAD_WITH_VERSION)(keys=[_call_key(call_sid), VERSION_KEY])
        if not flat:
            return None
        text = {flat[i].decode(): flat[i + 1].decode() for i in range(0, len(flat), 2)}
        return CallRecord(call_sid, text.get("caller") or None, json.loads(text.get("state") or "{}"),
                          int(text.get("turn") or 1), text.get("key", ""), text.get("answer", ""),
                          text.get("request") or None, text.get("remember") or None,
                          datetime.fromisoformat(text["started"]) if text.get("started") else utcnow())

    def save(self, record: CallRecord, expected_turn: int | None) -> bool:
        """Store the call if it is still at expected_turn (None: not stored yet); False when another won."""
        fields = {"caller": record.caller or "", "state": json.dumps(record.state), "turn": record.turn,
                  "key": record.last_key, "answer": record.last_answer, "request": record.request_number or "",
                  "remember": record.remember_language or "", "started": record.started_at.isoformat()}
        args = ["" if expected_turn is None else str(expected_turn), _call_seconds()]
        for name, value in fields.items():
            args += [name, value]
        return bool(_script(self.redis, _SAVE_IF_AT_TURN)(keys=[_call_key(record.call_sid)], args=args))

    def hold_effect(self, call_sid: str) -> bool:
        """Whether this step may book (no concurrent attempt of the same step is booking)."""
        return bool(self.redis.set(_call_key(call_sid) + ":effect", 1, nx=True, px=EFFECT_LOCK_MS))

    def release_effect(self, call_sid: str) -> None:
        try:
            self.redis.delete(_call_key(call_sid) + ":effect")
        except RedisError:  # it expires by itself; the step's answer is what matters now
            log.warning("could not release the booking lock of call %s", call_sid[-6:])

    def answer_once_saved(self, call_sid: str, turn: int) -> str | None:
        """The answer of a turn a concurrent attempt is booking, once it is saved (None if it never is)."""
        deadline = time.monotonic() + EFFECT_LOCK_MS / 1000
        while time.monotonic() < deadline:
            record = self.load(call_sid)
            if record is not None and record.turn != turn:
                return record.last_answer
            time.sleep(0.05)
        return None

    def cached_language(self, caller: str) -> tuple[bool, str | None]:
        """(known, language) of a caller from the cache."""
        value = self.redis.get(_language_key(caller))
        if value is None:
            return False, None
        return True, (None if value == _NO_LANGUAGE else value.decode())

    def cache_language(self, caller: str, language: str | None) -> None:
        self.redis.set(_language_key(caller), language or _NO_LANGUAGE,
                       ex=LANGUAGE_SECONDS if language else UNKNOWN_LANGUAGE_SECONDS)

    def remember_language(self, record: CallRecord, language: str) -> None:
        """Known to the caller's next call at once; in the database when this call ends."""
        record.remember_language = language
        self.cache_language(record.caller, language)


class DatabaseCallStore:
    """Calls in ivr_call_session rows, locked for the step (FOR UPDATE on PostgreSQL)."""

    name = "database"
    catalogue_version = None

    def load(self, call_sid: str) -> CallRecord | None:
        row = call_row(call_sid, for_update=True)
        return CallRecord.from_row(row) if row is not None else None

    def save(self, record: CallRecord, expected_turn: int | None) -> bool:
        """Write and commit the call's row; False when a concurrent first step stored it first."""
        if record.row is None:
            record.row = CallSession(call_sid=record.call_sid)
            db.session.add(record.row)
        record.write_to(record.row)
        try:
            db.session.commit()
        except IntegrityError:  # the same call's first webhook, twice at once
            db.session.rollback()
            return False
        return True

    def hold_effect(self, call_sid: str) -> bool:
        return True  # the row is locked for the step

    def release_effect(self, call_sid: str) -> None:
        pass

    def answer_once_saved(self, call_sid: str, turn: int) -> str | None:
        return None

    def cached_language(self, caller: str) -> tuple[bool, str | None]:
        return False, None

    def cache_language(self, caller: str, language: str | None) -> None:
        pass

    def remember_language(self, record: CallRecord, language: str) -> None:
        remember_language(record.caller, language)  # committed with the step


def call_row(call_sid: str, for_update: bool = False) -> CallSession | None:
    """The call's database row, if it has one."""
    query = db.select(CallSession).where(CallSession.call_sid == call_sid)
    if for_update:
        query = query.with_for_update()  # Twilio retrying while we answer waits for the first answer
    return db.session.scalar(query)


def remember_language(caller: str, language: str) -> None:
    """Keep the caller's language choice for their next call (in the session; the caller commits)."""
    preference = db.session.get(CallerPreference, caller)
    if preference is None:
        db.session.add(CallerPreference(phone=caller, language=language))
    elif preference.language != language:
        preference.language, preference.updated_at = language, utcnow()


# ---- choosing the store -------------------------------------------------------------------------------------

def redis_store() -> RedisCallStore | None:
    """The Redis store, unless Redis failed a moment ago (then None: use the database)."""
    if time.monotonic() < current_app.extensions.get("ivr_redis_resting_until", 0.0):
        return None
    redis = current_app.extensions.get("redis")
    return RedisCallStore(redis) if redis is not None else None


def redis_failed(error: RedisError) -> None:
    """Rest Redis for a few seconds: calls go to the database meanwhile."""
    if time.monotonic() >= current_app.extensions.get("ivr_redis_resting_until", 0.0):
        log.warning("Redis unreachable (%s): IVR calls kept in the database for now", type(error).__name__)
    current_app.extensions["ivr_redis_resting_until"] = time.monotonic() + REDIS_RESTING_SECONDS


def _script(redis: Redis, source: str) -> Script:
    """A Lua script registered once per app and client (EVALSHA: the source is sent only when Redis lacks it)."""
    scripts = current_app.extensions.setdefault("ivr_call_scripts", {})
    script = scripts.get((id(redis), source))
    if script is None:
        script = scripts[(id(redis), source)] = redis.register_script(source)
    return script


def _call_key(call_sid: str) -> str:
    return f"ivr:call:{call_sid}"


def _language_key(caller: str) -> str:
    return f"ivr:caller-language:{caller}"


def _call_seconds() -> int:
    return int(current_app.config.get("IVR_CALL_STATE_SECONDS", CALL_STATE_SECONDS))
