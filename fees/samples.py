"""The sample catalogue and sample fee notification shipped for demos."""

from __future__ import annotations

from pathlib import Path

from core.extensions import db
from fees.models import FeeNotification, Service
from fees.services import import_catalogue, import_notification, read_file

DATA = Path(__file__).parent / "data"
SAMPLE_CATALOGUE = DATA / "services.csv"
SAMPLE_NOTIFICATION = DATA / "sample_notification.csv"


def install_sample_fees() -> None:
    """Load the sample catalogue and notification into an empty installation; never over an administrator's data."""
    if db.session.scalar(db.select(Service.code).limit(1)) is None:
        import_catalogue(read_file(SAMPLE_CATALOGUE), SAMPLE_CATALOGUE.name)
    if db.session.scalar(db.select(FeeNotification.id).limit(1)) is None:
        import_notification(read_file(SAMPLE_NOTIFICATION), SAMPLE_NOTIFICATION.name)
