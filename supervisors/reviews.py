"""What supervisors record after looking into something: a fee flag's outcome, a call-back's note."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from core.audit import record_security_event
from core.clock import utcnow
from core.extensions import db
from dispatch.models import ServiceRequest
from ivr.models import DONE, CallbackRequest
from ivr.services import mark_callback_done
from supervisors.models import OUTCOMES, FeeFlagReview

NOTE_LIMIT = 500


class ReviewRefused(Exception):
    """The review cannot be recorded as asked; `code` says why (no_flag is a 404)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class FlaggedFee:
    """A request whose collected fee differed from the notified one, with its review if there is one."""

    request: ServiceRequest
    review: FeeFlagReview | None


def fee_flags(district: str | None, reviewed: bool | None, limit: int = 200,
              agent_id: int | None = None) -> list[FlaggedFee]:
    """Flagged requests of the district (or of one agent) still to review (oldest first), reviewed (latest first),
    or both (reviewed None, latest first)."""
    query = (db.select(ServiceRequest, FeeFlagReview)
             .options(joinedload(ServiceRequest.assigned_agent), joinedload(ServiceRequest.service))
             .outerjoin(FeeFlagReview, FeeFlagReview.request_id == ServiceRequest.id)
             .where(ServiceRequest.fee_flag_reason.is_not(None)))
    if district:
        query = query.where(ServiceRequest.district == district)
    if agent_id is not None:
        query = query.where(ServiceRequest.assigned_agent_id == agent_id)
    if reviewed is None:
        query = query.order_by(ServiceRequest.completed_at.desc())
    elif reviewed:
        query = query.where(FeeFlagReview.id.is_not(None)).order_by(FeeFlagReview.reviewed_at.desc())
    else:
        query = query.where(FeeFlagReview.id.is_(None)).order_by(ServiceRequest.completed_at)
    return [FlaggedFee(request, review) for request, review in db.session.execute(query.limit(limit))]


def review_fee_flag(request_id: int, district: str | None, outcome: str, note: str, actor: str) -> FeeFlagReview:
    """Record what was done about a flagged fee (refunded, warned, referred for licence action), once, audited."""
    request = db.session.get(ServiceRequest, request_id)
    if request is None or request.fee_flag_reason is None or (district and request.district != district):
        raise ReviewRefused("no_flag")
    if outcome not in OUTCOMES:
        raise ReviewRefused("bad_outcome")
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise ReviewRefused("note_too_long")
    if db.session.scalar(db.select(FeeFlagReview.id).where(FeeFlagReview.request_id == request_id)):
        raise ReviewRefused("already_reviewed")
    review = FeeFlagReview(request_id=request_id, outcome=outcome, note=note, reviewed_by=actor[:120],
                           reviewed_at=utcnow())
    db.session.add(review)
    try:
        db.session.flush()  # the unique request_id settles two supervisors reviewing at once
    except IntegrityError:
        db.session.rollback()
        raise ReviewRefused("already_reviewed") from None
    record_security_event("fee_flag_review", actor, f"request:{request.number}",
                          f"{outcome}" + (f": {note}" if note else ""))
    db.session.commit()
    return review


def mark_callback_done_with_note(callback_id: int, actor: str, district: str | None, note: str = "") -> bool:
    """Mark a call-back made, keeping what the supervisor noted; False when not theirs or already done, or when it
    follows up a bad rating and says nothing (a follow-up is closed with a note)."""
    note = (note or "").strip()[:NOTE_LIMIT]
    if not note and db.session.scalar(db.select(CallbackRequest.rating_id).where(CallbackRequest.id == callback_id)):
        return False
    if not mark_callback_done(callback_id, actor, district):
        return False
    if note:
        db.session.execute(db.update(CallbackRequest).where(CallbackRequest.id == callback_id,
                                                           CallbackRequest.done_by == actor[:120])
                           .values(note=note))
        db.session.commit()
    return True


def recent_callbacks_done(district: str | None, limit: int = 10) -> list[CallbackRequest]:
    """The latest call-backs made in the district, with their notes."""
    query = db.select(CallbackRequest).where(CallbackRequest.status == DONE)
    if district:
        query = query.where(CallbackRequest.district == district)
    return list(db.session.scalars(query.order_by(CallbackRequest.done_at.desc()).limit(limit)))
