"""The one telephony adapter: Twilio's REST API when credentials are set, else the local outbox only.

It only talks to the provider; what to send and whether it was sent is the outbox's business (core.outbox).
"""

from __future__ import annotations

from datetime import UTC, datetime

import requests
from flask import Flask, current_app
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

RECONCILE_LOOKBACK = 20  # recent messages to a number read when checking whether an interrupted send went out


def mask_phone(number: str | None) -> str:
    """A phone number fit for logs: only the last three digits shown."""
    if not number:
        return "-"
    return "*" * max(len(number) - 3, 0) + number[-3:]


class TelephonyAdapter:
    """Hands SMS to Twilio when configured; without credentials the outbox row itself is the delivery."""

    def init_app(self, app: Flask) -> None:
        app.extensions["telephony"] = self

    @property
    def uses_twilio(self) -> bool:
        cfg = current_app.config
        return bool(cfg.get("TWILIO_ACCOUNT_SID") and cfg.get("TWILIO_AUTH_TOKEN"))

    @property
    def sender(self) -> str:
        """The sender shown to citizens: the government sender ID, or the Twilio number when it is unset."""
        return current_app.config["SMS_SENDER_ID"] or current_app.config["TWILIO_FROM_NUMBER"]

    def deliver(self, to_number: str, body: str) -> str:
        """Hand one SMS to Twilio; return its message SID. Twilio's errors propagate."""
        return self._twilio_client().messages.create(to=to_number, from_=self.sender, body=body).sid

    def find_delivered(self, to_number: str, body: str, since: datetime) -> str | None:
        """The SID of a message with this body that Twilio accepted for this number since `since` (naive UTC), if any.

        Used after a worker died between handing an SMS to Twilio and recording it: sent once, never twice.
        """
        since = since.replace(tzinfo=UTC)
        for message in self._twilio_client().messages.list(to=to_number, limit=RECONCILE_LOOKBACK):
            created = message.date_created
            if message.body == body and created is not None and created >= since:
                return message.sid
        return None

    def fetch_recording(self, media_url: str) -> bytes:
        """A call recording's audio from Twilio (the spoken landmark), read with the account's credentials."""
        response = requests.get(self._rebased(media_url), auth=self._auth(), timeout=10)
        response.raise_for_status()
        return response.content

    def delete_recording(self, recording_url: str) -> None:
        """Delete a call recording at Twilio (its retention is ours to keep short)."""
        requests.delete(self._rebased(recording_url), auth=self._auth(), timeout=10).raise_for_status()

    def _auth(self) -> tuple[str, str]:
        return current_app.config["TWILIO_ACCOUNT_SID"], current_app.config["TWILIO_AUTH_TOKEN"]

    def _rebased(self, url: str) -> str:
        base = current_app.config.get("TWILIO_API_BASE_URL")
        return base.rstrip("/") + url.split("twilio.com", 1)[1] if base and "twilio.com" in url else url

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

