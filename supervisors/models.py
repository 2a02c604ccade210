"""Tables of the supervisors' door: a supervisor's review of a fee flag."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.extensions import db
from dispatch.models import ServiceRequest

# What a supervisor did about a fee other than the notified one.
REFUNDED, WARNED, REFERRED = "refunded", "warned", "referred"
OUTCOMES = (REFUNDED, WARNED, REFERRED)


class FeeFlagReview(db.Model):
    """One review of a flagged fee: the outcome, a note, who reviewed it and when (one per request)."""

    __tablename__ = "fee_flag_review"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("service_request.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str] = mapped_column(String(120))
    reviewed_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[ServiceRequest] = relationship()
