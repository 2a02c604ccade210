"""Plain helpers for the agent console's tests (fixtures are in conftest.py)."""

from __future__ import annotations

import re

import flask_babel
from flask import g

PASSWORD = "Correct-horse-42"
SRINAGAR = (34.0837, 74.7973)  # PIN 190001
SERVICE_CODE = "console_domicile"


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def forget_cached_csrf_token() -> None:
    """The test's app context (and so `g`) outlives each test request; Flask-WTF caches the token in `g`,
    which must not leak into a session that sign-in or sign-out has just cleared; Flask-Babel caches the locale
    there too."""
    g.pop("csrf_token", None)
    flask_babel.refresh()


def sign_in(client, identifier: str, password: str = PASSWORD):
    forget_cached_csrf_token()
    page = client.get("/agents/sign-in")
    response = client.post("/agents/sign-in", data={"identifier": identifier, "password": password,
                                                    "csrf_token": csrf_token(page.get_data(as_text=True))})
    forget_cached_csrf_token()
    return response


def post_form(client, page_url: str, action_url: str, data: dict | None = None, follow_redirects: bool = True):
    """Submit a form the way a browser does: with the CSRF token of the page it is on."""
    forget_cached_csrf_token()
    page = client.get(page_url)
    return client.post(action_url, data={**(data or {}), "csrf_token": csrf_token(page.get_data(as_text=True))},
                       follow_redirects=follow_redirects)
