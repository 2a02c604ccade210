"""Catalogue and fee notification tables."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Numeric, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.extensions import db
from core.languages import CLOSEST_LANGUAGE

Money = Numeric(10, 2)


class Service(db.Model):
    """A notified e-service that citizens can ask for."""

    __tablename__ = "service"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    department: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(60), index=True)
    name_en: Mapped[str] = mapped_column(String(160))
    name_hi: Mapped[str] = mapped_column(String(160))
    name_ur: Mapped[str] = mapped_column(String(160))
    documents: Mapped[list] = mapped_column(JSON, default=list)  # [{"en":…, "hi":…, "ur":…}]
    psga_days: Mapped[int]
    doorstep: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)

    def name(self, language: str) -> str:
        """The service's name in en, hi or ur; Kashmiri and Dogri read the Urdu and Hindi names (the catalogue keeps
        three; core.languages.CLOSEST_LANGUAGE); English when the language is unknown."""
        return (getattr(self, f"name_{language}", None) or getattr(self, f"name_{CLOSEST_LANGUAGE.get(language)}", None)
                or self.name_en)


class FeeNotification(db.Model):
    """A government notification fixing the fee schedule from a date on; never edited once in force."""

    __tablename__ = "fee_notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(80), unique=True)
    issued_on: Mapped[date]
    issued_by: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[datetime] = mapped_column(index=True)
    effective_to: Mapped[datetime | None]
    is_sample: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    entries: Mapped[list[FeeEntry]] = relationship(back_populates="notification", cascade="all, delete-orphan")


class FeeEntry(db.Model):
    """One service's fees under one notification."""

    __tablename__ = "fee_entry"
    __table_args__ = (UniqueConstraint("notification_id", "service_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("fee_notification.id"), index=True)
    service_code: Mapped[str] = mapped_column(ForeignKey("service.code"))
    government_fee: Mapped[Decimal] = mapped_column(Money)
    service_fee: Mapped[Decimal] = mapped_column(Money)
    agent_share: Mapped[Decimal] = mapped_column(Money)
    government_share: Mapped[Decimal] = mapped_column(Money)

    notification: Mapped[FeeNotification] = relationship(back_populates="entries")


class HistoryIsFrozen(RuntimeError):
    """A notification in force (or past) was about to be edited or deleted."""


def _started(notification: FeeNotification | None) -> bool:
    return notification is not None and notification.effective_from is not None \
        and notification.effective_from <= utcnow()


@event.listens_for(FeeEntry, "before_update")
@event.listens_for(FeeEntry, "before_delete")
def _refuse_editing_fees_in_force(_mapper, _connection, entry: FeeEntry) -> None:
    if _started(entry.notification):
        raise HistoryIsFrozen(f"the fees of notification {entry.notification.number} are in force: never edited")


@event.listens_for(FeeNotification, "before_update")
def _refuse_editing_a_notification_in_force(_mapper, _connection, notification: FeeNotification) -> None:
    state = inspect(notification)
    changed = {a.key for a in state.attrs if a.history.has_changes()} - {"entries"}
    if not changed:
        return
    from_history = state.attrs.effective_from.history
    started = (from_history.deleted or [notification.effective_from])[0] <= utcnow()
    previous_end = state.attrs.effective_to.history.deleted
    closing = changed == {"effective_to"} and bool(previous_end) and all(v is None for v in previous_end)
    if started and not closing:
        # The one change allowed once in force: an open window gets its end, once.
        raise HistoryIsFrozen(f"notification {notification.number} is in force: only its open end may be set")


@event.listens_for(FeeNotification, "before_delete")
def _refuse_deleting_a_notification_in_force(_mapper, _connection, notification: FeeNotification) -> None:
    if _started(notification):
        raise HistoryIsFrozen(f"notification {notification.number} has been in force: history is never deleted")
