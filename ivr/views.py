"""Twilio webhooks and the phone simulator."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, jsonify, render_template, request, send_from_directory
from twilio.twiml.voice_response import VoiceResponse

from core.extensions import csrf
from core.security import limiter
from dispatch.landmarks import accepted_recording
from ivr import (
    limits,
    models,  # noqa: F401  (register the IVR tables)
    services,
    simulator,
)
from ivr.signature import twilio_signed
from ivr.twiml import RECORDING_TYPES, uploaded_audio_folder, uploaded_recording

bp = Blueprint("ivr", __name__, url_prefix="/ivr")

SID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # Twilio's are CA + 32 hex digits; the simulator's look alike


def _twiml(body: str) -> Response:
    return Response(body, mimetype="text/xml")


def _call_sid() -> str:
    sid = request.form.get("CallSid", "").strip()
    if not SID.match(sid):
        abort(400)
    return sid


@bp.post("/voice")
@csrf.exempt
@twilio_signed  # first: an unsigned request must not spend a real caller's allowance
@limiter.limit(limits.call_limit, key_func=limits.caller_key, exempt_when=limits.caller_withheld,
               on_breach=limits.answer_too_many_calls)
def voice():
    """Twilio's "a call comes in" webhook."""
    return _twiml(services.answer_call(_call_sid(), request.form.get("From")))


@bp.post("/step")
@csrf.exempt
@twilio_signed
def step():
    """The keys gathered at one turn of the call (or the end of a <Dial> to the operator)."""
    dial_status = request.form.get("DialCallStatus", "no-answer") if request.args.get("dialed") else None
    return _twiml(services.answer_step(_call_sid(), request.args.get("t"), request.form.get("Digits"),
                                       request.form.get("From"), dial_status))


@bp.post("/record")
@csrf.exempt
@twilio_signed
def record():
    """What <Record> heard after the PIN: the spoken landmark (issue 13), kept on the call, then on the request.
    A recording that is not Twilio's (or the simulator's own file) is ignored: the landmark is then skipped."""
    recording = accepted_recording(request.form.get("RecordingSid"), request.form.get("RecordingUrl"))
    return _twiml(services.answer_step(_call_sid(), request.args.get("t"), None, request.form.get("From"),
                                       recording=recording or ("", "")))


@bp.post("/status")
@csrf.exempt
@twilio_signed
def status():
    """Twilio's call status callback: closes the call session, records an abandoned call."""
    services.end_call(_call_sid(), request.form.get("CallStatus", ""), request.form.get("From"))
    return _twiml(str(VoiceResponse()))


@bp.get("/audio/<language>/<key>.mp3")
def uploaded_audio(language: str, key: str):
    """A recorded prompt uploaded to the instance folder."""
    name = uploaded_recording(language, key)
    if name is None:
        abort(404)
    return send_from_directory(uploaded_audio_folder(), name, mimetype=RECORDING_TYPES[name.rsplit(".", 1)[1]])


@bp.get("/simulator")
def simulator_page():
    """A keypad phone in the browser that calls the IVR like Twilio would."""
    if not simulator.simulator_enabled():
        abort(404)
    return render_template("ivr/simulator.html", caller=simulator.session_phone())


@bp.post("/simulator/webhook")
@csrf.exempt  # checked below, once the route is known to exist: switched off, it is a 404 like the others
def simulator_webhook():
    """Call one IVR webhook, signed like Twilio; the answer and what the caller would hear."""
    if not simulator.simulator_enabled():
        abort(404)
    csrf.protect()
    try:
        target, params = simulator.webhook_call(request.get_json(silent=True))
        return jsonify(simulator.call_webhook(target, params, simulator.session_phone()))
    except (simulator.NotAWebhook, simulator.MalformedCall):
        abort(400)


@bp.get("/simulator/outbox")
def simulator_outbox():
    """The SMS sent to this session's simulated phone (a `phone` asked for is ignored)."""
    if not simulator.simulator_enabled():
        abort(404)
    return jsonify(simulator.outbox_for(simulator.session_phone()))
