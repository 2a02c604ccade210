"""Twilio's in-call webhooks answered without the hooks that serve browser pages.

A call's menu steps are most of the traffic a busy line brings. They carry no cookie and no CSRF token, show no
page, have no rate limit of their own (the caller's allowance is spent once, on /ivr/voice) and are checked by
Twilio's signature inside the view. So for those endpoints the app skips its before/after-request hooks (session,
sign-in checks, language from the query, CSP for pages, the limiter's bookkeeping) and adds what an XML answer to
Twilio needs: the NUL-byte refusal, the webhook latency metric and a fixed set of security headers. Errors are
handled exactly as on every other endpoint.
"""

from __future__ import annotations

from flask import Flask, Response, request

from core.security import refuse_nul_bytes
from supervisors.metrics import observe_webhook, start_webhook_clock

# /ivr/voice and /ivr/sms stay on the full path: their per-caller rate limits run in the limiter's hooks.
IN_CALL_WEBHOOKS = frozenset({"ivr.step", "ivr.status"})
WEBHOOK_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class DigiDostFlask(Flask):
    """The app class: Flask, with the in-call webhooks on a short path."""

    def full_dispatch_request(self) -> Response:
        if request.endpoint not in IN_CALL_WEBHOOKS or request.routing_exception is not None:
            return super().full_dispatch_request()
        self._got_first_request = True
        try:
            start_webhook_clock()
            refuse_nul_bytes()
            answer = self.dispatch_request()
        except Exception as error:  # HTTP errors (403 unsigned, 400) through the app's own handlers, as elsewhere
            answer = self.handle_user_exception(error)
        response = self.make_response(answer)
        response.headers.update(WEBHOOK_HEADERS)
        return observe_webhook(response)
