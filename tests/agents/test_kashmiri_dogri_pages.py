"""The console and the board in Kashmiri (right to left, Nastaliq) and Dogri (Devanagari); their catalogues compiled,
complete and marked for review; one list of languages behind every switch."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import flask_babel
import pytest
from agent_helpers import PASSWORD, sign_in
from babel.messages.pofile import read_po

from agents.accounts import create_account
from agents.forms import LanguageForm
from core.languages import LANGUAGE_NAMES, LANGUAGES, RTL_LANGUAGES
from core.roles import SUPERVISOR
from digidost import i18n
from fees import labels

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
WORDS = {"ks": ("کنسول", "بورڈ"), "doi": ("कंसोल", "बोर्ड")}
DIRECTION = {"ks": "rtl", "doi": "ltr"}


def choose(client, language: str, next_url: str) -> None:
    page = client.get(next_url).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    client.post("/agents/language", data={"language": language, "next": next_url, "csrf_token": token})
    flask_babel.refresh()


@pytest.mark.parametrize("language", ["ks", "doi"])
def test_the_agents_console_renders_in_kashmiri_and_dogri(client, make_agent, language):
    make_agent()
    sign_in(client, "agent1")
    choose(client, language, "/agents/")
    page = client.get("/agents/").get_data(as_text=True)
    assert f'<html lang="{language}" dir="{DIRECTION[language]}">' in page
    assert WORDS[language][0] in page
    assert f'<option value="{language}" lang="{language}" selected>' in page or f'value="{language}"' in page


@pytest.mark.parametrize("language", ["ks", "doi"])
def test_the_supervisors_board_renders_in_kashmiri_and_dogri(app, client, language):
    create_account("board-ks-doi", PASSWORD, SUPERVISOR, temporary=False)
    sign_in(client, "board-ks-doi")
    flask_babel.refresh()
    page = client.get(f"/board/?lang={language}").get_data(as_text=True)
    assert f'<html lang="{language}" dir="{DIRECTION[language]}">' in page
    assert WORDS[language][1] in page
    assert all(f'value="{code}"' in page for code in LANGUAGES)  # the switch offers all five


def test_one_list_of_languages_feeds_every_switch(app):
    assert tuple(app.config["LANGUAGES"]) == LANGUAGES == ("en", "hi", "ur", "ks", "doi")
    assert [code for code, _name in LanguageForm.language.kwargs["choices"]] == list(LANGUAGES)
    assert i18n.LANGUAGE_NAMES is LANGUAGE_NAMES and i18n.RTL_LANGUAGES is RTL_LANGUAGES
    assert labels.RTL_LANGUAGES is RTL_LANGUAGES and set(labels.LANGUAGES) <= set(LANGUAGES)
    assert RTL_LANGUAGES == {"ur", "ks"}


@pytest.mark.parametrize("language", ["ks", "doi"])
def test_the_kashmiri_and_dogri_catalogues_are_complete_compiled_and_marked_for_review(language):
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        template = read_po(f)
    with open(folder / "messages.po", "rb") as f:
        catalog = read_po(f)
    with open(folder / "messages.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)
    assert "TO BE REVIEWED BY A NATIVE SPEAKER" in (folder / "messages.po").read_text(encoding="utf-8")
    for message in template:
        if message.id:
            assert catalog.get(message.id) is not None and catalog.get(message.id).string, message.id
    for message in catalog:
        if message.id:
            assert compiled.gettext(message.id) == message.string, f"recompile {language}: {message.id!r}"
            assert message.auto_comments, f"{message.id!r}: say whether drafted or the closest language's"
    foreign = re.compile(r"[\u0900-\u097F]") if language == "ks" else re.compile(r"[\u0600-\u06FF]")
    assert not any(foreign.search(m.string) for m in catalog if m.id)
