"""Issue 13, item 6 (without a browser): the project's own fonts and their licences are served, the sign-in page's
language survives sign-in, numbers inside right-to-left text are isolated, and times carry their zone (IST)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from agent_helpers import PASSWORD, csrf_token, forget_cached_csrf_token, post_form, sign_in

from agents.accounts import create_account
from agents.models import UserAccount
from core.clock import local_clock_text
from core.extensions import db
from core.models import OutboxMessage
from core.outbox import stage_sms

STATIC = Path(__file__).resolve().parents[2] / "static"


def test_every_font_the_stylesheet_names_is_served_from_static_with_its_licence(client):
    css = (STATIC / "digidost.css").read_text()
    files = re.findall(r'url\("(fonts/[^"]+\.woff2)"\)', css)
    assert {"Noto Sans Devanagari", "Noto Nastaliq Urdu"} <= set(re.findall(r'font-family:"([^"]+)"', css))
    assert any("devanagari-devanagari" in f for f in files) and any("nastaliq-urdu-arabic" in f for f in files)
    for name in files:
        served = client.get(f"/static/{name}")
        assert served.status_code == 200 and served.data[:4] == b"wOF2", name
    for licence in ("OFL-NotoSansDevanagari.txt", "OFL-NotoNastaliqUrdu.txt"):
        assert "SIL Open Font License, Version 1.1" in (STATIC / "fonts" / licence).read_text()


def test_urdu_lines_are_tall_enough_for_nastaliq():
    css = (STATIC / "digidost.css").read_text()
    rule = re.search(r'html\[lang="ur"\] body, body \[lang="ur"\] \{([^}]+)\}', css).group(1)
    assert float(re.search(r"line-height:([\d.]+)", rule).group(1)) >= 2.0
    assert "Noto Nastaliq Urdu" in rule


def _choose_on_sign_in_page(client, language: str) -> None:
    post_form(client, "/agents/sign-in", "/agents/language", {"language": language, "next": "/agents/sign-in"})


def test_the_language_chosen_on_the_sign_in_page_is_kept_after_sign_in_and_remembered(client, make_agent):
    make_agent()
    _choose_on_sign_in_page(client, "ur")
    assert 'lang="ur" dir="rtl"' in client.get("/agents/sign-in").get_data(as_text=True)
    sign_in(client, "agent1")
    forget_cached_csrf_token()
    page = client.get("/agents/").get_data(as_text=True)
    assert 'lang="ur" dir="rtl"' in page
    assert db.session.scalar(db.select(UserAccount.language).where(UserAccount.username == "agent1")) == "ur"


def test_without_a_choice_on_the_sign_in_page_the_accounts_own_language_is_used(client, make_agent):
    make_agent()
    account = db.session.scalar(db.select(UserAccount).where(UserAccount.username == "agent1"))
    account.language = "hi"
    db.session.commit()
    sign_in(client, "agent1")
    forget_cached_csrf_token()
    assert 'lang="hi" dir="ltr"' in client.get("/agents/").get_data(as_text=True)


def test_a_supervisor_keeps_the_sign_in_pages_language_too(client, app):
    create_account("super1", PASSWORD, "supervisor", district="Srinagar", temporary=False)
    _choose_on_sign_in_page(client, "hi")
    forget_cached_csrf_token()
    page = client.get("/agents/sign-in")
    response = client.post("/agents/sign-in", data={"identifier": "super1", "password": PASSWORD,
                                                    "csrf_token": csrf_token(page.get_data(as_text=True))},
                           follow_redirects=True)
    assert 'lang="hi"' in response.get_data(as_text=True)


def test_an_urdu_offer_isolates_the_masked_phone_the_place_and_the_fee(client, make_agent, offered):
    make_agent()
    offered()
    sign_in(client, "agent1")
    post_form(client, "/agents/", "/agents/language", {"language": "ur", "next": "/agents/"})
    html = client.get("/agents/offers").get_data(as_text=True)
    assert re.search(r'<bdi dir="ltr">[^<]*\d{3}</bdi>', html), "the masked phone is isolated, left to right"
    assert re.search(r"<strong><bdi>[^<]*80\.00[^<]*</bdi></strong>", html), "the fee is isolated"
    assert re.search(r"<bdi>[^<]*Srinagar[^<]*</bdi>", html), "the place's Latin name is isolated"


def test_the_simulators_sms_times_are_on_the_local_clock_with_their_zone(app, client):
    app.config.update(IVR_SIMULATOR=True, IVR_SIMULATOR_DEMO=True)  # a PostgreSQL test database needs both
    client.get("/ivr/simulator")
    with client.session_transaction() as session:
        caller = session["ivr_simulator_phone"]
    stage_sms(caller, "hello", "test")
    db.session.commit()
    message = db.session.scalar(db.select(OutboxMessage))
    message.created_at = datetime(2025, 3, 1, 18, 45)
    db.session.commit()
    [shown] = client.get("/ivr/simulator/outbox").get_json()
    assert shown["at"] == "2025-03-02 00:15 IST" == local_clock_text(datetime(2025, 3, 1, 18, 45))
