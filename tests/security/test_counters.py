"""Race-free counters (V6.3 brute force, V2.3 business logic limits): a burst of parallel attempts gets exactly the
allowed number of checks, because each attempt is counted by one atomic UPDATE … RETURNING before it is checked."""

from __future__ import annotations

import os
import threading
from collections import Counter

import pytest

from agents.accounts import MAX_FAILED_ATTEMPTS, SignInRefused, authenticate, create_account
from agents.models import UserAccount
from core.extensions import db
from core.roles import AGENT
from dispatch.models import VISITING, ServiceRequest
from dispatch.visits import MAX_CODE_FAILURES, VisitCodeLocked, WrongVisitCode, start_visit
from tests.agents.agent_helpers import PASSWORD

ON_POSTGRESQL = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")
FIGURES = os.environ.get("SECURITY_FIGURES")  # a file to append the burst figures to (for the note)


def burst(app, attempts: int, attempt) -> list[str]:
    """Run `attempt(n)` in `attempts` threads released at once; return each outcome."""
    db.session.remove()
    start, outcomes = threading.Barrier(attempts), []

    def run(n: int) -> None:
        with app.app_context():
            start.wait()
            try:
                outcomes.append(attempt(n))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert len(outcomes) == attempts
    return outcomes


def _record(name: str, outcomes: Counter, attempts: int) -> None:
    if FIGURES:
        with open(FIGURES, "a") as f:
            f.write(f"{name}: {attempts} parallel attempts on {db.engine.dialect.name}: {dict(outcomes)}\n")


def wrong_password_burst(app, attempts: int) -> Counter:
    create_account("agent07", PASSWORD, AGENT, temporary=False)

    def attempt(n: int) -> str:
        try:
            authenticate("agent07", f"Wrong-password-{n:03d}")
        except SignInRefused as refused:
            return "checked" if refused.evaluated else "refused unchecked"
        return "signed in"

    outcomes = Counter(burst(app, attempts, attempt))
    _record("wrong passwords", outcomes, attempts)
    return outcomes


def visit_code_burst(app, job, attempts: int, right_code_at: int | None = None) -> Counter:
    wrong = "0000" if job.visit_code != "0000" else "1111"

    def attempt(n: int) -> str:
        try:
            start_visit(job.id, job.assigned_agent_id, job.visit_code if n == right_code_at else wrong)
        except WrongVisitCode:
            return "wrong"
        except VisitCodeLocked:
            return "locked"
        return "started"

    outcomes = Counter(burst(app, attempts, attempt))
    _record("visit codes" + (" (one right)" if right_code_at is not None else ""), outcomes, attempts)
    return outcomes


def test_of_parallel_wrong_passwords_exactly_five_are_checked_and_the_account_locks(app):
    outcomes = wrong_password_burst(app, 200 if ON_POSTGRESQL else 40)
    assert outcomes["checked"] == MAX_FAILED_ATTEMPTS
    assert outcomes["signed in"] == 0
    account = db.session.scalar(db.select(UserAccount).where(UserAccount.username == "agent07"))
    assert account.locked_until is not None


def test_of_parallel_wrong_visit_codes_exactly_five_are_compared(app, held_job):
    attempts = 200 if ON_POSTGRESQL else 60
    outcomes = visit_code_burst(app, held_job, attempts)
    # Attempts 1-4 are told how many are left, the 5th and every later one that the code is locked.
    assert outcomes["wrong"] == MAX_CODE_FAILURES - 1
    assert outcomes["locked"] == attempts - (MAX_CODE_FAILURES - 1)
    assert db.session.get(ServiceRequest, held_job.id).visit_code_failures == MAX_CODE_FAILURES


def test_a_right_code_inside_the_allowance_starts_the_visit_whatever_the_order(app, held_job):
    outcomes = visit_code_burst(app, held_job, MAX_CODE_FAILURES, right_code_at=2)
    assert outcomes["started"] >= 1
    assert db.session.get(ServiceRequest, held_job.id).state == VISITING


@pytest.mark.postgresql
def test_two_hundred_parallel_codes_with_a_right_one_on_postgresql_never_compare_more_than_five(app, held_job):
    outcomes = visit_code_burst(app, held_job, 200, right_code_at=0)
    assert outcomes["wrong"] <= MAX_CODE_FAILURES - 1
    assert db.session.get(ServiceRequest, held_job.id).visit_code_failures <= MAX_CODE_FAILURES
