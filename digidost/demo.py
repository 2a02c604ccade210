"""The demo: sample fees, centres and agents across J&K, a SAMPLE holiday calendar, sample appellate authorities,
and the sign-in details."""

from __future__ import annotations

from pathlib import Path

from core.extensions import db
from digidost.seed import seed_centres_and_agents
from dispatch.holidays import import_holidays
from dispatch.models import AppellateAuthority, Holiday
from fees.models import Service

SAMPLE_HOLIDAYS = Path(__file__).resolve().parent.parent / "data" / "holidays-2026-sample.csv"
# Every department's appeals go, in the demo, to the district's officers (UT-wide rows: district "").
SAMPLE_AUTHORITIES = {
    "first": ("SAMPLE Additional Deputy Commissioner", "First Appellate Authority (sample)"),
    "second": ("SAMPLE Deputy Commissioner", "Second Appellate Authority (sample)"),
}


def seed_demo() -> list[str]:
    """Load the whole demo (idempotent); return the lines to print (logins)."""
    from agents.seed import seed_demo_logins
    from fees.samples import install_sample_fees

    install_sample_fees()
    agents = seed_centres_and_agents()
    seed_sample_statutory_data()
    return seed_demo_logins(agents)


def seed_sample_statutory_data() -> None:
    """The SAMPLE holiday calendar when no holiday is known yet, and one UT-wide first and second appellate
    authority per department that has none (both marked SAMPLE: the real ones are imported or entered by staff)."""
    if db.session.scalar(db.select(db.func.count(Holiday.id))) == 0:
        import_holidays(SAMPLE_HOLIDAYS.read_text(encoding="utf-8"))
    known = set(db.session.execute(db.select(AppellateAuthority.department, AppellateAuthority.level)
                                   .where(AppellateAuthority.district == "")).all())
    for department in sorted(set(db.session.scalars(db.select(Service.department).distinct()))):
        for level, (name, designation) in SAMPLE_AUTHORITIES.items():
            if (department, level) not in known:
                db.session.add(AppellateAuthority(district="", department=department, level=level, name=name,
                                                  designation=designation))
    db.session.commit()
