"""Imports through the CLI against a real database: all or nothing, windows closed, schedules exported."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from core.clock import utcnow
from core.extensions import db
from fees.models import FeeEntry, FeeNotification, Service
from fees.samples import install_sample_fees
from fees.services import active_services, fee_in_force

COLUMNS = "service_code,government_fee,service_fee,agent_share,government_share\n"


def start_in(days: int) -> str:
    """An instant that many days from now, written with its UTC offset."""
    return (utcnow() + timedelta(days=days)).replace(microsecond=0).isoformat() + "+00:00"


def header(number: str = "IT/2026/7", effective_from: str | None = None) -> str:
    return (f"# number: {number}\n# issued_on: 2026-03-05\n# issued_by: Department of Information Technology\n"
            f"# effective_from: {effective_from or start_in(30)}\n")


def write(tmp_path, text: str, name: str = "notification.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def snapshot() -> list[tuple]:
    """Everything the fee tables hold, to prove a refused import wrote nothing."""
    db.session.expire_all()
    notifications = db.session.execute(db.select(
        FeeNotification.id, FeeNotification.number, FeeNotification.effective_from, FeeNotification.effective_to)
        .order_by(FeeNotification.id)).all()
    entries = db.session.execute(db.select(
        FeeEntry.notification_id, FeeEntry.service_code, FeeEntry.service_fee).order_by(FeeEntry.id)).all()
    services = db.session.execute(db.select(Service.code, Service.name_hi, Service.name_ur)
                                  .order_by(Service.code)).all()
    return [tuple(r) for r in (*notifications, *entries, *services)]


def test_installing_the_sample_fees_twice_leaves_one_sample_notification_over_at_least_25_services(catalogue):
    before = snapshot()
    install_sample_fees()
    assert snapshot() == before
    assert db.session.scalar(db.select(db.func.count()).select_from(Service)) >= 25
    [notification] = db.session.scalars(db.select(FeeNotification)).all()
    assert notification.is_sample and notification.effective_to is None
    assert fee_in_force("domicile").total == Decimal("50")


REFUSALS = {
    "unknown service": (COLUMNS + "domicile,0,50,40,10\npassport,0,50,40,10\n", "line 7, service_code: unknown"),
    "negative fee": (COLUMNS + "domicile,0,-50,-40,-10\n", "line 6, service_fee: must not be negative"),
    "non-numeric fee": (COLUMNS + "domicile,nil,50,40,10\n", "line 6, government_fee: not a number"),
    "split mismatch": (COLUMNS + "domicile,0,50,40,20\n", "line 6, agent_share: agent_share 40.00 + government_share"),
    "missing columns": ("service_code,service_fee\ndomicile,50\n", "header, agent_share: this column is missing"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_a_faulty_notification_is_refused_with_its_line_and_field_and_nothing_is_written(
        catalogue, runner, tmp_path, case):
    body, expected = REFUSALS[case]
    before = snapshot()
    result = runner.invoke(args=["fees", "import", write(tmp_path, header() + body)])
    assert result.exit_code != 0
    assert expected in result.output
    assert "nothing was written" in result.output
    assert snapshot() == before


@pytest.mark.parametrize(("case", "start", "expected"), [
    ("overlapping window", "2025-12-01", "overlaps notification SAMPLE-DIGIDOST-2026-01"),
    ("past window", "2026-02-01", "is in the past"),
])
def test_a_notification_whose_window_is_not_after_the_one_in_force_is_refused(
        catalogue, runner, tmp_path, case, start, expected):
    before = snapshot()
    result = runner.invoke(args=["fees", "import", write(tmp_path, header(effective_from=start) + COLUMNS
                                                         + "domicile,0,50,40,10\n")])
    assert result.exit_code != 0
    assert "header, effective_from: " in result.output and expected in result.output
    assert snapshot() == before


def test_an_empty_notification_file_is_refused(catalogue, runner, tmp_path):
    before = snapshot()
    result = runner.invoke(args=["fees", "import", write(tmp_path, "")])
    assert result.exit_code != 0 and "file: the file is empty" in result.output
    assert snapshot() == before


def test_a_catalogue_with_a_missing_translation_is_refused_and_no_row_of_it_is_written(catalogue, runner, tmp_path):
    text = ("code,category,department,name_en,name_hi,name_ur,psga_days,documents_en,documents_hi,documents_ur\n"
            "domicile,Certificates,Revenue Department,Domicile certificate,नया नाम,نیا نام,15,Aadhaar,आधार,آدھار\n"
            "passport_help,Certificates,Home Department (J&K Police),Passport help,,پاسپورٹ,30,Aadhaar,आधार,آدھار\n")
    before = snapshot()
    result = runner.invoke(args=["fees", "catalogue", write(tmp_path, text, "services.csv")])
    assert result.exit_code != 0
    assert "line 3, name_hi: the Hindi text is missing" in result.output
    assert snapshot() == before


def test_a_catalogue_file_creates_new_services_and_updates_changed_ones(catalogue, runner, tmp_path):
    text = ("code,category,department,name_en,name_hi,name_ur,psga_days,documents_en,documents_hi,documents_ur\n"
            "domicile,Certificates,Revenue Department,Domicile certificate,अधिवास प्रमाण पत्र,ڈومیسائل سرٹیفکیٹ,10,"
            "Aadhaar card,आधार कार्ड,آدھار کارڈ\n"
            "dependent_cert,Certificates,Revenue Department,Dependent certificate,आश्रित प्रमाण पत्र,"
            "زیر کفالت سرٹیفکیٹ,15,Aadhaar card,आधार कार्ड,آدھار کارڈ\n")
    result = runner.invoke(args=["fees", "catalogue", write(tmp_path, text, "services.csv")])
    assert result.exit_code == 0, result.output
    assert "1 created, 1 updated" in result.output
    assert db.session.get(Service, "domicile").psga_days == 10
    assert db.session.get(Service, "dependent_cert").name_ur == "زیر کفالت سرٹیفکیٹ"


def test_a_valid_notification_closes_the_open_window_at_its_start_without_touching_old_fees(
        catalogue, runner, tmp_path):
    start = start_in(30)
    result = runner.invoke(args=["fees", "import", write(tmp_path, header(effective_from=start) + COLUMNS
                                                         + "domicile,0,60,45,15\nfard,10,60,45,15\n")])
    assert result.exit_code == 0, result.output
    sample, new = db.session.scalars(db.select(FeeNotification).order_by(FeeNotification.id)).all()
    assert sample.effective_to == new.effective_from and new.effective_to is None
    assert {e.service_fee for e in sample.entries} == {Decimal("50.00")}
    before, after = new.effective_from - timedelta(microseconds=1), new.effective_from
    assert fee_in_force("domicile", before).service_fee == Decimal("50.00")
    assert fee_in_force("domicile", after).service_fee == Decimal("60.00")
    assert f"no fee for {len(active_services()) - 2} active service(s)" in result.output  # a warning only


def test_options_give_the_header_when_the_file_has_none(catalogue, runner, tmp_path):
    result = runner.invoke(args=["fees", "import", write(tmp_path, COLUMNS + "domicile,0,60,45,15\n"),
                                 "--number", "IT/2026/11", "--issued-on", "2026-03-05", "--issued-by", "IT Department",
                                 "--effective-from", start_in(10)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(db.select(FeeNotification).where(FeeNotification.number == "IT/2026/11")) is not None


def test_a_later_notification_never_changes_the_fee_a_request_stored(catalogue, runner, tmp_path):
    from dispatch.requests import NewRequest, create_request

    request = create_request(NewRequest("domicile", pin_code="190001", citizen_phone="+919876543210"))
    result = runner.invoke(args=["fees", "import", write(tmp_path, header() + COLUMNS + "domicile,5,70,50,20\n")])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    stored = db.session.get(type(request), request.id)
    assert (stored.government_fee, stored.service_fee, stored.agent_share) == (Decimal("0.00"), Decimal("50.00"),
                                                                                Decimal("40.00"))
    assert fee_in_force("domicile", utcnow() + timedelta(days=31)).total == Decimal("75.00")


def test_export_writes_the_schedule_in_force_as_csv_that_can_be_imported_again(catalogue, runner, tmp_path):
    result = runner.invoke(args=["fees", "export"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "# number: SAMPLE-DIGIDOST-2026-01" in lines
    assert "# effective_from: 2026-01-01T00:00+05:30" in lines
    assert "service_code,government_fee,service_fee,agent_share,government_share,service_name" in lines
    assert "domicile,0.00,50.00,40.00,10.00,Domicile certificate" in lines
    exported = result.output.replace("SAMPLE-DIGIDOST-2026-01", "IT/2026/12").replace(
        "2026-01-01T00:00+05:30", start_in(5))
    again = runner.invoke(args=["fees", "import", write(tmp_path, exported)])
    assert again.exit_code == 0, again.output


def test_export_at_an_instant_shows_the_notification_in_force_then(catalogue, runner, tmp_path):
    runner.invoke(args=["fees", "import", write(tmp_path, header("IT/2026/13", "2030-01-01") + COLUMNS
                                                + "domicile,0,60,45,15\n")])
    assert "# number: IT/2026/13" in runner.invoke(args=["fees", "export", "--at", "2030-01-01T00:00"]).output
    assert "# number: SAMPLE-DIGIDOST-2026-01" in runner.invoke(
        args=["fees", "export", "--at", "2029-12-31T23:59"]).output


def test_export_before_any_notification_says_so_and_fails(catalogue, runner):
    result = runner.invoke(args=["fees", "export", "--at", "2025-06-01"])
    assert result.exit_code != 0
    assert "no fee notification is in force" in result.output


def test_a_yaml_notification_is_imported_like_a_csv_one(catalogue, runner, tmp_path):
    text = (f"number: IT/2026/14\nissued_on: 2026-03-05\nissued_by: Department of Information Technology\n"
            f"effective_from: '{start_in(3)}'\nfees:\n"
            "  - {service_code: domicile, government_fee: 0, service_fee: 55.50, agent_share: 44.40, "
            "government_share: 11.10}\n")
    result = runner.invoke(args=["fees", "import", write(tmp_path, text, "notification.yaml")])
    assert result.exit_code == 0, result.output
    assert fee_in_force("domicile", utcnow() + timedelta(days=4)).service_fee == Decimal("55.50")


def test_installing_the_samples_again_keeps_an_administrators_catalogue_edits(catalogue):
    domicile = db.session.get(Service, "domicile")
    domicile.name_en = "Domicile Certificate (J&K)"
    db.session.commit()
    install_sample_fees()
    db.session.expire_all()
    assert db.session.get(Service, "domicile").name_en == "Domicile Certificate (J&K)"
