"""The baseline of bench/ivr_load.py: a bare Flask view that checks Twilio's signature and answers one fixed TwiML.

    gunicorn bench.bare_twiml:app   (TWILIO_AUTH_TOKEN from the environment)
"""

from __future__ import annotations

import os

from flask import Flask, Response, abort, request
from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import VoiceResponse

app = Flask(__name__)
validator = RequestValidator(os.environ.get("TWILIO_AUTH_TOKEN", ""))


@app.post("/ivr/<path:webhook>")
def answer(webhook: str) -> Response:
    """Any IVR webhook: 403 unless signed, else a menu of one <Gather><Say>."""
    if not validator.validate(request.url, request.form, request.headers.get("X-Twilio-Signature", "")):
        abort(403)
    response = VoiceResponse()
    gather = response.gather(action="/ivr/step?t=1", method="POST", num_digits=1, timeout=6,
                             action_on_empty_result=True)
    gather.say("For a new doorstep service, press 1. To hear the status of a request, press 2.",
               language="en-IN", voice="Polly.Aditi")
    return Response(str(response), mimetype="text/xml")
