"""A statutory breach is about the certificate: decided after the deadline, or still undecided after it."""

from datetime import date

from supervisors.kpi import breached

DUE = date(2026, 3, 20)


def test_a_decision_after_the_deadline_is_a_breach_and_one_before_it_is_not():
    assert breached("completed", DUE, date(2026, 3, 5), date(2026, 4, 30), "delivered", date(2026, 3, 21))
    assert not breached("completed", DUE, date(2026, 3, 5), date(2026, 4, 30), "approved", date(2026, 3, 20))


def test_a_filed_application_still_undecided_after_the_deadline_is_a_breach():
    assert breached("completed", DUE, date(2026, 3, 5), date(2026, 3, 21), "under_process")
    assert not breached("completed", DUE, date(2026, 3, 5), DUE, "filed")


def test_requests_completed_before_stages_existed_count_their_completion_and_cancelled_ones_never_breach():
    assert not breached("completed", DUE, date(2026, 3, 5), date(2026, 4, 30))
    assert breached("completed", DUE, date(2026, 3, 25), date(2026, 4, 30))
    assert not breached("cancelled", DUE, None, date(2026, 4, 30))
