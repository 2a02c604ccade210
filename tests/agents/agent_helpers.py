"""Plain helpers for the agent console's tests (fixtures are in conftest.py)."""

from __future__ import annotations

import re

PASSWORD = "Correct-horse-42"
SRINAGAR = (34.0837, 74.7973)  # PIN 190001
SERVICE_CODE = "console_domicile"


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(client, identifier: str, password: str = PASSWORD):
    page = client.get("/agents/sign-in")
    return client.post("/agents/sign-in", data={"identifier": identifier, "password": password,
                                                "csrf_token": csrf_token(page.get_data(as_text=True))})


def post_form(client, page_url: str, action_url: str, data: dict | None = None, follow_redirects: bool = True):
    """Submit a form the way a browser does: with the CSRF token of the page it is on."""
    page = client.get(page_url)
    return client.post(action_url, data={**(data or {}), "csrf_token": csrf_token(page.get_data(as_text=True))},
                       follow_redirects=follow_redirects)
