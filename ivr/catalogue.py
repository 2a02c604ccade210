"""The menus' catalogue and the fee notifications not yet ended, held in memory per process.

A menu step reads this snapshot, not the database. It is reloaded when it is older than `IVR_CATALOGUE_SECONDS`
(60 s; 10 s while Redis is unreachable), when this process commits a change to a service, notification or fee
entry (a session listener), and when any process has done so: the commit also bumps a version number in Redis,
which each step reads in the same round trip as the call's state. Which notification is in force is decided at
each quote by the pure rule (fees.schedule), so a notification that starts later needs no reload.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session, selectinload

from core.extensions import db
from fees.labels import category_name
from fees.models import FeeEntry, FeeNotification, Service
from fees.schedule import NoFeeInForce, NotificationTerms, NotifiedFee, notified_fee_for
from fees.services import active_services, notification_terms
from ivr.prompts import LANGUAGES

log = logging.getLogger(__name__)

VERSION_KEY = "ivr:catalogue:version"
MAX_AGE_SECONDS = 60.0
MAX_AGE_WITHOUT_REDIS_SECONDS = 10.0
_FEE_TABLES = (Service, FeeNotification, FeeEntry)
_generation = 0  # bumped by every commit of this process that changed the catalogue or the fees


@dataclass(frozen=True)
class MenuService:
    """A doorstep service as the menus speak it."""

    code: str
    category: str
    names: dict[str, str]
    documents: tuple[dict, ...]


@dataclass(frozen=True)
class Catalogue:
    """The active doorstep services in menu order, and the fee notifications not ended when it was loaded."""

    services: tuple[MenuService, ...]
    notifications: tuple[NotificationTerms, ...]
    category_names: dict[str, dict[str, str]]

    def categories(self) -> list[str]:
        """The categories in menu order."""
        return list(dict.fromkeys(s.category for s in self.services))

    def in_category(self, category: str) -> list[MenuService]:
        return [s for s in self.services if s.category == category]

    def service(self, code: str) -> MenuService | None:
        return next((s for s in self.services if s.code == code), None)

    def fee(self, code: str, at: datetime) -> NotifiedFee | None:
        """The fee in force for a service at an instant, or None."""
        try:
            return notified_fee_for(code, at, self.notifications)
        except NoFeeInForce:
            return None


def load_catalogue(now: datetime) -> Catalogue:
    """Read the catalogue and the notifications whose window has not ended (three queries)."""
    services = tuple(MenuService(s.code, s.category, {lang: s.name(lang) for lang in LANGUAGES},
                                 tuple(s.documents or ())) for s in active_services() if s.doorstep)
    notifications = tuple(notification_terms(n) for n in db.session.scalars(
        db.select(FeeNotification).options(selectinload(FeeNotification.entries))
        .where((FeeNotification.effective_to.is_(None)) | (FeeNotification.effective_to > now))))
    categories = dict.fromkeys(s.category for s in services)
    names = {c: {lang: category_name(c, lang) for lang in LANGUAGES} for c in categories}
    return Catalogue(services, notifications, names)


class CatalogueCache:
    """One process's snapshot, shared by its threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshot: Catalogue | None = None
        self._stamp: tuple[int, bytes | None] = (-1, None)
        self._loaded_at = 0.0

    def current(self, version: bytes | None, redis_reachable: bool, now: datetime) -> Catalogue:
        """The snapshot, reloaded first when stale (version as read from Redis with the call's state)."""
        max_age = current_app.config.get("IVR_CATALOGUE_SECONDS", MAX_AGE_SECONDS)
        if not redis_reachable:
            max_age = min(max_age, MAX_AGE_WITHOUT_REDIS_SECONDS)
        stamp = (_generation, version if redis_reachable else self._stamp[1])
        snapshot = self._snapshot
        if snapshot is not None and stamp == self._stamp and time.monotonic() - self._loaded_at < max_age:
            return snapshot
        with self._lock:
            if self._snapshot is snapshot or self._snapshot is None:
                self._snapshot = load_catalogue(now)
                self._stamp, self._loaded_at = stamp, time.monotonic()
            return self._snapshot


def catalogue_cache() -> CatalogueCache:
    """This app's snapshot holder."""
    return current_app.extensions.setdefault("ivr_catalogue", CatalogueCache())


# ---- invalidation -------------------------------------------------------------------------------------------

@event.listens_for(Session, "after_flush")
def _note_catalogue_change(session: Session, _context) -> None:
    if any(isinstance(row, _FEE_TABLES) for row in (*session.new, *session.dirty, *session.deleted)):
        session.info["ivr_catalogue_changed"] = True


@event.listens_for(Session, "after_commit")
def _announce_catalogue_change(session: Session) -> None:
    global _generation
    if not session.info.pop("ivr_catalogue_changed", False):
        return
    _generation += 1
    try:
        redis = current_app.extensions.get("redis")
        if redis is not None:
            redis.incr(VERSION_KEY)
    except (RedisError, RuntimeError):  # Redis down (the max age covers it) or no app context
        log.warning("could not announce a catalogue or fee change to the other processes")


@event.listens_for(Session, "after_rollback")
def _forget_catalogue_change(session: Session) -> None:
    session.info.pop("ivr_catalogue_changed", None)
