"""Department systems' API tokens: a random token shown once; only its SHA-256 is kept (DepartmentToken)."""

from __future__ import annotations

import hashlib
import re
import secrets

from core.clock import utcnow
from core.extensions import db
from dispatch.models import DepartmentToken

SOURCE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,39}$")


class TokenError(ValueError):
    """A token could not be issued; the message says why."""


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(source: str, department: str) -> str:
    """A new token for a department's system named `source` (replacing its earlier one); the caller commits."""
    source, department = (source or "").strip().lower(), (department or "").strip()
    if not SOURCE.match(source):
        raise TokenError("the source must be 2-40 lower-case letters, digits, - or _ (e.g. revenue)")
    if not department or len(department) > 120:
        raise TokenError("the department must be named (as in the service catalogue), at most 120 characters")
    token = "dd_" + secrets.token_urlsafe(32)
    row = db.session.scalar(db.select(DepartmentToken).where(DepartmentToken.source == source))
    if row is None:
        row = DepartmentToken(source=source, department=department, token_hash=token_hash(token))
        db.session.add(row)
    else:
        row.department, row.token_hash, row.active, row.created_at = department, token_hash(token), True, utcnow()
    db.session.flush()
    return token


def token_holder(token: str) -> DepartmentToken | None:
    """The department token row a bearer token belongs to (active or revoked); None for an unknown token."""
    if not token:
        return None
    row = db.session.scalar(db.select(DepartmentToken).where(DepartmentToken.token_hash == token_hash(token)))
    if row is None or not secrets.compare_digest(row.token_hash, token_hash(token)):
        return None
    return row


def revoke_token(source: str) -> bool:
    """Switch a source's token off (its calls get 403); False when there is none. The caller commits."""
    row = db.session.scalar(db.select(DepartmentToken).where(DepartmentToken.source == source))
    if row is None:
        return False
    row.active = False
    return True
