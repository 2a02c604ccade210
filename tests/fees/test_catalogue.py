"""Validating catalogue files (pure), and the sample catalogue shipped with the project."""

from __future__ import annotations

import pytest

from fees.catalogue import plan_catalogue
from fees.samples import SAMPLE_CATALOGUE, SAMPLE_NOTIFICATION
from fees.tables import ImportRefused, read_table

COLUMNS = "code,category,department,name_en,name_hi,name_ur,psga_days,documents_en,documents_hi,documents_ur\n"
DOMICILE = ("domicile,Certificates,Revenue Department,Domicile certificate,अधिवास प्रमाण पत्र,ڈومیسائل سرٹیفکیٹ,15,"
            "Aadhaar card | Photograph,आधार कार्ड | फ़ोटो,آدھار کارڈ | تصویر\n")


def refusal(text: str, filename: str = "services.csv") -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        plan_catalogue(read_table(text, filename, list_key="services"))
    return [str(p) for p in caught.value.problems]


def test_a_valid_row_becomes_a_service_with_documents_in_three_languages():
    [spec] = plan_catalogue(read_table(COLUMNS + DOMICILE, "services.csv", list_key="services"))
    assert (spec.code, spec.psga_days, spec.doorstep, spec.active) == ("domicile", 15, True, True)
    assert spec.documents[1] == {"en": "Photograph", "hi": "फ़ोटो", "ur": "تصویر"}


@pytest.mark.parametrize(("column", "language"), [("name_hi", "Hindi"), ("name_ur", "Urdu")])
def test_a_missing_name_translation_is_refused(column, language):
    row = DOMICILE.replace("अधिवास प्रमाण पत्र" if column == "name_hi" else "ڈومیسائل سرٹیفکیٹ", "")
    assert refusal(COLUMNS + row) == [f"line 2, {column}: the {language} text is missing"]


def test_an_english_name_pasted_as_the_urdu_one_is_refused():
    row = DOMICILE.replace("ڈومیسائل سرٹیفکیٹ", "Domicile certificate")
    assert refusal(COLUMNS + row) == [
        "line 2, name_ur: the Urdu text must be written in Urdu (Arabic) script (got 'Domicile certificate')"]


def test_a_document_without_its_translation_is_refused():
    row = DOMICILE.replace("आधार कार्ड | फ़ोटो", "आधार कार्ड")
    assert refusal(COLUMNS + row) == [
        "line 2, documents_hi: 1 documents in Hindi for 2 in English: every document needs its translation"]


def test_a_bad_code_and_a_bad_timeline_are_both_listed():
    row = DOMICILE.replace("domicile,", "Domicile Cert,").replace(",15,", ",fifteen,")
    assert refusal(COLUMNS + row) == [
        "line 2, code: a short lowercase slug such as birth_cert (letters, digits, _), got 'Domicile Cert'",
        "line 2, psga_days: expected a whole number, got 'fifteen'"]


def test_missing_columns_are_named():
    assert refusal("code,name_en\ndomicile,Domicile\n") == [
        f"header, {column}: this column is missing"
        for column in ("category", "department", "name_hi", "name_ur", "psga_days",
                       "documents_en", "documents_hi", "documents_ur")]


def test_an_empty_catalogue_is_refused():
    assert refusal("") == ["file: the file is empty"]


def test_a_yaml_catalogue_lists_documents_as_mappings():
    text = """services:
  - code: birth_cert
    category: Certificates
    department: Health & Medical Education Department
    name_en: Birth certificate
    name_hi: जन्म प्रमाण पत्र
    name_ur: پیدائش سرٹیفکیٹ
    psga_days: 7
    doorstep: no
    documents:
      - {en: Hospital discharge slip, hi: अस्पताल की डिस्चार्ज पर्ची, ur: ہسپتال کی ڈسچارج پرچی}
"""
    [spec] = plan_catalogue(read_table(text, "services.yaml", list_key="services"))
    assert (spec.code, spec.doorstep, spec.documents[0]["ur"]) == ("birth_cert", False, "ہسپتال کی ڈسچارج پرچی")


def sample_services():
    return plan_catalogue(read_table(SAMPLE_CATALOGUE.read_text(encoding="utf-8"), "services.csv", "services"))


def test_the_sample_catalogue_has_at_least_25_doorstep_services_with_two_to_four_documents_each():
    services = sample_services()
    assert len(services) >= 25
    assert all(s.doorstep and 2 <= len(s.documents) <= 4 for s in services)
    assert {"Certificates", "Pensions & welfare", "Health", "Agriculture", "Land & revenue", "Utilities",
            "Labour & employment", "Licences"} <= {s.category for s in services}


@pytest.mark.parametrize(("code", "days"), [("domicile", 15), ("character_cert", 20), ("ews_cert", 45),
                                            ("legal_heir", 15), ("marriage_cert", 30)])
def test_the_sample_catalogue_carries_the_psga_timelines(code, days):
    assert {s.code: s.psga_days for s in sample_services()}[code] == days


def test_the_sample_notification_is_marked_as_a_sample_and_charges_the_csc_rate():
    table = read_table(SAMPLE_NOTIFICATION.read_text(encoding="utf-8"), "sample_notification.csv", "fees")
    assert table.meta["is_sample"] == "yes"
    assert "replaces it with the real notification" in str(table.meta["note"])
    assert {row.values["service_fee"] for row in table.rows} == {"50"}
    assert {row.values["service_code"] for row in table.rows} == {s.code for s in sample_services()}
