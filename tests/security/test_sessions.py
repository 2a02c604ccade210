"""V7 session management: server-side revocation, idle and absolute timeouts, the __Host- cookie, proxy trust."""

from __future__ import annotations

import time

from agents.accounts import deactivate_account, set_temporary_password
from agents.models import UserAccount
from core.audit import SecurityEvent
from core.extensions import db
from tests.agents.agent_helpers import PASSWORD, post_form, sign_in
from tests.security.conftest import STAFF_PAGE, server_app


def _copy_of(app, client):
    """A second browser holding a copy of the first one's session cookie (as an attacker who captured it)."""
    thief = app.test_client()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    thief.set_cookie(cookie.key, cookie.value)
    return thief


def test_a_session_cookie_captured_before_sign_out_no_longer_works_after_it(web, signed_in):
    thief = _copy_of(web, signed_in)
    assert thief.get(STAFF_PAGE).status_code == 200
    post_form(signed_in, STAFF_PAGE, "/agents/sign-out")
    assert thief.get(STAFF_PAGE).status_code == 302


def test_changing_the_password_ends_every_other_session_and_keeps_this_one(web, signed_in):
    thief = _copy_of(web, signed_in)
    post_form(signed_in, "/agents/password", "/agents/password",
              {"current_password": PASSWORD, "new_password": "Walnut-orchard-in-Sopore"})
    assert signed_in.get(STAFF_PAGE).status_code == 200
    assert thief.get(STAFF_PAGE).status_code == 302


def test_a_temporary_password_ends_every_session_of_the_account(web, signed_in, supervisor):
    thief = _copy_of(web, signed_in)
    set_temporary_password(supervisor.id, "Temporary-pass-2026", "account:99:other")
    assert thief.get(STAFF_PAGE).status_code == 302
    assert signed_in.get(STAFF_PAGE).status_code == 302


def test_deactivating_an_account_ends_its_sessions(web, signed_in, supervisor):
    deactivate_account(supervisor.id, "account:99:other")
    assert signed_in.get(STAFF_PAGE).status_code == 302


def test_a_session_idle_longer_than_the_setting_ends(web, signed_in):
    idle = web.config["SESSION_IDLE_MINUTES"]
    assert idle == 30
    with signed_in.session_transaction() as session:
        session["seen_at"] = time.time() - (idle - 1) * 60
    assert signed_in.get(STAFF_PAGE).status_code == 200  # activity renews the idle clock
    with signed_in.session_transaction() as session:
        session["seen_at"] = time.time() - (idle + 1) * 60
    assert signed_in.get(STAFF_PAGE).status_code == 302


def test_background_polls_do_not_keep_an_idle_session_alive(web, signed_in):
    with signed_in.session_transaction() as session:
        session["seen_at"] = before = time.time() - 60
    signed_in.get("/board/?partial=1")
    with signed_in.session_transaction() as session:
        assert session["seen_at"] == before


def test_a_session_ends_after_its_absolute_lifetime_even_when_in_use(web, signed_in):
    assert web.config["SESSION_MAX_HOURS"] == 12
    with signed_in.session_transaction() as session:
        session["signed_in_at"] = time.time() - 12 * 3600 - 60
        session["seen_at"] = time.time()
    assert signed_in.get(STAFF_PAGE).status_code == 302


def test_the_session_cookie_lives_no_longer_than_the_absolute_lifetime(web, supervisor):
    client = web.test_client()
    response = sign_in(client, "super1")
    cookie = response.headers["Set-Cookie"]
    assert "Expires=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert web.permanent_session_lifetime.total_seconds() == 12 * 3600


def test_over_https_the_session_cookie_is_host_prefixed_and_secure(test_config, app, supervisor):
    secure = server_app(app, {**test_config, "PUBLIC_BASE_URL": "https://1447.example.gov.in"})
    client = secure.test_client()
    with secure.app_context():
        page = client.get("/agents/sign-in", base_url="https://localhost")
        token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
        response = client.post("/agents/sign-in", base_url="https://localhost",
                               headers={"Referer": "https://localhost/agents/sign-in"},
                               data={"identifier": "super1", "password": PASSWORD, "csrf_token": token})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    assert "; Secure" in cookie and "; Path=/" in cookie and "Domain=" not in cookie


def _signed_in_from(app, environ: dict) -> str:
    client = app.test_client()
    client.environ_base.update(environ)
    with app.app_context():
        sign_in(client, "super1")
        return db.session.scalar(db.select(SecurityEvent.detail).where(SecurityEvent.event == "sign_in")
                                 .order_by(SecurityEvent.id.desc()).limit(1))


def test_forwarded_addresses_are_believed_only_through_the_configured_number_of_proxies(test_config, app,
                                                                                          supervisor):
    forwarded = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    direct = server_app(app, test_config)
    assert direct.config["PROXY_TRUSTED_HOPS"] == 0
    assert _signed_in_from(direct, forwarded).endswith("from 10.0.0.2")
    proxied = server_app(app, {**test_config, "PROXY_TRUSTED_HOPS": 1})
    assert _signed_in_from(proxied, forwarded).endswith("from 203.0.113.7")
    spoofed = {**forwarded, "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}
    assert _signed_in_from(proxied, spoofed).endswith("from 203.0.113.7")  # only the last hop is the proxy's


def test_the_account_row_carries_the_session_version_that_every_request_checks(app, supervisor):
    assert supervisor.get_id() == f"{supervisor.id}:0"
    post = db.session.get(UserAccount, supervisor.id)
    assert post.session_version == 0


def test_a_change_of_role_or_district_is_audited_and_ends_the_accounts_sessions(web, signed_in, supervisor):
    from agents.accounts import change_role_or_district

    change_role_or_district(supervisor.id, "account:7:boss", district="Jammu")
    assert signed_in.get(STAFF_PAGE).status_code == 302
    events = list(db.session.scalars(db.select(SecurityEvent.detail).where(SecurityEvent.event == "district_changed")))
    assert events == ["all to Jammu"]
