"""Use cases over the catalogue and fee schedules: look-ups, imports (all or nothing) and export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy.orm import selectinload

from core.clock import utcnow
from core.extensions import db
from fees.catalogue import ServiceSpec, plan_catalogue
from fees.importer import FEE_COLUMNS, NotificationPlan, StoredWindow, local_text, plan_notification
from fees.models import FeeEntry, FeeNotification, Service
from fees.schedule import NoFeeInForce, NotificationTerms, NotifiedFee, notification_in_force, notified_fee_for
from fees.tables import ImportRefused, read_table, write_csv


def local_timezone() -> tzinfo:
    """The timezone notifications are written in (Asia/Kolkata unless configured otherwise)."""
    return ZoneInfo(current_app.config.get("DEFAULT_TIMEZONE", "Asia/Kolkata"))


def notification_terms(notification: FeeNotification) -> NotificationTerms:
    """A stored notification as plain values for the pure lookup."""
    return NotificationTerms(
        notification_id=notification.id,
        effective_from=notification.effective_from,
        effective_to=notification.effective_to,
        fees={
            e.service_code: NotifiedFee(notification.id, e.service_code, e.government_fee, e.service_fee,
                                        e.agent_share, e.government_share)
            for e in notification.entries
        },
    )


def notification_in_force_at(at: datetime | None = None) -> FeeNotification | None:
    """The stored notification in force now (or at an instant), or None."""
    at = at or utcnow()
    # The database narrows to windows containing the instant; the pure rule picks among them.
    candidates = {n.id: n for n in db.session.scalars(
        db.select(FeeNotification).options(selectinload(FeeNotification.entries)).where(
            FeeNotification.effective_from <= at,
            (FeeNotification.effective_to.is_(None)) | (FeeNotification.effective_to > at)))}
    terms = notification_in_force([notification_terms(n) for n in candidates.values()], at)
    return candidates[terms.notification_id] if terms else None


def fee_in_force(service_code: str, at: datetime | None = None) -> NotifiedFee:
    """The notified fee for a service now (or at an instant); NoFeeInForce when none is notified."""
    at = at or utcnow()
    notification = notification_in_force_at(at)
    return notified_fee_for(service_code, at, [notification_terms(notification)] if notification else [])


def active_services() -> list[Service]:
    """The services citizens can ask for, in menu order."""
    return list(db.session.scalars(
        db.select(Service).where(Service.active.is_(True)).order_by(Service.category, Service.sort_order,
                                                                    Service.name_en)
    ))


@dataclass(frozen=True)
class CatalogueImported:
    """What a catalogue import did."""

    created: tuple[str, ...]
    updated: tuple[str, ...]


def import_catalogue(text: str, filename: str) -> CatalogueImported:
    """Create or update every service in a catalogue file, or nothing (ImportRefused lists every fault)."""
    specs = plan_catalogue(read_table(text, filename, list_key="services"))
    existing = {s.code: s for s in db.session.scalars(
        db.select(Service).where(Service.code.in_([spec.code for spec in specs])))}
    created, updated = [], []
    for spec in specs:
        service = existing.get(spec.code)
        if service is None:
            db.session.add(_service_from(spec, Service()))
            created.append(spec.code)
        elif _differs(service, spec):
            _service_from(spec, service)
            updated.append(spec.code)
    db.session.commit()
    return CatalogueImported(tuple(created), tuple(updated))


def _service_from(spec: ServiceSpec, service: Service) -> Service:
    for key, value in _spec_values(spec).items():
        setattr(service, key, value)
    return service


def _spec_values(spec: ServiceSpec) -> dict[str, object]:
    return {"code": spec.code, "category": spec.category, "department": spec.department, "name_en": spec.name_en,
            "name_hi": spec.name_hi, "name_ur": spec.name_ur, "documents": [dict(d) for d in spec.documents],
            "psga_days": spec.psga_days, "doorstep": spec.doorstep, "active": spec.active,
            "sort_order": spec.sort_order}


def _differs(service: Service, spec: ServiceSpec) -> bool:
    return any(getattr(service, key) != value for key, value in _spec_values(spec).items())


def import_notification(text: str, filename: str, overrides: dict[str, object] | None = None,
                        now: datetime | None = None) -> tuple[FeeNotification, NotificationPlan]:
    """Store a notification and close the open window before it, or nothing (ImportRefused lists every fault)."""
    now = now or utcnow()
    table = read_table(text, filename, list_key="fees")
    # Lock the stored windows (on PostgreSQL) so two imports cannot both close the same one.
    stored = db.session.scalars(db.select(FeeNotification).with_for_update()).all()
    services = db.session.execute(db.select(Service.code, Service.active)).all()
    try:
        plan = plan_notification(
            table, overrides or {}, known_codes={code for code, _ in services},
            stored=[StoredWindow(n.id, n.number, n.effective_from, n.effective_to) for n in stored],
            now=now, local_tz=local_timezone(), active_codes={code for code, active in services if active},
        )
    except ImportRefused:
        db.session.rollback()  # release the lock; nothing was written
        raise
    header = plan.header
    notification = FeeNotification(
        number=header.number, issued_on=header.issued_on, issued_by=header.issued_by,
        effective_from=header.effective_from, effective_to=header.effective_to, is_sample=header.is_sample,
        note=header.note, imported_at=now,
        entries=[FeeEntry(service_code=f.service_code, government_fee=f.government_fee, service_fee=f.service_fee,
                          agent_share=f.agent_share, government_share=f.government_share) for f in plan.fees],
    )
    if plan.closes is not None:
        # The one change history allows: the open-ended window ends where the new one begins.
        closed = next(n for n in stored if n.id == plan.closes.notification_id)
        closed.effective_to = header.effective_from
    db.session.add(notification)
    db.session.commit()
    return notification, plan


def read_file(path: str | Path) -> str:
    """A file's text (UTF-8, as spreadsheets export it)."""
    return Path(path).read_text(encoding="utf-8-sig")


def export_schedule_csv(at: datetime | None = None) -> str:
    """The schedule in force as CSV with its header block (re-importable); NoFeeInForce when none is."""
    at = at or utcnow()
    notification = notification_in_force_at(at)
    if notification is None:
        raise NoFeeInForce(f"no fee notification is in force at {local_text(at, local_timezone())}")
    tz = local_timezone()
    meta = {"number": notification.number, "issued_on": notification.issued_on.isoformat(),
            "issued_by": notification.issued_by, "effective_from": local_text(notification.effective_from, tz)}
    if notification.effective_to is not None:
        meta["effective_to"] = local_text(notification.effective_to, tz)
    meta["is_sample"] = "yes" if notification.is_sample else "no"
    if notification.note:
        meta["note"] = " ".join(notification.note.split())
    names = dict(db.session.execute(db.select(Service.code, Service.name_en)).all())
    entries = sorted(notification.entries, key=lambda e: e.service_code)
    rows = [(e.service_code, e.government_fee, e.service_fee, e.agent_share, e.government_share,
             names.get(e.service_code, "")) for e in entries]
    return write_csv(meta, (*FEE_COLUMNS, "service_name"), rows)


@dataclass(frozen=True)
class ScheduleLine:
    """One service on the public schedule with the fee the citizen pays."""

    service: Service
    fee: NotifiedFee


@dataclass(frozen=True)
class PublicSchedule:
    """The notification in force (None when there is none) and its lines, in menu order."""

    notification: FeeNotification | None
    lines: tuple[ScheduleLine, ...]
    in_force_from: date | None = None  # the local date the notification took effect

    @property
    def by_category(self) -> list[tuple[str, list[ScheduleLine]]]:
        """The lines grouped by category, categories in the catalogue's order."""
        groups: dict[str, list[ScheduleLine]] = {}
        for line in self.lines:
            groups.setdefault(line.service.category, []).append(line)
        return list(groups.items())


def public_schedule(at: datetime | None = None) -> PublicSchedule:
    """What the public fee page shows: the active services the notification in force fixes a fee for."""
    notification = notification_in_force_at(at)
    if notification is None:
        return PublicSchedule(None, ())
    fees = notification_terms(notification).fees
    ordered = sorted((s for s in active_services() if s.code in fees), key=lambda s: (s.sort_order, s.name_en))
    lines = tuple(ScheduleLine(s, fees[s.code]) for s in ordered)
    started = notification.effective_from.replace(tzinfo=UTC).astimezone(local_timezone()).date()
    return PublicSchedule(notification, lines, started)
