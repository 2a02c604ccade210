"""The public fee page in English, Hindi and Urdu."""

from __future__ import annotations

import re

import pytest

from core.extensions import db
from fees.models import FeeNotification

EXPECTED = {
    "en": ("Domicile certificate", "Doorstep services and notified fees", "15 days", "Aadhaar card", "Certificates"),
    "hi": ("अधिवास प्रमाण पत्र", "घर-द्वार सेवाएँ और अधिसूचित शुल्क", "15 दिन", "आधार कार्ड", "प्रमाण पत्र"),
    "ur": ("ڈومیسائل سرٹیفکیٹ", "گھر کی دہلیز پر خدمات اور مقررہ فیس", "15 دن", "آدھار کارڈ", "اسناد"),
}


def service_row(html: str, code: str) -> str:
    return re.search(rf'<tr id="service-{code}">(.*?)</tr>', html, re.S).group(1)


@pytest.mark.parametrize("language", ["en", "hi", "ur"])
def test_the_schedule_lists_each_service_with_its_fee_timeline_and_documents_in_the_language(
        catalogue, client, language):
    html = client.get(f"/fees?lang={language}").get_data(as_text=True)
    name, title, timeline, document, category = EXPECTED[language]
    row = service_row(html, "domicile")
    assert name in row and "₹50" in row and timeline in row and document in row
    assert title in html and category in html
    assert f'<html lang="{language}"' in html


def test_the_urdu_page_is_right_to_left_and_the_others_are_not(catalogue, client):
    assert 'dir="rtl"' in client.get("/fees?lang=ur").get_data(as_text=True).split("<nav")[0]
    assert 'dir="rtl"' not in client.get("/fees?lang=hi").get_data(as_text=True).split("<nav")[0]


def test_the_fee_shown_is_the_service_fee_plus_the_government_fee(catalogue, client):
    row = service_row(client.get("/fees").get_data(as_text=True), "fard")
    assert "₹60" in row and "includes government fee <bdi dir=\"ltr\">₹10</bdi>" in row


def test_the_page_names_the_notification_its_date_and_its_authority(catalogue, client):
    html = client.get("/fees").get_data(as_text=True)
    assert "SAMPLE-DIGIDOST-2026-01" in html
    assert "15-12-2025" in html and "Department of Information Technology" in html
    assert "in force from <bdi>01-01-2026</bdi>" in html  # the local date, not the UTC one


@pytest.mark.parametrize(("language", "words"), [("en", "SAMPLE fee schedule"), ("hi", "नमूना शुल्क सूची"),
                                                  ("ur", "نمونہ فیس فہرست")])
def test_a_sample_notification_carries_a_banner_in_every_language(catalogue, client, language, words):
    html = client.get(f"/fees?lang={language}").get_data(as_text=True)
    assert 'class="sample-note"' in html and words in html


def test_a_real_notification_has_no_sample_banner(catalogue, client):
    db.session.execute(db.update(FeeNotification).values(is_sample=False))
    db.session.commit()
    assert 'class="sample-note"' not in client.get("/fees").get_data(as_text=True)


@pytest.mark.parametrize(("language", "words"), [("en", "The fee schedule is not published yet"),
                                                  ("hi", "शुल्क सूची अभी प्रकाशित नहीं हुई है"),
                                                  ("ur", "فیس کی فہرست ابھی شائع نہیں ہوئی")])
def test_with_no_notification_in_force_the_page_says_so_kindly(client, language, words):
    response = client.get(f"/fees?lang={language}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert words in html and "<table" not in html


def test_an_unknown_language_falls_back_to_english(catalogue, client):
    assert "Domicile certificate" in client.get("/fees?lang=fr").get_data(as_text=True)


def test_when_the_only_notification_has_ended_the_page_shows_no_stale_fees(catalogue, client):
    db.session.execute(db.update(FeeNotification).values(effective_to=FeeNotification.effective_from))
    db.session.commit()
    html = client.get("/fees").get_data(as_text=True)
    assert "The fee schedule is not published yet" in html and "₹50" not in html
