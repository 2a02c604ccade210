"""The phone simulator: calls the webhooks through the app itself, signed exactly as Twilio signs them."""

from __future__ import annotations

import secrets
from xml.etree.ElementTree import Element, ParseError

from defusedxml.ElementTree import fromstring
from flask import current_app, request, session

from core.clock import local_clock_text
from core.extensions import db
from core.models import OutboxMessage
from dispatch.landmarks import save_simulated_recording
from ivr.phones import is_simulated, simulated_number
from ivr.signature import signature_for

WEBHOOK_PATHS = ("/ivr/voice", "/ivr/step", "/ivr/status", "/ivr/sms", "/ivr/record")
# The simulator's own call and message ids: never a real Twilio id (CA/SM + 32 hex digits), so never a real call's.
SIMULATED_SIDS = {"CallSid": "CAsim", "MessageSid": "SMsim", "RecordingSid": "REsim"}
# What the simulator "records" when the caller speaks the landmark: a tenth of a second of silence (8 kHz, 8 bit).
FAKE_RECORDING = (b"RIFF" + (36 + 800).to_bytes(4, "little") + b"WAVEfmt " + (16).to_bytes(4, "little")
                  + (1).to_bytes(2, "little") + (1).to_bytes(2, "little") + (8000).to_bytes(4, "little")
                  + (8000).to_bytes(4, "little") + (1).to_bytes(2, "little") + (8).to_bytes(2, "little")
                  + b"data" + (800).to_bytes(4, "little") + b"\x80" * 800)
SESSION_KEY = "ivr_simulator_phone"


class NotAWebhook(ValueError):
    """The simulator only calls the IVR's own webhooks."""


class MalformedCall(ValueError):
    """The simulator's request is not {"target": "/ivr/...", "params": {name: text or number}}."""


def webhook_call(payload: object) -> tuple[str, dict[str, str]]:
    """The target and the parameters of a simulator request, checked for shape; MalformedCall when wrong."""
    if not isinstance(payload, dict):
        raise MalformedCall("the body is not a JSON object")
    target, params = payload.get("target", ""), payload.get("params") or {}
    if not isinstance(target, str) or not isinstance(params, dict):
        raise MalformedCall("target must be text and params an object")
    if not all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in params.values()):
        raise MalformedCall("each parameter must be text or a number")
    return target, {str(k): str(v) for k, v in params.items()}


def simulator_enabled() -> bool:
    """Whether the phone simulator is served: IVR_SIMULATOR on, and the database the embedded SQLite one or
    IVR_SIMULATOR_DEMO on too (it signs webhooks itself: on a real service anyone could make requests)."""
    cfg = current_app.config
    return simulator_allowed(bool(cfg.get("IVR_SIMULATOR")), bool(cfg.get("IVR_SIMULATOR_DEMO")),
                             cfg["SQLALCHEMY_DATABASE_URI"])


def simulator_allowed(switched_on: bool, declared_demo: bool, database_uri: str) -> bool:
    """The simulator runs only when switched on, and on a server database only when also declared a demo."""
    return switched_on and (database_uri.startswith("sqlite") or declared_demo)


def session_phone() -> str:
    """This browser session's caller number, drawn once from the fictitious range and kept in the session."""
    number = session.get(SESSION_KEY)
    if not is_simulated(number):
        number = session[SESSION_KEY] = simulated_number()
    return number


def call_webhook(target: str, params: dict[str, str], caller: str) -> dict:
    """POST params to one IVR webhook, from the session's caller, with Twilio's signature; the answer described."""
    path = target.split("?", 1)[0]
    if path not in WEBHOOK_PATHS:
        raise NotAWebhook(target)
    for name, prefix in SIMULATED_SIDS.items():
        if name in params and not params[name].startswith(prefix):
            raise MalformedCall(f"{name} must start with {prefix}")
    params = {**params, "From": caller}  # whatever the browser says, the simulator only calls from its own number
    if path == "/ivr/record":  # the caller spoke the landmark: a small local file stands for Twilio's recording
        sid = "REsim" + secrets.token_hex(12)
        params.update(RecordingSid=sid, RecordingUrl=save_simulated_recording(sid, FAKE_RECORDING))
    base = (current_app.config.get("PUBLIC_BASE_URL") or request.host_url).rstrip("/")
    signature = signature_for(base + target, params)
    answer = current_app.test_client().post(target, base_url=base, data=params,
                                            headers={"X-Twilio-Signature": signature})
    body = answer.get_data(as_text=True)
    described = describe_twiml(body) if answer.status_code == 200 else {}
    return {"status": answer.status_code, "twiml": body, **described}


def describe_twiml(twiml: str) -> dict:
    """What a caller would hear and what happens next, read off a TwiML document."""
    try:
        root = fromstring(twiml)  # our own TwiML, parsed all the same as if it came from outside
    except ParseError:
        return {"speech": [], "ended": True}
    speech, gather, redirect, operator, ended, record = [], None, None, None, False, None
    for verb in root:
        if verb.tag == "Record":  # the spoken landmark: keys other than # "speak", # skips (the redirect)
            record = {"action": verb.get("action"), "maxLength": verb.get("maxLength")}
        elif verb.tag == "Gather":
            gather = {"action": verb.get("action"), "numDigits": verb.get("numDigits"),
                      "finishOnKey": verb.get("finishOnKey")}
            speech += [_said(inner) for inner in verb]
        elif verb.tag in ("Say", "Play"):
            speech.append(_said(verb))
        elif verb.tag == "Redirect" and gather is None and record is None:
            redirect = verb.text
        elif verb.tag == "Redirect" and record is not None:
            record["skip"] = verb.text
        elif verb.tag in ("Dial", "Enqueue"):
            operator = {"verb": verb.tag, "target": (verb.text or "").strip(), "action": verb.get("action")}
        elif verb.tag == "Hangup":
            ended = True
    return {"speech": speech, "gather": gather, "redirect": redirect, "operator": operator, "ended": ended,
            "record": record}


def outbox_for(number: str, limit: int = 20) -> list[dict]:
    """The latest SMS sent to one of the simulator's numbers, newest first (nothing for any other number)."""
    if not is_simulated(number):
        return []
    messages = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.to_number == number)
        .order_by(OutboxMessage.id.desc()).limit(limit)
    )
    return [{"to": m.to_number, "sender": m.sender, "body": m.body, "template": m.template,
             "at": local_clock_text(m.created_at, current_app.config["DEFAULT_TIMEZONE"])} for m in messages]


def _said(verb: Element) -> dict:
    if verb.tag == "Play":
        return {"verb": "Play", "url": (verb.text or "").strip()}
    return {"verb": "Say", "language": verb.get("language"), "text": (verb.text or "").strip()}
