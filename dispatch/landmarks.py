"""The spoken landmark recorded on the call (issue 13): where its audio is, who may hear it, and when it goes.

A Twilio recording is kept as its RecordingSid and URL and fetched with the account's credentials through the
telephony adapter when the assigned agent plays it; the phone simulator's recording is a small local file in
<instance>/landmarks/<sid>.wav (URL "simulator:<sid>"). LANDMARK_KEEP_DAYS after the request closes (completed or
cancelled) the sweeper deletes the file (or Twilio's recording) and the reference, with an audit row.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, update

from core.clock import utcnow
from core.extensions import db
from dispatch.models import CANCELLED, COMPLETED, HELD_STATES, AuditEvent, ServiceRequest

log = logging.getLogger(__name__)

SIMULATOR_PREFIX = "simulator:"
TWILIO_SID = re.compile(r"^RE[0-9a-f]{32}$")
SIMULATOR_SID = re.compile(r"^REsim[0-9a-f]{8,32}$")
_TWILIO_URL = re.compile(r"^https://api\.twilio\.com/2010-04-01/Accounts/AC[0-9a-f]{32}/Recordings/(RE[0-9a-f]{32})$")
_CLOSED = (COMPLETED, CANCELLED)
_BATCH = 200


def accepted_recording(sid: str | None, url: str | None) -> tuple[str, str] | None:
    """A recording webhook's (sid, url) if it names a Twilio recording of that sid (no other host is ever fetched)
    or one of the simulator's local files; None otherwise."""
    sid, url = (sid or "").strip(), (url or "").strip()
    match = _TWILIO_URL.match(url)
    if TWILIO_SID.match(sid) and match and match.group(1) == sid:
        return sid, url
    if SIMULATOR_SID.match(sid) and url == SIMULATOR_PREFIX + sid and os.path.isfile(_local_file(sid)):
        return sid, url
    return None


def save_simulated_recording(sid: str, audio: bytes) -> str:
    """Keep the simulator's recording as a local file; its URL."""
    if not SIMULATOR_SID.match(sid):
        raise ValueError("not a simulator recording id")
    os.makedirs(landmark_folder(), exist_ok=True)
    with open(_local_file(sid), "wb") as out:
        out.write(audio)
    return SIMULATOR_PREFIX + sid


def landmark_for_agent(request_id: int, agent_id: int) -> ServiceRequest | None:
    """The request whose landmark this agent may hear: they hold the job and a recording is kept; else None."""
    request = db.session.get(ServiceRequest, request_id)
    if (request is None or request.assigned_agent_id != agent_id or request.state not in HELD_STATES
            or not request.landmark_recording_url):
        return None
    return request


def landmark_audio(request: ServiceRequest) -> tuple[bytes, str] | None:
    """The recording's bytes and media type: the local file, or Twilio's MP3 fetched with the account's
    credentials (None when it cannot be had: deleted, or no credentials for a Twilio recording)."""
    url = request.landmark_recording_url or ""
    if url.startswith(SIMULATOR_PREFIX):
        path = _local_file(request.landmark_recording_sid or "")
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as audio:
            return audio.read(), "audio/wav"
    telephony = current_app.extensions["telephony"]
    if not telephony.uses_twilio or not _TWILIO_URL.match(url):
        return None
    return telephony.fetch_recording(url + ".mp3"), "audio/mpeg"


def delete_expired_landmarks(now: datetime | None = None) -> int:
    """The sweeper's hourly job: forget the landmark of every request closed LANDMARK_KEEP_DAYS ago or more."""
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["LANDMARK_KEEP_DAYS"])
    closed_at = func.coalesce(ServiceRequest.completed_at, ServiceRequest.updated_at)
    due = db.session.execute(
        db.select(ServiceRequest.id, ServiceRequest.state, ServiceRequest.landmark_recording_sid,
                  ServiceRequest.landmark_recording_url)
        .where(ServiceRequest.landmark_recording_sid.is_not(None), ServiceRequest.state.in_(_CLOSED),
               closed_at <= cutoff).limit(_BATCH)).all()
    db.session.rollback()
    deleted = 0
    for request_id, state, sid, url in due:
        forgotten = db.session.execute(
            update(ServiceRequest).where(ServiceRequest.id == request_id, ServiceRequest.landmark_recording_sid == sid)
            .values(landmark_recording_sid=None, landmark_recording_url=None, landmark_deleted_at=now)
            .execution_options(synchronize_session=False)).rowcount == 1
        if not forgotten:
            db.session.rollback()
            continue
        db.session.add(AuditEvent(request_id=request_id, from_state=state, to_state=state, actor="sweeper",
                                  reason=f"spoken landmark deleted {current_app.config['LANDMARK_KEEP_DAYS']} days "
                                         "after the request closed"))
        db.session.commit()
        _delete_audio(sid, url)
        deleted += 1
    return deleted


def landmark_folder() -> str:
    return os.path.join(current_app.instance_path, "landmarks")


def _local_file(sid: str) -> str:
    return os.path.join(landmark_folder(), f"{os.path.basename(sid)}.wav")


def _delete_audio(sid: str, url: str) -> None:
    """The audio itself, once its reference is gone: the local file, or Twilio's recording (best effort, logged)."""
    if (url or "").startswith(SIMULATOR_PREFIX):
        try:
            os.remove(_local_file(sid))
        except FileNotFoundError:
            pass
        return
    telephony = current_app.extensions["telephony"]
    if telephony.uses_twilio and _TWILIO_URL.match(url or ""):
        try:
            telephony.delete_recording(url)
        except Exception:  # the reference is gone already; Twilio's own retention removes it in the end
            log.exception("deleting recording %s at Twilio failed", sid[-6:])
