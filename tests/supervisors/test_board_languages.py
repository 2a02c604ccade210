"""The board in English, Hindi and Urdu: a language switch on every supervisors' page, ?lang= once signed in,
Urdu right to left, every text of the door in the catalogues, and the job queues' line for state supervisors."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import flask_babel
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask import g

from agents.accounts import create_account
from core.roles import SUPERVISOR
from dispatch.requests import NewRequest, create_request

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
PASSWORD = "Board-languages-2026"
PANEL_TITLES = ("Open requests", "Call-backs to make", "Citizen approval (RAS)")


def translated(language: str, text: str) -> str:
    """The catalogue's translation of a text (the text itself when it has none)."""
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo", "rb") as f:
        return gettext.GNUTranslations(f).gettext(text)


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def sign_in(client, username: str, district: str | None = None) -> None:
    create_account(username, PASSWORD, SUPERVISOR, district=district, temporary=False)
    g.pop("csrf_token", None)
    g.pop("_login_user", None)  # the tests' app context outlives each request: forget the last client's user
    flask_babel.refresh()
    token = csrf_token(client.get("/agents/sign-in").get_data(as_text=True))
    client.post("/agents/sign-in", data={"identifier": username, "password": PASSWORD, "csrf_token": token})
    g.pop("csrf_token", None)


def board(client, query: str = "") -> str:
    flask_babel.refresh()
    response = client.get(f"/board/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def state_supervisor(catalogue, client):
    sign_in(client, "state-board")
    return client


@pytest.mark.parametrize("language", ["hi", "ur"])
def test_the_language_switch_shows_the_board_with_translated_panel_titles(state_supervisor, language):
    page = board(state_supervisor)
    assert 'action="/agents/language"' in page and 'id="board-language"' in page
    switched = state_supervisor.post("/agents/language", data={"language": language, "next": "/board/",
                                                               "csrf_token": csrf_token(page)})
    assert switched.status_code == 302 and switched.headers["Location"].endswith("/board/")
    page = board(state_supervisor)
    assert f'<html lang="{language}"' in page
    for title in PANEL_TITLES:
        assert translated(language, title) != title, f"{title!r} has no {language} translation"
        assert translated(language, title) in page
    assert f'<option value="{language}" lang="{language}" selected>' in page


def test_urdu_reads_right_to_left_and_hindi_left_to_right(state_supervisor):
    assert 'dir="rtl"' in board(state_supervisor, "?lang=ur")
    assert 'dir="ltr"' in board(state_supervisor, "?lang=hi")
    assert 'dir="ltr"' in board(state_supervisor, "?lang=en")


def test_lang_in_the_address_switches_a_signed_in_supervisor_for_the_session(state_supervisor):
    assert translated("hi", "Open requests") in board(state_supervisor, "?lang=hi")
    assert translated("hi", "Open requests") in board(state_supervisor), "remembered without ?lang="
    assert translated("hi", "Open requests") in board(state_supervisor, "?lang=xx"), "an unknown one changes nothing"
    assert "Open requests" in board(state_supervisor, "?lang=en")


def test_every_supervisors_page_carries_the_language_switch(state_supervisor):
    for path in ("/board/", "/board/staff", "/board/requests", "/board/agents", "/board/fee-flags", "/board/charts"):
        response = state_supervisor.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        assert 'id="board-language"' in page, path
        assert all(f'value="{code}"' in page for code in ("en", "hi", "ur"))


def test_the_switch_never_sends_a_supervisor_to_another_site(state_supervisor):
    token = csrf_token(board(state_supervisor))
    response = state_supervisor.post("/agents/language", data={"language": "ur", "next": "//evil.example/board/",
                                                               "csrf_token": token})
    assert "evil.example" not in response.headers["Location"]


def test_a_state_supervisor_sees_the_job_queues_and_a_district_one_does_not(catalogue, app):
    create_request(NewRequest(service_code="domicile", pin_code="190001", citizen_phone="+919876540001"))
    state, district = app.test_client(), app.test_client()
    sign_in(state, "state-queues")
    line = re.search(r'<p class="muted" id="queue-lengths">(.*?)</p>', board(state), re.S).group(1)
    assert re.sub(r"\s+", " ", line).strip() == (
        "Jobs waiting in the queues: dispatch <strong>1</strong> · SMS <strong>1</strong> · other <strong>0</strong>")
    sign_in(district, "srinagar-queues", district="Srinagar")
    g.pop("_login_user", None)
    page = board(district)
    assert "Srinagar" in page and 'id="queue-lengths"' not in page


def board_texts() -> set[str]:
    """Every text of the supervisors' door: its Python modules and its templates."""
    texts = set()
    for folder, pattern, method in (("supervisors", "**.py", "python"), ("templates/supervisors", "**.html", "jinja2")):
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, [(pattern, method)], keywords={"_": None, "_l": None, "gettext": None}):
            texts.add(message if isinstance(message, str) else message[0])
    return texts


@pytest.mark.parametrize("language", ["hi", "ur"])
def test_every_text_of_the_supervisors_door_is_translated(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f)
    done = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string and not m.fuzzy}
    assert sorted(board_texts() - done) == []
