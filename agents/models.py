"""Sign-in accounts for agents and supervisors."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.clock import utcnow
from core.extensions import db
from core.roles import AGENT, SUPERVISOR
from dispatch.models import Agent

ROLES = (AGENT, SUPERVISOR)


class UserAccount(UserMixin, db.Model):
    """A person who signs in: an agent (linked to their dispatchable Agent) or a supervisor."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)  # E.164
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(12), default=AGENT)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), unique=True)
    district: Mapped[str | None] = mapped_column(String(60))  # a district supervisor's district
    language: Mapped[str] = mapped_column(String(3), default="en")
    failed_attempts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    must_change_password: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    # Part of every session's id: raising it (sign-out, password change, deactivation) ends all its sessions.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None]

    agent: Mapped[Agent | None] = relationship()

    def get_id(self) -> str:  # Flask-Login keeps this in the session; agents.sessions.load_account checks it
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated account cannot sign in or stay signed in
        return self.active

    @property
    def is_supervisor(self) -> bool:
        return self.role == SUPERVISOR


class AgentSmsCommand(db.Model):
    """One SMS command from an agent's registered number (agents.sms): kept so that the same SMS delivered twice
    (same MessageSid) acts and is answered once. The text itself is not kept (it may hold a citizen's visit code)."""

    __tablename__ = "agent_sms_command"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"), index=True)
    command: Mapped[str] = mapped_column(String(12))  # yes, no, start, done, jobs, help, unknown
    reply_template: Mapped[str | None] = mapped_column(String(60))  # the answer's template, once staged
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
