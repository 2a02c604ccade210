"""`flask seed-demo`: the sample catalogue and fees, centres at real post offices in all 20 districts, logins."""

from core.extensions import db
from digidost import create_app
from digidost.demo import seed_demo
from digidost.seed import STATE
from dispatch.geo import distance_km, district_positions
from dispatch.models import Agent, Centre
from dispatch.pin_positions import OUTLIER_KM, STATE_BOUNDS


def _centres_and_agents() -> tuple[int, int]:
    return (db.session.scalar(db.select(db.func.count(Centre.id))),
            db.session.scalar(db.select(db.func.count(Agent.id))))


def test_seed_demo_covers_all_twenty_districts_prints_the_logins_and_is_idempotent(app, runner, database_url):
    args = ["seed-demo"] + (["--on-a-server-database"] if database_url.startswith("postgresql") else [])
    first = runner.invoke(args=args)
    assert first.exit_code == 0, first.output
    assert "Supervisor login: supervisor / " in first.output and "Agent login: agent01" in first.output
    counts = _centres_and_agents()
    districts = set(db.session.scalars(db.select(Centre.district).distinct()))
    assert len(districts) == 20 and {"Srinagar", "Jammu", "Kupwara", "Kathua"} <= districts
    assert counts[0] >= 50 and counts[0] == counts[1]
    again = runner.invoke(args=args)
    assert again.exit_code == 0
    assert _centres_and_agents() == counts


def test_seed_demo_refuses_a_server_database_unless_told_it_is_a_demo(test_config):
    app = create_app({**test_config, "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/prod",
                      "CHECK_SERVICES_AT_START": False})
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "refusing to load demo logins" in result.output


def test_every_demo_centre_lies_inside_jammu_and_kashmir_and_within_its_district(app):
    seed_demo()
    medians = district_positions(STATE).medians
    centres = db.session.scalars(db.select(Centre)).all()
    assert len(centres) >= 50
    for centre in centres:
        position = (centre.latitude, centre.longitude)
        assert STATE_BOUNDS[STATE].contains(*position), centre.code
        assert distance_km(position, medians[centre.district.upper()]) <= OUTLIER_KM, centre.code


def test_reseeding_moves_a_demo_centre_placed_before_positions_were_checked_and_its_agent(app):
    seed_demo()
    centre = db.session.scalar(db.select(Centre).where(Centre.code.like("JK-192122-%")))
    agent = db.session.scalar(db.select(Agent).where(Agent.centre_id == centre.id))
    checked = (centre.latitude, centre.longitude)
    centre.latitude, centre.longitude = agent.latitude, agent.longitude = 30.07331, 74.81656  # Punjab
    db.session.commit()
    seed_demo()
    assert (centre.latitude, centre.longitude) == (agent.latitude, agent.longitude) == checked


def test_the_demo_brings_the_sample_holidays_and_an_appellate_authority_per_department_and_level(app):
    from dispatch.models import AppellateAuthority, Holiday
    from fees.models import Service

    seed_demo()
    holidays = db.session.scalars(db.select(Holiday.name)).all()
    assert holidays and all(name.startswith("SAMPLE") for name in holidays)
    departments = set(db.session.scalars(db.select(Service.department).distinct()))
    pairs = db.session.execute(db.select(AppellateAuthority.department, AppellateAuthority.level)).all()
    assert sorted(pairs) == sorted((d, level) for d in departments for level in ("first", "second"))
    seed_demo()
    assert db.session.scalar(db.select(db.func.count(AppellateAuthority.id))) == len(pairs), "idempotent"
    assert len(db.session.scalars(db.select(Holiday.name)).all()) == len(holidays)
