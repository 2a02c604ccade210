"""The one telephony adapter: Twilio's REST API when credentials are set, else the local outbox only."""

from __future__ import annotations

import logging

from flask import Flask, current_app
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

log = logging.getLogger(__name__)


def mask_phone(number: str | None) -> str:
    """A phone number fit for logs: only the last three digits shown."""
    if not number:
        return "-"
    return "*" * max(len(number) - 3, 0) + number[-3:]


class TelephonyAdapter:
    """Sends SMS; every message is stored in the outbox, and sent through Twilio when configured."""

    def init_app(self, app: Flask) -> None:
        app.extensions["telephony"] = self

    @property
    def uses_twilio(self) -> bool:
        cfg = current_app.config
        return bool(cfg.get("TWILIO_ACCOUNT_SID") and cfg.get("TWILIO_AUTH_TOKEN"))

    def send_sms(self, to_number: str, body: str, template: str = "", dedupe_key: str | None = None) -> int:
        """Store the SMS in the outbox and send it; return the outbox id. Twilio errors propagate after storing.

        With a dedupe_key, a message already sent under that key is not sent again.
        """
        from core.extensions import db
        from core.models import OutboxMessage

        if dedupe_key:
            earlier = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key))
            if earlier is not None and earlier.status != "failed":
                return earlier.id
            if earlier is not None:
                earlier.dedupe_key = None  # keep the failed attempt on record; retry under the key
                db.session.flush()
        sender = current_app.config["SMS_SENDER_ID"] or current_app.config["TWILIO_FROM_NUMBER"]
        message = OutboxMessage(to_number=to_number, sender=sender, body=body, template=template,
                                dedupe_key=dedupe_key)
        db.session.add(message)
        db.session.flush()
        if self.uses_twilio:
            try:
                result = self._twilio_client().messages.create(to=to_number, from_=sender, body=body)
            except Exception as exc:
                message.status, message.error = "failed", str(exc)[:500]
                db.session.commit()
                # Twilio's message text repeats the full number: log only its kind and status.
                log.warning("SMS to %s failed: %s %s", mask_phone(to_number), type(exc).__name__,
                            getattr(exc, "status", ""))
                raise
            message.status, message.provider_sid = "sent", result.sid
        db.session.commit()
        log.info("SMS %s to %s (%s)", template or "-", mask_phone(to_number), message.status)
        return message.id

    def _twilio_client(self) -> Client:
        cfg = current_app.config
        if cfg.get("TWILIO_API_BASE_URL"):
            http_client = RebasedHttpClient(cfg["TWILIO_API_BASE_URL"])
        else:
            http_client = TwilioHttpClient(timeout=10)
        return Client(cfg["TWILIO_ACCOUNT_SID"], cfg["TWILIO_AUTH_TOKEN"], http_client=http_client)


class RebasedHttpClient(TwilioHttpClient):
    """Sends Twilio API calls to another base URL (a regional edge, or a local stub in tests)."""

    def __init__(self, base_url: str):
        super().__init__(timeout=10)
        self.base_url = base_url.rstrip("/")

    def request(self, method, url, *args, **kwargs):
        path = url.split("twilio.com", 1)[1] if "twilio.com" in url else url
        return super().request(method, self.base_url + path, *args, **kwargs)
