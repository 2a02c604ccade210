"""History is never edited or deleted once in force: the one allowed change is ending an open window."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from core.clock import utcnow
from core.extensions import db
from fees.models import FeeNotification, HistoryIsFrozen


def sample() -> FeeNotification:
    return db.session.scalars(db.select(FeeNotification)).one()


def test_the_fees_of_a_notification_in_force_cannot_be_edited(catalogue):
    sample().entries[0].service_fee = Decimal("500")
    with pytest.raises(HistoryIsFrozen):
        db.session.commit()
    db.session.rollback()


def test_a_notification_in_force_cannot_be_deleted(catalogue):
    db.session.delete(sample())
    with pytest.raises(HistoryIsFrozen):
        db.session.commit()
    db.session.rollback()


def test_a_notification_in_force_cannot_be_renumbered_or_moved(catalogue):
    sample().effective_from = utcnow() + timedelta(days=1)
    with pytest.raises(HistoryIsFrozen):
        db.session.commit()
    db.session.rollback()


def test_an_open_window_may_be_ended_once_but_never_moved_afterwards(catalogue):
    notification = sample()
    notification.effective_to = utcnow() + timedelta(days=30)
    db.session.commit()
    notification.effective_to = utcnow() + timedelta(days=60)
    with pytest.raises(HistoryIsFrozen):
        db.session.commit()
    db.session.rollback()


def test_a_notification_not_yet_in_force_may_still_be_withdrawn(catalogue, runner, tmp_path):
    path = tmp_path / "n.csv"
    path.write_text("# number: IT/2026/20\n# issued_on: 2026-03-05\n# issued_by: IT Department\n"
                    "# effective_from: 2031-01-01\nservice_code,government_fee,service_fee,agent_share,"
                    "government_share\ndomicile,0,60,45,15\n", encoding="utf-8")
    assert runner.invoke(args=["fees", "import", str(path)]).exit_code == 0
    scheduled = db.session.scalar(db.select(FeeNotification).where(FeeNotification.number == "IT/2026/20"))
    db.session.delete(scheduled)
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count()).select_from(FeeNotification)) == 1
