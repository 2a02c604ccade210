"""Kashmiri (4) and Dogri (5) on the IVR, in the SMS and in the catalogues: whole calls through the webhooks, the
TwiML parsed: <Play> of an uploaded recording where one exists, <Say> by the closest voice (Urdu voice for
Kashmiri, Hindi voice for Dogri) reading the language's own text otherwise."""

from __future__ import annotations

import re
import string

import pytest

from core.extensions import db
from core.languages import LANGUAGE_DIGITS, LANGUAGES
from core.models import OutboxMessage
from dispatch.models import ServiceRequest
from dispatch.requests import NewRequest, create_request
from dispatch.sms import TEMPLATES
from ivr.models import CallerPreference
from ivr.prompts import NUMBER_PROBLEM_SMS, PROMPTS, SMS, prompt_text, sms_text
from ivr.replies import REPLIES, reply_text
from ivr.services import DatabaseLookups
from tests.ivr.conftest import CALLER, SRINAGAR_PIN

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
KEYS = {"ks": "4", "doi": "5"}
SPEAKERS = {"ks": ("Google.ur-IN-Standard-A", "ur-IN"), "doi": ("Polly.Aditi", "hi-IN")}
SCRIPT = {"ks": ARABIC, "doi": DEVANAGARI}
FOREIGN = {"ks": DEVANAGARI, "doi": ARABIC}
WELCOME = {"ks": "خوش آمدید", "doi": "स्वागत ऐ"}
MAIN_MENU = {"ks": "زبان بدلاونہٕ", "doi": "भाशा बदलने"}
CATALOGUES = {"ivr.prompts PROMPTS": PROMPTS, "ivr.prompts SMS": SMS, "ivr.prompts NUMBER_PROBLEM_SMS":
              NUMBER_PROBLEM_SMS, "dispatch.sms TEMPLATES": TEMPLATES, "ivr.replies REPLIES": REPLIES}


def says(twiml) -> list[tuple[str | None, str | None]]:
    return [(say.get("voice"), say.get("language")) for say in twiml.iter("Say")]


def menu_key(choices, key: str) -> str:
    return str([c.key for c in choices].index(key) + 1)


def test_the_language_menu_keys_kashmiri_4_and_dogri_5():
    assert LANGUAGE_DIGITS["4"] == "ks" and LANGUAGE_DIGITS["5"] == "doi" and LANGUAGES[3:] == ("ks", "doi")


@pytest.mark.parametrize("language", ["ks", "doi"])
def test_a_new_caller_hears_the_welcome_and_the_key_in_kashmiri_and_dogri(small_catalogue, phone, language):
    phone.call()
    heard = phone.heard
    option = prompt_text("language_option", language)
    assert WELCOME[language] in heard and heard.index(WELCOME[language]) < heard.index(option)
    assert KEYS[language] in option


@pytest.mark.parametrize("language", ["ks", "doi"])
def test_a_caller_books_in_kashmiri_or_dogri_spoken_by_the_closest_voice_from_the_languages_own_text(
        small_catalogue, phone, run_jobs, language):
    lookups = DatabaseLookups(CALLER)
    phone.call()
    phone.press(KEYS[language])
    assert MAIN_MENU[language] in phone.heard  # the main menu in the chosen language
    phone.press("1")
    phone.press(menu_key(lookups.categories(), "Certificates"))
    phone.press(menu_key(lookups.services("Certificates"), "domicile"))
    phone.press(SRINAGAR_PIN + "#")
    phone.press("1")
    quote = phone.heard
    assert SCRIPT[language].search(quote) and not FOREIGN[language].search(quote), quote
    phone.press("1")
    [request] = db.session.scalars(db.select(ServiceRequest))
    assert request.language == language  # a three-letter code fits ('doi')
    assert set(says(phone.twiml)) == {SPEAKERS[language]}
    assert not FOREIGN[language].search(phone.heard)
    run_jobs()
    sms = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.to_number == CALLER))
    assert request.number in sms.body and SCRIPT[language].search(sms.body) and not FOREIGN[language].search(sms.body)
    phone.hang_up()
    assert db.session.get(CallerPreference, CALLER).language == language


@pytest.mark.parametrize("language", ["ks", "doi"])
def test_a_caller_asks_the_status_in_kashmiri_or_dogri(small_catalogue, phone, language):
    booked = create_request(NewRequest("domicile", SRINAGAR_PIN, CALLER, language, call_sid="CAbooked"))
    phone.call()
    phone.walk(KEYS[language], "2", booked.number + "#")
    expected = prompt_text("status_new", language, {"service": "x"}).split("x", 1)[1][:12]
    assert expected in phone.heard
    assert set(says(phone.twiml)) <= {SPEAKERS[language]} and not FOREIGN[language].search(phone.heard)


def test_a_returning_kashmiri_caller_hears_the_uploaded_welcome_played_and_the_rest_said(
        small_catalogue, app, phone, new_phone, tmp_path):
    phone.call()
    phone.press("4")
    phone.hang_up()
    folder = tmp_path / "ivr_audio" / "ks"
    folder.mkdir(parents=True)
    (folder / "welcome.mp3").write_bytes(b"ID3recording")
    app.instance_path = str(tmp_path)
    again = new_phone()
    again.call()
    [play] = again.twiml.findall("./Gather/Play")
    assert play.text == "/ivr/audio/ks/welcome.mp3"
    assert list(again.twiml.find("./Gather"))[0].tag == "Play"  # the welcome first, then the menu said
    assert set(says(again.twiml)) == {SPEAKERS["ks"]} and MAIN_MENU["ks"] in again.heard
    assert again.client.get(play.text).data == b"ID3recording"
    # A Dogri caller with no Dogri recording hears the Hindi voice read the Dogri welcome.
    dogri = new_phone(caller="+919419000555")
    dogri.call()
    dogri.press("5")
    dogri.hang_up()
    back = new_phone(caller="+919419000555")
    back.call()
    assert back.twiml.find("./Gather/Play") is None
    assert set(says(back.twiml)) == {SPEAKERS["doi"]} and WELCOME["doi"] in back.heard


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_prompt_and_sms_has_kashmiri_and_dogri_texts_in_their_own_script_with_the_same_values(name):
    formatter = string.Formatter()
    for key, texts in CATALOGUES[name].items():
        wanted = {field for _, field, _, _ in formatter.parse(texts["en"]) if field}
        for language in ("ks", "doi"):
            assert texts.get(language), f"{name} {key}: no {language} text"
            assert not FOREIGN[language].search(texts[language]), f"{name} {key} {language}: {texts[language]}"
            assert {field for _, field, _, _ in formatter.parse(texts[language]) if field} == wanted, (key, language)
            if len(texts["en"]) > 12:  # everything but bare formats is written in the language's script
                assert SCRIPT[language].search(texts[language]), (name, key, language)


def test_kashmiri_reads_the_urdu_service_names_and_dogri_the_hindi_ones():
    name = {"en": "Domicile certificate", "hi": "अधिवास प्रमाण पत्र", "ur": "ڈومیسائل سرٹیفکیٹ"}
    assert "ڈومیسائل" in prompt_text("status_new", "ks", {"service": name})
    assert "अधिवास" in prompt_text("status_new", "doi", {"service": name})
    assert "ڈیجی دوست" in sms_text("number_invalid", "ks", number="12345")
    assert "डिजीदोस्त" in sms_text("number_unknown", "doi", number="123456789")


@pytest.mark.parametrize("language", ["ks", "doi"])
def test_every_dispute_and_rating_reply_is_sent_in_kashmiri_or_dogri_not_the_closest_languages_text(language):
    closest = {"ks": "ur", "doi": "hi"}[language]
    formatter = string.Formatter()
    for key, texts in REPLIES.items():
        values = {field: "7" for _, field, _, _ in formatter.parse(texts["en"]) if field}
        sent = reply_text(key, language, **values)
        assert sent == texts[language].format(**values) != texts[closest].format(**values), (key, language)
        assert SCRIPT[language].search(sent) and not FOREIGN[language].search(sent), (key, sent)
        if "PAID" in texts["en"]:
            assert "PAID" in sent, (key, language)
