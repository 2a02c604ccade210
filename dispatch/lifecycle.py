"""Request state transitions: each an atomic compare-and-set in the database plus an audit event.

Callers commit. A transition that finds the request in another state changes nothing and returns False.
"""

from __future__ import annotations

from sqlalchemy import update

from core.clock import utcnow
from core.extensions import db
from dispatch.models import AuditEvent, ServiceRequest


def move_request(
    request_id: int,
    from_states: tuple[str, ...] | str,
    to_state: str,
    actor: str,
    reason: str = "",
    **values,
) -> bool:
    """Move a request from one of from_states to to_state if it is still there; audit it. Return success."""
    if isinstance(from_states, str):
        from_states = (from_states,)
    if len(from_states) == 1:  # the update's condition is the whole check: no read first
        current = from_states[0]
    else:  # read which of them it is in, for the audit row; the update checks it is still there
        current = db.session.execute(
            db.select(ServiceRequest.state).where(ServiceRequest.id == request_id)
        ).scalar_one_or_none()
        if current not in from_states:
            return False
    result = db.session.execute(
        update(ServiceRequest)
        .where(ServiceRequest.id == request_id, ServiceRequest.state == current)
        .values(state=to_state, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    db.session.add(AuditEvent(request_id=request_id, from_state=current, to_state=to_state,
                              actor=actor, reason=reason[:200]))
    db.session.flush()
    return True

