"""`flask seed-demo`: the sample catalogue and fees, centres at real post offices in all 20 districts, logins."""

from core.extensions import db
from digidost import create_app
from dispatch.models import Agent, Centre


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
