"""Whole calls through the webhooks, in all three languages, against a real database and Redis."""

from __future__ import annotations

import pytest

from core.extensions import db
from core.models import OutboxMessage
from dispatch.models import ServiceRequest
from fees.services import fee_in_force
from ivr.models import CallerPreference, CallSession
from ivr.prompts import rupees
from ivr.services import DatabaseLookups
from tests.ivr.conftest import CALLER, SRINAGAR_PIN

LANGUAGE_KEYS = {"en": "1", "hi": "2", "ur": "3"}
VOICES = {"en": ("en-IN", "Polly.Aditi"), "hi": ("hi-IN", "Polly.Aditi"), "ur": ("ur-IN", "Google.ur-IN-Standard-A")}
DIGIT_WORDS = {"en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
               "hi": ["शून्य", "एक", "दो", "तीन", "चार", "पाँच", "छह", "सात", "आठ", "नौ"],
               "ur": ["صفر", "ایک", "دو", "تین", "چار", "پانچ", "چھ", "سات", "آٹھ", "نو"]}


def requests_made() -> list[ServiceRequest]:
    return list(db.session.scalars(db.select(ServiceRequest)))


def menu_key(choices, key: str) -> str:
    """The key that picks a choice on the first menu page."""
    return str([c.key for c in choices].index(key) + 1)


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_a_caller_books_a_doorstep_service_from_the_sample_catalogue_and_hears_and_receives_the_request_number(
        language, catalogue, phone, run_jobs):
    lookups = DatabaseLookups(CALLER)
    fee = fee_in_force("domicile")
    phone.call()
    assert [say.get("language") for say in phone.twiml.findall("./Gather/Say")] == ["en-IN", "hi-IN", "ur-IN", "hi-IN"]
    assert "English" in phone.heard and "हिंदी" in phone.heard and "اردو" in phone.heard
    phone.walk(LANGUAGE_KEYS[language], "1", menu_key(lookups.categories(), "Certificates"))
    phone.press(menu_key(lookups.services("Certificates"), "domicile"))
    assert phone.twiml.find("./Gather").get("finishOnKey") == "#"
    phone.press(SRINAGAR_PIN + "#")
    assert "Srinagar" in phone.heard.title()
    phone.press("1")
    for amount in (fee.total, fee.service_fee, fee.government_fee):
        assert f" {rupees(amount)} " in phone.heard  # the notified fee in force, and its two parts
    assert not requests_made()  # nothing exists before the caller confirms
    phone.press("1")

    [request] = requests_made()
    assert request.call_sid == phone.call_sid and request.citizen_phone == CALLER
    assert request.language == language and request.service_code == "domicile" and request.pin_code == SRINAGAR_PIN
    assert request.total_fee == fee.total
    spoken_number = " ".join(DIGIT_WORDS[language][int(d)] for d in request.number)
    assert phone.heard.count(spoken_number) == 2
    assert {(say.get("language"), say.get("voice")) for say in phone.twiml.findall("./Say")} == {VOICES[language]}
    assert phone.twiml.find("./Hangup") is not None
    run_jobs()
    sms = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.to_number == CALLER))
    assert request.number in sms.body and sms.sender == "JKGOVT"
    if language != "en":
        assert sms.body != sms.body.encode("ascii", "ignore").decode()  # sent in the caller's script


def test_every_answer_is_twiml_as_text_xml(small_catalogue, phone):
    phone.call()
    assert phone.response.status_code == 200
    assert phone.response.mimetype == "text/xml"
    assert phone.twiml.tag == "Response"


def test_the_language_choice_is_remembered_for_the_callers_next_call(small_catalogue, phone, new_phone):
    phone.call()
    phone.press("3")
    again = new_phone()
    again.call()
    assert "خوش آمدید" in again.heard and "زبان بدلنے" in again.heard  # welcome and main menu in Urdu script
    again.press("*")
    assert "اردو کے لیے 3" in again.heard  # star goes back to the language menu
    phone.hang_up()
    assert db.session.get(CallerPreference, CALLER).language == "ur"  # kept in the database when the call ends


def test_a_caller_who_hangs_up_before_confirming_leaves_no_request_and_the_drop_is_recorded(
        small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "1", "1")
    phone.hang_up()
    assert not requests_made()
    session = db.session.scalar(db.select(CallSession).where(CallSession.call_sid == phone.call_sid))
    assert session.abandoned and session.dropped_at_step == "pin" and session.ended_at is not None


def test_a_completed_call_is_not_recorded_as_abandoned(small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN, "1", "1")
    phone.hang_up()
    session = db.session.scalar(db.select(CallSession).where(CallSession.call_sid == phone.call_sid))
    assert not session.abandoned and session.outcome == "request_created" and session.dropped_at_step is None


def test_a_replayed_confirmation_gets_the_same_answer_and_never_a_second_request(small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN, "1")
    confirm_action = phone.action
    first = phone.press("1")
    first_body = phone.response.get_data()
    phone.post(confirm_action, phone.params(Digits="1"))
    assert phone.response.get_data() == first_body
    assert len(requests_made()) == 1
    assert first.find("./Hangup") is not None


def test_a_replayed_menu_step_does_not_advance_the_call_twice(small_catalogue, phone):
    phone.call()
    phone.press("1")
    main_menu_action = phone.action
    phone.press("1")  # into the categories
    categories = phone.response.get_data()
    phone.post(main_menu_action, phone.params(Digits="1"))
    assert phone.response.get_data() == categories
    phone.press("1")
    assert "Domicile" in phone.heard  # the services of the first category, not a category skipped


def test_a_step_of_an_unknown_call_restarts_the_flow_politely(small_catalogue, phone):
    phone.post("/ivr/step?t=4", phone.params(Digits="1"))
    assert phone.response.status_code == 200
    assert "start again" in phone.heard
    assert phone.twiml.find("./Gather") is not None


@pytest.mark.parametrize("pin, words", [("199999", "could not find"), ("110001", "outside Jammu and Kashmir"),
                                        ("0123", "6 digits")])
def test_a_pin_code_we_cannot_serve_is_explained_and_asked_again(small_catalogue, phone, pin, words):
    phone.call()
    phone.walk("1", "1", "1", "1", pin + "#")
    assert words in phone.heard
    assert phone.twiml.find("./Gather").get("finishOnKey") == "#"
    phone.walk(SRINAGAR_PIN + "#")
    assert "Srinagar" in phone.heard.title()


def test_a_wrong_key_says_it_is_not_a_choice_and_asks_again(small_catalogue, phone):
    phone.call()
    phone.press("1")
    phone.press("7")
    assert "not one of the choices" in phone.heard
    assert "new doorstep service, press 1" in phone.heard


def test_re_entering_the_pin_after_the_read_back_asks_for_it_again(small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN + "#", "2")
    assert "PIN code" in phone.heard and phone.twiml.find("./Gather").get("finishOnKey") == "#"
    phone.walk("180001#")
    assert "Jammu" in phone.heard


def test_the_service_menu_offers_at_most_eight_options_then_nine_for_more_and_star_to_go_back(
        small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "1")
    assert phone.heard.count("press") == 8 + 1 + 2  # eight services, 9 for more, star and 0
    assert "press 9" in phone.heard
    phone.press("9")
    assert "Certificate 10" in phone.heard and "press 9" not in phone.heard
    phone.press("2")  # the second service of the second page
    phone.walk(SRINAGAR_PIN + "#", "1", "1")
    assert requests_made()[0].service_code == "certificate_10"


def test_star_goes_back_from_the_services_to_the_categories(small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "2", "*")
    assert "kind of service" in phone.heard


def test_cancelling_at_the_quote_books_nothing_and_returns_to_the_main_menu(small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "2", "1", SRINAGAR_PIN, "1")
    assert "50.50" in phone.heard and "No documents" in phone.heard
    phone.press("2")
    assert "Nothing has been booked" in phone.heard and not requests_made()


def test_silence_is_re_prompted_twice_then_the_call_back_is_offered(small_catalogue, phone):
    phone.call()
    phone.press("1")
    for _ in range(2):
        phone.keep_silent()
        assert "did not hear anything" in phone.heard and "new doorstep service" in phone.heard
    phone.keep_silent()
    assert "not available" in phone.heard and "call back" in phone.heard


def test_a_failure_inside_the_call_is_met_with_an_apology_and_the_operator_option(small_catalogue, phone):
    phone.call()
    phone.walk("1", "1", "1", "1", SRINAGAR_PIN, "1")
    from fees.models import Service

    db.session.get(Service, "domicile").active = False  # withdrawn while the caller listens to the quote
    db.session.commit()
    phone.press("1")
    assert phone.response.status_code == 200
    assert "went wrong" in phone.heard and "call back" in phone.heard
    assert not requests_made()


def test_a_call_that_ends_busy_before_any_step_is_recorded_as_abandoned_and_a_late_webhook_still_answers(
        small_catalogue, phone, app):
    phone.hang_up(status="busy")
    session = db.session.scalar(db.select(CallSession).where(CallSession.call_sid == phone.call_sid))
    assert session.abandoned and session.call_status == "busy"
    phone.call()
    assert phone.twiml.find("./Gather") is not None


def test_a_caller_who_asked_for_a_call_back_is_listed_as_an_open_call_back(small_catalogue, app, phone):
    from ivr.services import open_callbacks

    app.config.update(OPERATOR_NUMBER="")
    phone.call()
    phone.walk("1", "0", "1")
    assert [c.phone for c in open_callbacks(None)] == [CALLER]


def test_a_call_back_goes_to_the_district_of_the_callers_latest_request(small_catalogue, app, phone):
    from dispatch.requests import NewRequest, create_request
    from ivr.models import CallbackRequest

    create_request(NewRequest(service_code="domicile", pin_code="180001", citizen_phone=CALLER))  # Jammu
    app.config.update(OPERATOR_NUMBER="")
    phone.call()
    phone.walk("1", "0", "1")
    [callback] = db.session.scalars(db.select(CallbackRequest)).all()
    assert callback.district == "Jammu"
