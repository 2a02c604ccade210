"""The board's panels from the citizens' door: call-backs to make, and citizens' approval ratings (RAS)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app

from core.clock import local_clock_text, utcnow
from core.extensions import db
from dispatch.models import ServiceRequest
from ivr.models import Rating
from ivr.services import open_callbacks

GOOD, AVERAGE, BAD = 1, 2, 3


def approval_summary(district: str | None = None, days: int = 30) -> dict:
    """Ratings of the last `days` days by score, and the approval rating (good / all) in percent."""
    query = (db.select(Rating.score, db.func.count(Rating.id))
             .join(ServiceRequest, ServiceRequest.id == Rating.request_id)
             .where(Rating.created_at >= utcnow() - timedelta(days=days)).group_by(Rating.score))
    if district:
        query = query.where(ServiceRequest.district == district)
    counts = {score: 0 for score in (GOOD, AVERAGE, BAD)} | dict(db.session.execute(query).all())
    total = sum(counts.values())
    return {"days": days, "good": counts[GOOD], "average": counts[AVERAGE], "bad": counts[BAD], "total": total,
            "approval_percent": round(100 * counts[GOOD] / total) if total else None}


def callbacks_context(district: str | None) -> dict:
    """The open call-backs, each with the time it was asked for on the local clock."""
    timezone_name = current_app.config["DEFAULT_TIMEZONE"]
    return {"callbacks": [(callback, local_clock_text(callback.requested_at, timezone_name))
                          for callback in open_callbacks(district)]}

