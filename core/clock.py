"""Time in one place: naive UTC datetimes everywhere in the database."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, as a naive UTC datetime (what the database columns store)."""
    return datetime.now(UTC).replace(tzinfo=None)
