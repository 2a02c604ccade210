"""Auto Appeal: when a PSGA timeline is missed, the appeal is filed without the citizen asking."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import update

from core.clock import local_today, utcnow
from core.extensions import db
from dispatch.models import OPEN_STATES, AuditEvent, ServiceRequest


def file_auto_appeals() -> list[int]:
    """Mark every open request past its PSGA deadline (local calendar) as appealed, once; return their ids."""
    now, today = utcnow(), local_today(current_app.config["DEFAULT_TIMEZONE"])
    overdue = db.session.scalars(
        db.select(ServiceRequest).where(ServiceRequest.state.in_(OPEN_STATES), ServiceRequest.appealed_at.is_(None),
                                        ServiceRequest.psga_due_on < today)
    ).all()
    appealed = []
    for request in overdue:
        result = db.session.execute(
            update(ServiceRequest).where(ServiceRequest.id == request.id, ServiceRequest.appealed_at.is_(None))
            .values(appealed_at=now).execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            db.session.add(AuditEvent(request_id=request.id, from_state=request.state, to_state=request.state,
                                      actor="auto-appeal", at=now,
                                      reason=f"PSGA timeline missed (due {request.psga_due_on}); "
                                             "appeal filed to the First Appellate Authority"))
            appealed.append(request.id)
    db.session.commit()
    return appealed
