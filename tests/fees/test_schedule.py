"""Pure fee lookup across notification boundaries: no app, no database."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from fees.schedule import NoFeeInForce, NotificationTerms, NotifiedFee, notification_in_force, notified_fee_for

JAN = datetime(2026, 1, 1)
APR = datetime(2026, 4, 1)


def terms(notification_id: int, start: datetime, end: datetime | None, service_fee: str) -> NotificationTerms:
    fee = Decimal(service_fee)
    notified = NotifiedFee(notification_id, "domicile", Decimal("0"), fee, fee * Decimal("0.8"), fee * Decimal("0.2"))
    return NotificationTerms(notification_id, start, end, {"domicile": notified})


FIRST = terms(1, JAN, APR, "50")
SECOND = terms(2, APR, None, "60")


def test_there_is_no_fee_before_the_first_notification():
    with pytest.raises(NoFeeInForce):
        notified_fee_for("domicile", JAN - timedelta(microseconds=1), [FIRST, SECOND])


def test_the_first_notification_applies_from_its_exact_start():
    assert notified_fee_for("domicile", JAN, [FIRST, SECOND]).service_fee == Decimal("50")


def test_the_last_instant_before_the_boundary_still_has_the_old_fee():
    assert notified_fee_for("domicile", APR - timedelta(microseconds=1), [FIRST, SECOND]).notification_id == 1


def test_effective_to_is_exclusive_so_the_boundary_instant_has_the_new_fee():
    fee = notified_fee_for("domicile", APR, [FIRST, SECOND])
    assert (fee.notification_id, fee.service_fee) == (2, Decimal("60"))


def test_an_open_ended_notification_stays_in_force_long_after():
    assert notified_fee_for("domicile", datetime(2031, 6, 1), [SECOND, FIRST]).notification_id == 2


def test_the_order_notifications_are_given_in_does_not_matter():
    at = datetime(2026, 2, 1)
    assert notified_fee_for("domicile", at, [SECOND, FIRST]) == notified_fee_for("domicile", at, [FIRST, SECOND])


def test_a_gap_after_a_closed_notification_has_no_fee():
    with pytest.raises(NoFeeInForce):
        notified_fee_for("domicile", APR, [FIRST])


def test_a_service_the_notification_in_force_does_not_list_has_no_fee():
    with pytest.raises(NoFeeInForce, match="birth_cert"):
        notified_fee_for("birth_cert", datetime(2026, 2, 1), [FIRST])


def test_no_notifications_means_nothing_in_force():
    assert notification_in_force([], JAN) is None


def test_the_citizen_pays_the_service_fee_plus_the_government_fee():
    fee = NotifiedFee(1, "fard", Decimal("10"), Decimal("50"), Decimal("40"), Decimal("10"))
    assert fee.total == Decimal("60")
