"""Issue 13: Urdu spoken from Urdu script by an Urdu voice, Hindi in Hindi, the welcome for every caller, and a
refused request number told what is wrong with it, by phone and by SMS, in every language."""

from __future__ import annotations

import csv
import string
from pathlib import Path

import pytest
from stdnum import verhoeff

from core.settings import ivr_speakers, load_settings
from dispatch.numbers import request_number_problem
from fees.labels import CATEGORY_NAMES
from ivr import flow
from ivr.calls import CallState
from ivr.prompts import NUMBER_PROBLEM_SMS, PROMPTS, SMS, number_problem, prompt_text, sms_text
from tests.ivr.conftest import CALLER
from tests.ivr.test_sms import book, replies

LANGUAGE_KEYS = {"en": "1", "hi": "2", "ur": "3"}
SERVICES = list(csv.DictReader((Path(__file__).parents[2] / "fees" / "data" / "services.csv").open(encoding="utf-8")))
GOOD_NUMBER = "12345678" + verhoeff.calc_check_digit("12345678")
BAD_CHECK = "12345678" + str((int(verhoeff.calc_check_digit("12345678")) + 1) % 10)


def devanagari(text: str) -> bool:
    return any("\u0900" <= c <= "\u097f" for c in text)


def arabic_script(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in text)


def sample_params(text: str, service: dict) -> dict:
    """A value for each {name} of a prompt: service names and documents from the sample catalogue, as a call has."""
    names = {"en": service["name_en"], "hi": service["name_hi"], "ur": service["name_ur"]}
    documents = [dict(zip(("en", "hi", "ur"), parts, strict=True)) for parts in zip(
        *(service[f"documents_{lang}"].split(" | ") for lang in ("en", "hi", "ur")), strict=True)]
    values = {"service": names, "label": CATEGORY_NAMES[service["category"]], "documents": documents,
              "digit": 3, "pin": "1 9 0 0 0 1", "locality": "Srinagar G.P.O.", "district": "Srinagar",
              "total": "80", "service_fee": "50", "government_fee": "30", "days": 4, "count": 8,
              "number": "1 2 3 4 5 6 7 8 9", "agent": "Demo Agent", "centre": "Dalgate CSC Centre"}
    fields = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    return {name: values.get(name, "7") for name in fields}


@pytest.mark.parametrize("service", SERVICES, ids=[s["code"] for s in SERVICES])
def test_no_urdu_prompt_holds_a_devanagari_letter_and_no_hindi_prompt_an_urdu_one(service):
    for key, texts in PROMPTS.items():
        params = sample_params(texts["en"], service)
        urdu, hindi = prompt_text(key, "ur", params), prompt_text(key, "hi", params)
        assert not devanagari(urdu), (key, urdu)
        assert not arabic_script(hindi), (key, hindi)
        if not key.startswith("digit_"):
            assert arabic_script(urdu) and devanagari(hindi), key


def test_the_sample_catalogues_urdu_names_and_categories_are_in_urdu_script():
    for service in SERVICES:
        for column in ("name_ur", "documents_ur"):
            assert arabic_script(service[column]) and not devanagari(service[column]), service["code"]
        assert devanagari(service["name_hi"]) and not arabic_script(service["name_hi"]), service["code"]
    for names in CATEGORY_NAMES.values():
        assert arabic_script(names["ur"]) and not devanagari(names["ur"])


def test_the_ivrs_own_urdu_sms_hold_no_devanagari_whatever_the_refused_number():
    for key, texts in SMS.items():
        assert not devanagari(texts["ur"]) and not arabic_script(texts["hi"]), key
    for number in ("12345678", BAD_CHECK, "12a"):
        assert not devanagari(sms_text("number_invalid", "ur", number=number))
        assert not arabic_script(sms_text("number_invalid", "hi", number=number))


def test_the_hindi_prompts_use_everyday_words_for_the_fee():
    assert "अधिसूचित" not in " ".join(texts["hi"] for texts in PROMPTS.values())
    assert "तय शुल्क" in PROMPTS["quote"]["hi"]


def test_each_languages_voice_and_say_language_are_settings(tmp_path):
    defaults = load_settings({}, str(tmp_path))["IVR_SPEAKERS"]
    assert defaults == {"en": ("Polly.Aditi", "en-IN"), "hi": ("Polly.Aditi", "hi-IN"),
                        "ur": ("Google.ur-IN-Standard-A", "ur-IN"), "ks": ("Google.ur-IN-Standard-A", "ur-IN"),
                        "doi": ("Polly.Aditi", "hi-IN")}
    chosen = load_settings({"IVR_VOICE_UR": "Google.ur-IN-Wavenet-A", "IVR_VOICE": "Polly.Kajal",
                            "IVR_LANGUAGE_HI": "hi-IN"}, str(tmp_path))["IVR_SPEAKERS"]
    assert chosen == {"en": ("Polly.Kajal", "en-IN"), "hi": ("Polly.Kajal", "hi-IN"),
                      "ur": ("Google.ur-IN-Wavenet-A", "ur-IN"), "ks": ("Google.ur-IN-Wavenet-A", "ur-IN"),
                      "doi": ("Polly.Kajal", "hi-IN")}


def test_an_urdu_call_is_spoken_by_the_urdu_voice_from_urdu_script(small_catalogue, phone):
    phone.call()
    says = phone.twiml.findall("./Gather/Say")
    assert [(s.get("voice"), s.get("language")) for s in says] == [
        ("Polly.Aditi", "en-IN"), ("Polly.Aditi", "hi-IN"), ("Google.ur-IN-Standard-A", "ur-IN"),
        ("Polly.Aditi", "hi-IN")]  # Urdu then Kashmiri (no recording): one <Say> of the Urdu voice; then Dogri
    assert arabic_script(says[2].text) and not devanagari(says[2].text)
    for keys in ("3", "1", "1"):  # Urdu, a new service, the first category: the service menu
        phone.press(keys)
        says = phone.twiml.findall(".//Say")
        assert says and {(s.get("voice"), s.get("language")) for s in says} == {("Google.ur-IN-Standard-A", "ur-IN")}
        assert not any(devanagari(s.text) for s in says), [s.text for s in says]
    assert "سند" in phone.heard  # the service names in Urdu script


def test_a_changed_urdu_voice_setting_is_the_voice_urdu_callers_hear(small_catalogue, app, phone):
    app.config["IVR_SPEAKERS"] = ivr_speakers({**app.config, "IVR_VOICE_UR": "Google.ur-IN-Wavenet-A"})
    phone.call()
    phone.press("3")
    assert {(s.get("voice"), s.get("language")) for s in phone.twiml.iter("Say")} == {
        ("Google.ur-IN-Wavenet-A", "ur-IN")}


def test_every_caller_is_welcomed_a_new_one_in_each_language_before_its_key(small_catalogue, phone, new_phone):
    phone.call()
    heard = phone.heard
    for welcome, option in (("Welcome to DigiDost 1447", "For English, press 1"),
                            ("आपका स्वागत है", "हिंदी के लिए 2"), ("خوش آمدید", "اردو کے لیے 3")):
        assert welcome in heard and heard.index(welcome) < heard.index(option)
    phone.press("2")
    again = new_phone()
    again.call()
    assert "आपका स्वागत है" in again.heard and "स्टार दबाएँ" in again.heard


def test_a_new_caller_who_stays_silent_hears_the_choices_again_without_a_second_welcome():
    reply = flow.advance(CallState(), "", None)
    assert [p.key for p in reply.prompts] == ["no_input"] + ["language_option"] * 5


@pytest.mark.parametrize("number, problem", [
    ("12345678", "length"), ("1234567890", "length"), ("", "digits"), ("12*45678#", "digits"),
    ("١٢٣٤٥٦٧٨٩", "digits"), (BAD_CHECK, "check"), (GOOD_NUMBER, None)])
def test_a_request_numbers_problem_is_its_length_its_characters_or_its_check_digit(number, problem):
    assert request_number_problem(number) == problem


@pytest.mark.parametrize("language, length_words, check_words", [
    ("en", "A request number has 9 digits; you keyed 8.", "The number 1 2 3 4 5 6 7 8 {d} is not valid"),
    ("hi", "अनुरोध नंबर में 9 अंक होते हैं; आपने 8 अंक दबाए।", "नंबर 1 2 3 4 5 6 7 8 {d} सही नहीं है"),
    ("ur", "درخواست نمبر میں 9 ہندسے ہوتے ہیں؛ آپ نے 8 ہندسے دبائے۔", "نمبر 1 2 3 4 5 6 7 8 {d} درست نہیں ہے")])
def test_a_caller_keying_a_wrong_request_number_hears_what_is_wrong_with_it(
        small_catalogue, phone, language, length_words, check_words):
    phone.call()
    phone.walk(LANGUAGE_KEYS[language], "2", "12345678#")
    assert length_words in phone.heard
    phone.press(BAD_CHECK + "#")
    assert check_words.format(d=BAD_CHECK[-1]) in phone.heard
    assert phone.twiml.find("./Gather").get("finishOnKey") == "#"  # asked again for the number


def test_the_flow_names_the_reason_with_the_prompt_it_says():
    assert number_problem("1234") == ("number_wrong_length", {"count": 4})
    assert number_problem(BAD_CHECK) == ("number_check_failed", {"number": " ".join(BAD_CHECK)})
    assert number_problem("12*4") == ("number_invalid", {})
    assert number_problem(GOOD_NUMBER) is None
    reply = flow.advance(CallState(step=flow.STATUS, language="ur"), "1234#", None)
    assert reply.prompts[0].key == "number_wrong_length" and reply.state.mistakes == 1


@pytest.fixture
def text_in(phone, run_jobs):
    def send(body: str, sid: str):
        phone.post("/ivr/sms", {"From": CALLER, "To": "1447", "Body": body, "MessageSid": sid})
        run_jobs()
        return replies()[-1].body

    return send


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_an_sms_status_query_with_a_wrong_number_is_told_what_is_wrong_in_the_callers_language(
        small_catalogue, text_in, language):
    book("CAurdu", language)
    short = text_in("STATUS 12345678", "SM-short")
    assert short.endswith(NUMBER_PROBLEM_SMS["length"][language].format(count=8)) and "12345678" in short
    wrong = text_in(f"STATUS {BAD_CHECK}", "SM-check")
    assert wrong.endswith(NUMBER_PROBLEM_SMS["check"][language]) and BAD_CHECK in wrong
    assert ("you sent 8" in short) is (language == "en")
    if language == "ur":
        assert not devanagari(short) and not devanagari(wrong)


def test_the_urdu_prompts_use_the_urdu_sms_catalogues_words():
    from dispatch.sms import TEMPLATES

    sms_words = " ".join(texts["ur"] for texts in TEMPLATES.values())
    for word in ("درخواست", "ایجنٹ", "فیس", "صورتحال", "نگران"):
        assert word in sms_words
        assert word in " ".join(texts["ur"] for texts in PROMPTS.values())
