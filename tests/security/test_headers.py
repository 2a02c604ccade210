"""V3.4 browser security headers: CSP without 'unsafe-inline', no framing, nosniff, Referrer-Policy, HSTS over
HTTPS only; V14.3 no caching of staff pages; no inline script or style left in the templates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.security.conftest import STAFF_PAGE, server_app

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
PAGES = ["/fees", "/agents/sign-in", "/ivr/simulator", "/healthz", "/no-such-page"]


@pytest.mark.parametrize("path", PAGES)
def test_every_answer_carries_a_strict_content_security_policy_and_framing_and_sniffing_protection(client, path):
    headers = client.get(path).headers
    policy = dict(part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in headers["Content-Security-Policy"]
    assert "unsafe-eval" not in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_no_template_has_an_inline_script_style_or_event_handler():
    offenders = []
    for template in TEMPLATES.rglob("*.html"):
        html = template.read_text(encoding="utf-8")
        if (re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) or "<style" in html
                or re.search(r"\sstyle=", html) or re.search(r"\son[a-z]+=", html) or "javascript:" in html):
            offenders.append(str(template.relative_to(TEMPLATES)))
    assert offenders == []


def test_staff_pages_are_never_stored_and_public_ones_may_be(signed_in, client):
    assert signed_in.get(STAFF_PAGE).headers["Cache-Control"] == "no-store"
    assert signed_in.get("/board/").headers["Cache-Control"] == "no-store"
    assert client.get("/agents/sign-in").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/fees").headers.get("Cache-Control", "")


def test_hsts_is_sent_over_https_only_when_the_public_url_is_https(app, test_config, client):
    assert "Strict-Transport-Security" not in client.get("/fees").headers
    secure = server_app(app, {**test_config, "PUBLIC_BASE_URL": "https://1447.example.gov.in"})
    over_https = secure.test_client().get("/fees", base_url="https://localhost").headers
    assert over_https["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in secure.test_client().get("/fees").headers


def test_behind_a_trusted_tls_proxy_the_request_counts_as_https(app, test_config):
    proxied = server_app(app, {**test_config, "PUBLIC_BASE_URL": "https://1447.example.gov.in",
                               "PROXY_TRUSTED_HOPS": 1})
    headers = proxied.test_client().get("/fees", headers={"X-Forwarded-Proto": "https"}).headers
    assert "Strict-Transport-Security" in headers
