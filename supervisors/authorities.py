"""Appellate authorities per district and department: checked input, list, add and edit (supervisors' admin page)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from core.clock import utcnow
from core.extensions import db
from dispatch.models import FIRST_APPEAL, SECOND_APPEAL, AppellateAuthority
from fees.models import Service

LEVELS = (FIRST_APPEAL, SECOND_APPEAL)
PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class AuthorityError(ValueError):
    """Bad input: `errors` maps each field to its message (English; the view translates the codes)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class AuthorityInput:
    district: str
    department: str
    level: str
    name: str
    designation: str
    phone: str
    email: str


def departments() -> list[str]:
    """The departments of the service catalogue."""
    return sorted(set(db.session.scalars(db.select(Service.department).distinct())))


def check_authority(form: Mapping[str, str], districts: list[str], known_departments: list[str]) -> AuthorityInput:
    """Check the form's values; AuthorityError with a code per bad field."""
    values = {key: (form.get(key) or "").strip() for key in
              ("district", "department", "level", "name", "designation", "phone", "email")}
    errors = {}
    if values["district"] and values["district"] not in districts:
        errors["district"] = "unknown_district"
    if values["department"] not in known_departments:
        errors["department"] = "unknown_department"
    if values["level"] not in LEVELS:
        errors["level"] = "unknown_level"
    for key in ("name", "designation"):
        if not values[key]:
            errors[key] = "required"
        elif len(values[key]) > 120:
            errors[key] = "too_long"
    if values["phone"] and not PHONE.match(values["phone"]):
        errors["phone"] = "bad_phone"
    if values["email"] and (len(values["email"]) > 120 or not EMAIL.match(values["email"])):
        errors["email"] = "bad_email"
    if errors:
        raise AuthorityError(errors)
    return AuthorityInput(**values)


def save_authority(checked: AuthorityInput, authority_id: int | None = None) -> AppellateAuthority:
    """Add an authority, or edit one (LookupError when it does not exist); AuthorityError on a duplicate.
    Commits."""
    row = AppellateAuthority() if authority_id is None else db.session.get(AppellateAuthority, authority_id)
    if row is None:
        raise LookupError(authority_id)
    for key, value in checked.__dict__.items():
        setattr(row, key, value)
    row.updated_at = utcnow()
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise AuthorityError({"level": "duplicate"}) from None
    return row


def list_authorities() -> list[AppellateAuthority]:
    """Every authority, by department, district (UT-wide first) and level."""
    return list(db.session.scalars(db.select(AppellateAuthority).order_by(
        AppellateAuthority.department, AppellateAuthority.district, AppellateAuthority.level)))
