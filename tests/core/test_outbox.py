"""The telephony adapter: the outbox always, Twilio's real SDK when configured (here against a local stub)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from twilio.base.exceptions import TwilioRestException

from core.extensions import db, telephony
from core.models import OutboxMessage


class TwilioStub(BaseHTTPRequestHandler):
    """Answers the Messages endpoint of Twilio's REST API like Twilio does."""

    received: list = []
    fail = False

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers["Content-Length"])
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        TwilioStub.received.append({"path": self.path, "auth": self.headers.get("Authorization"), **form})
        status, payload = (500, {"code": 20500, "message": "Internal Server Error", "status": 500}) if TwilioStub.fail \
            else (201, {"sid": "SM" + "0" * 32, "status": "queued", "to": form["To"], "from": form["From"],
                        "body": form["Body"]})
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def twilio_stub(app):
    TwilioStub.received, TwilioStub.fail = [], False
    server = ThreadingHTTPServer(("127.0.0.1", 0), TwilioStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.config.update(TWILIO_ACCOUNT_SID="AC" + "1" * 32, TWILIO_AUTH_TOKEN="secret-token",
                      TWILIO_API_BASE_URL=f"http://127.0.0.1:{server.server_port}")
    yield TwilioStub
    server.shutdown()


def test_without_twilio_credentials_an_sms_lands_in_the_local_outbox(app):
    message_id = telephony.send_sms("+919876543210", "नमस्ते", template="hello")
    message = db.session.get(OutboxMessage, message_id)
    assert (message.status, message.sender, message.body, message.to_number) == \
        ("local", "JKGOVT", "नमस्ते", "+919876543210")


def test_with_twilio_credentials_the_sdk_sends_from_the_sender_id_and_the_outbox_keeps_the_sid(app, twilio_stub):
    message_id = telephony.send_sms("+919876543210", "درخواست درج ہو گئی", template="created")
    message = db.session.get(OutboxMessage, message_id)
    assert message.status == "sent" and message.provider_sid == "SM" + "0" * 32
    [call] = twilio_stub.received
    assert call["path"] == f"/2010-04-01/Accounts/{'AC' + '1' * 32}/Messages.json"
    assert (call["To"], call["From"], call["Body"]) == ("+919876543210", "JKGOVT", "درخواست درج ہو گئی")
    assert call["auth"].startswith("Basic ")


def test_a_twilio_failure_is_recorded_in_the_outbox_and_raised_for_the_retrying_job(app, twilio_stub):
    twilio_stub.fail = True
    with pytest.raises(TwilioRestException):
        telephony.send_sms("+919876543210", "hello", dedupe_key="k1")
    [message] = db.session.scalars(db.select(OutboxMessage)).all()
    assert message.status == "failed" and "500" in message.error


def test_a_retry_after_failure_sends_again_and_keeps_the_failed_attempt(app, twilio_stub):
    twilio_stub.fail = True
    with pytest.raises(TwilioRestException):
        telephony.send_sms("+919876543210", "hello", dedupe_key="k2")
    twilio_stub.fail = False
    telephony.send_sms("+919876543210", "hello", dedupe_key="k2")
    statuses = sorted(m.status for m in db.session.scalars(db.select(OutboxMessage)))
    assert statuses == ["failed", "sent"]


def test_a_second_send_with_the_same_key_sends_nothing(app):
    first = telephony.send_sms("+919876543210", "once", dedupe_key="receipt:1")
    second = telephony.send_sms("+919876543210", "once", dedupe_key="receipt:1")
    assert first == second
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 1
