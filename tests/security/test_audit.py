"""V16 security logging: security events in UTC, append-only and hash-chained; `flask audit verify` finds tampering."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from agents.accounts import SignInRefused, authenticate, change_password, set_temporary_password
from core.audit import GENESIS, SecurityEvent, record_security_event, verify_chain
from core.clock import utcnow
from core.extensions import db
from tests.agents.agent_helpers import post_form
from tests.security.conftest import STAFF_PAGE


def _events() -> list[str]:
    return list(db.session.scalars(db.select(SecurityEvent.event).order_by(SecurityEvent.id)))


def test_sign_in_failure_lockout_sign_out_and_password_changes_are_recorded_in_utc(web, signed_in, supervisor):
    post_form(signed_in, STAFF_PAGE, "/agents/sign-out")
    for _ in range(5):
        with pytest.raises(SignInRefused):
            authenticate("super1", "Not-the-password-1")
    set_temporary_password(supervisor.id, "Temporary-pass-2026", "account:7:boss")
    change_password(supervisor.id, "Temporary-pass-2026", "Almond-blossom-at-Badamwari")
    assert _events() == ["account_created", "sign_in", "sign_out", *["sign_in_failed"] * 5, "lockout",
                         "temporary_password", "password_changed"]
    stamps = list(db.session.scalars(db.select(SecurityEvent.at)))
    assert all(abs(stamp - utcnow()) < timedelta(minutes=1) for stamp in stamps)  # UTC, not local time


def test_an_event_joins_the_callers_transaction_and_leaves_with_its_rollback(app):
    record_security_event("override", "account:3:super1", "request:12", "citizen lost the SMS")
    db.session.rollback()
    assert _events() == []
    record_security_event("assignment", "account:3:super1", "request:12", "to agent 4")
    db.session.commit()
    assert _events() == ["assignment"]


def test_each_row_carries_the_hash_of_the_one_before(app):
    for n in range(3):
        record_security_event("fee_flag_review", "account:3:super1", f"request:{n}")
        db.session.commit()
    rows = list(db.session.scalars(db.select(SecurityEvent).order_by(SecurityEvent.id)))
    assert rows[0].previous_hash == GENESIS
    assert [r.previous_hash for r in rows[1:]] == [r.hash for r in rows[:-1]]
    assert verify_chain().first_bad_id is None


def test_flask_audit_verify_names_the_first_changed_row(app, runner):
    for n in range(4):
        record_security_event("role_changed", "account:1:super1", f"account:{n}", "agent to supervisor")
        db.session.commit()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    ids = list(db.session.scalars(db.select(SecurityEvent.id).order_by(SecurityEvent.id)))
    # The database refuses an UPDATE, so the forger removes the row and puts back an altered copy.
    table = SecurityEvent.__table__
    row = dict(db.session.execute(db.select(table).where(table.c.id == ids[2])).mappings().one())
    db.session.execute(text("DELETE FROM security_event WHERE id = :id"), {"id": ids[2]})
    db.session.execute(db.insert(table).values(**{**row, "detail": "supervisor to agent"}))
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"row {ids[2]} its content was changed" in result.output


def test_the_database_refuses_to_change_a_security_event(app):
    record_security_event("sign_in", "account:1:super1", "account:1:super1")
    db.session.commit()
    with pytest.raises(DatabaseError):
        db.session.execute(text("UPDATE security_event SET detail = 'changed'"))
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(db.select(SecurityEvent.detail)) == ""


def test_flask_audit_verify_notices_a_removed_row(app, runner):
    for n in range(4):
        record_security_event("district_changed", "account:1:super1", f"account:{n}", "Srinagar to Jammu")
        db.session.commit()
    ids = list(db.session.scalars(db.select(SecurityEvent.id).order_by(SecurityEvent.id)))
    db.session.execute(text("DELETE FROM security_event WHERE id = :id"), {"id": ids[1]})
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and f"row {ids[2]} does not follow" in result.output


def test_events_written_at_once_never_fork_the_chain(app):
    writers, start = 12, threading.Barrier(12)
    db.session.remove()

    def write(n: int) -> None:
        with app.app_context():
            start.wait()
            record_security_event("assignment", f"agent:{n}", f"request:{n}")
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    rows = list(db.session.scalars(db.select(SecurityEvent).order_by(SecurityEvent.id)))
    assert len(rows) == writers
    assert len({row.previous_hash for row in rows}) == writers  # no two rows follow the same one
    assert verify_chain().first_bad_id is None
