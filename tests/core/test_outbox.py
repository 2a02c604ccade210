"""The SMS outbox and the telephony adapter: a row first, sent exactly once by a job; Twilio's real SDK when
configured (here against a local stub of its REST API)."""

import json
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from rq import Queue

from core.clock import utcnow
from core.extensions import db, queues
from core.models import FAILED, PENDING, SENDING, SENT, OutboxMessage
from core.outbox import MAX_ATTEMPTS, requeue_due_messages, send_outbox_message, stage_sms

CITIZEN = "+919876543210"


class TwilioStub(BaseHTTPRequestHandler):
    """Answers the Messages endpoints of Twilio's REST API like Twilio does: create, and list by recipient."""

    received: list = []
    fail_with: int | None = None

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers["Content-Length"])
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if TwilioStub.fail_with:
            self._answer(TwilioStub.fail_with, {"code": 21211 if TwilioStub.fail_with == 400 else 20500,
                                                "message": "refused", "status": TwilioStub.fail_with})
            return
        sid = f"SM{len(TwilioStub.received):032d}"
        TwilioStub.received.append({"path": self.path, "auth": self.headers.get("Authorization"), "sid": sid,
                                    "created": datetime.now(UTC), **form})
        self._answer(201, self._message(TwilioStub.received[-1]))

    def do_GET(self):  # noqa: N802
        to = parse_qs(urlsplit(self.path).query).get("To", [None])[0]
        messages = [self._message(m) for m in reversed(TwilioStub.received) if m["To"] == to]
        self._answer(200, {"messages": messages, "next_page_uri": None, "page": 0, "page_size": 50})

    @staticmethod
    def _message(m: dict) -> dict:
        return {"sid": m["sid"], "status": "queued", "to": m["To"], "from": m["From"], "body": m["Body"],
                "date_created": format_datetime(m["created"], usegmt=True)}

    def _answer(self, status: int, payload: dict) -> None:
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
    TwilioStub.received, TwilioStub.fail_with = [], None
    server = ThreadingHTTPServer(("127.0.0.1", 0), TwilioStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    app.config.update(TWILIO_ACCOUNT_SID="AC" + "1" * 32, TWILIO_AUTH_TOKEN="secret-token",
                      TWILIO_API_BASE_URL=f"http://127.0.0.1:{server.server_port}")
    yield TwilioStub
    server.shutdown()


def staged(body: str = "नमस्ते", key: str | None = None) -> int:
    message = stage_sms(CITIZEN, body, "hello", key)
    db.session.commit()
    return message.id


def row(message_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message_id)


def queued_ids() -> list[str]:
    return Queue("notify", connection=queues.connection).get_job_ids()


def test_an_sms_is_a_pending_row_whose_job_is_queued_only_when_the_transaction_commits(app):
    message = stage_sms(CITIZEN, "hello", "hello", "k-commit")
    assert queued_ids() == [], "nothing queued before the commit"
    db.session.commit()
    assert row(message.id).status == PENDING
    assert queued_ids() == [f"sms-{message.id}"]


def test_an_sms_staged_in_a_transaction_that_rolls_back_is_neither_stored_nor_queued(app):
    stage_sms(CITIZEN, "never", "hello", "k-rollback")
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 0
    assert queued_ids() == []


def test_staging_the_same_key_twice_keeps_one_row(app):
    staged(key="receipt:1")
    assert stage_sms(CITIZEN, "again", "hello", "receipt:1") is None
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 1


def test_without_twilio_credentials_the_outbox_row_is_the_delivery_from_the_sender_id(app):
    message_id = staged()
    assert send_outbox_message(message_id) == SENT
    message = row(message_id)
    assert (message.status, message.provider, message.sender, message.body, message.attempts) == \
        (SENT, "outbox", "JKGOVT", "नमस्ते", 1)


def test_a_send_job_run_twice_sends_once(app, twilio_stub):
    message_id = staged()
    assert send_outbox_message(message_id) == SENT
    assert send_outbox_message(message_id) == SENT
    assert len(twilio_stub.received) == 1


def test_with_twilio_credentials_the_sdk_sends_from_the_sender_id_and_the_row_keeps_the_sid(app, twilio_stub):
    message_id = staged("درخواست درج ہو گئی")
    send_outbox_message(message_id)
    message = row(message_id)
    [call] = twilio_stub.received
    assert (message.status, message.provider, message.provider_sid) == (SENT, "twilio", call["sid"])
    assert call["path"] == f"/2010-04-01/Accounts/{'AC' + '1' * 32}/Messages.json"
    assert (call["To"], call["From"], call["Body"]) == (CITIZEN, "JKGOVT", "درخواست درج ہو گئی")
    assert call["auth"].startswith("Basic ")


def test_a_twilio_outage_puts_the_sms_back_to_pending_with_a_backoff(app, twilio_stub):
    twilio_stub.fail_with = 500
    message_id = staged()
    assert send_outbox_message(message_id) == PENDING
    message = row(message_id)
    assert message.attempts == 1 and "500" in message.error
    assert message.next_attempt_at > utcnow() + timedelta(seconds=5)
    assert send_outbox_message(message_id) == PENDING, "not due yet: the job does nothing"
    assert row(message_id).attempts == 1


def test_an_sms_that_keeps_failing_ends_failed_with_its_reason_after_the_last_attempt(app, twilio_stub):
    twilio_stub.fail_with = 500
    message_id = staged()
    for _attempt in range(MAX_ATTEMPTS):
        db.session.execute(db.update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        send_outbox_message(message_id)
    message = row(message_id)
    assert (message.status, message.attempts) == (FAILED, MAX_ATTEMPTS)
    assert "500" in message.error


def test_a_number_twilio_refuses_fails_at_once(app, twilio_stub):
    twilio_stub.fail_with = 400
    message_id = staged()
    assert send_outbox_message(message_id) == FAILED
    assert "21211" in row(message_id).error


def test_the_sweeper_queues_again_a_pending_sms_whose_job_redis_lost(app):
    message_id = staged()
    queues.connection.flushdb()  # Redis restarted empty
    assert requeue_due_messages()["sms_queued"] == 0, "not while its job may still be waiting"
    db.session.execute(db.update(OutboxMessage).values(queued_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    assert requeue_due_messages()["sms_queued"] == 1
    assert queued_ids() == [f"sms-{message_id}"]
    assert requeue_due_messages()["sms_queued"] == 0, "queued once per bound"


def interrupted(message_id: int) -> None:
    """What a worker killed between handing the SMS to Twilio and recording it leaves: 'sending', long ago."""
    db.session.execute(db.update(OutboxMessage).where(OutboxMessage.id == message_id)
                       .values(status=SENDING, attempts=1, claimed_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()


def test_an_interrupted_send_that_twilio_accepted_is_marked_sent_and_not_sent_again(app, twilio_stub):
    message_id = staged("visit code 1234")
    twilio_stub.received.append({"To": CITIZEN, "From": "JKGOVT", "Body": "visit code 1234", "sid": "SM" + "9" * 32,
                                 "created": datetime.now(UTC) - timedelta(minutes=4), "path": "", "auth": ""})
    interrupted(message_id)
    assert requeue_due_messages()["sms_settled"] == 1
    message = row(message_id)
    assert (message.status, message.provider_sid) == (SENT, "SM" + "9" * 32)
    assert len(twilio_stub.received) == 1, "not handed to Twilio a second time"


def test_an_interrupted_send_that_never_reached_twilio_is_sent_once_more(app, twilio_stub):
    message_id = staged("visit code 5678")
    interrupted(message_id)
    assert requeue_due_messages()["sms_settled"] == 1
    assert row(message_id).status == PENDING
    requeue_due_messages()
    assert send_outbox_message(message_id) == SENT
    assert [m["Body"] for m in twilio_stub.received] == ["visit code 5678"]


def test_a_pending_sms_whose_job_still_waits_is_looked_at_once_per_bound_not_at_every_tick(app):
    message_id = staged()  # its job waits in the notify queue (a backlog: no worker has taken it)
    long_ago = utcnow() - timedelta(minutes=1)
    db.session.execute(db.update(OutboxMessage).values(queued_at=long_ago))
    db.session.commit()
    assert requeue_due_messages()["sms_queued"] == 0, "its job is still waiting"
    assert row(message_id).queued_at > long_ago, "the lease is renewed: the next ticks do not look again"
    assert queued_ids() == [f"sms-{message_id}"]
