"""flask fees …: import a notification, export the schedule in force."""

from __future__ import annotations

from flask.cli import AppGroup

fees_group = AppGroup("fees", help="Service catalogue and notified fee schedules.")
