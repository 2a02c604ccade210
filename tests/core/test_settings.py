"""Settings come from defaults, then the environment, then the test dict; bad ones are one clear line."""

import pytest

from core.settings import SettingsError, load_settings


def test_defaults_give_a_sqlite_file_and_an_embedded_redis_in_the_instance_folder(tmp_path):
    settings = load_settings({}, str(tmp_path))
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'digidost.sqlite3'}"
    assert "REDIS_URL" not in settings
    assert settings["REDIS_EMBEDDED_DB"] == str(tmp_path / "redis.db")
    assert settings["SMS_SENDER_ID"] == "JKGOVT"
    assert settings["OFFER_TTL_SECONDS"] == 120


def test_secret_key_is_generated_once_and_kept_in_the_instance_folder(tmp_path):
    first = load_settings({}, str(tmp_path))["SECRET_KEY"]
    second = load_settings({}, str(tmp_path))["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_generated_twilio_token_signs_webhooks_when_none_is_configured(tmp_path):
    settings = load_settings({}, str(tmp_path))
    assert settings["TWILIO_AUTH_TOKEN"] == (tmp_path / "twilio_auth_token").read_text()
    assert not settings["TWILIO_ACCOUNT_SID"]


def test_environment_overrides_defaults(tmp_path):
    env = {
        "DATABASE_URL": "postgres://u:p@db.example/digidost",
        "REDIS_URL": "redis://cache:6379/2",
        "SECRET_KEY": "s3cret",
        "SMS_SENDER_ID": "JKSMS",
        "OFFER_TTL_SECONDS": "90",
        "SEARCH_RINGS_KM": "3,8,20",
        "TWILIO_ACCOUNT_SID": "AC123",
        "TWILIO_AUTH_TOKEN": "tok",
        "PUBLIC_BASE_URL": "https://1447.jk.gov.in",
    }
    settings = load_settings(env, str(tmp_path))
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example/digidost"
    assert settings["REDIS_URL"] == "redis://cache:6379/2"
    assert settings["SECRET_KEY"] == "s3cret"
    assert settings["SMS_SENDER_ID"] == "JKSMS"
    assert settings["OFFER_TTL_SECONDS"] == 90
    assert settings["SEARCH_RINGS_KM"] == (3, 8, 20)
    assert settings["TWILIO_AUTH_TOKEN"] == "tok"
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_the_test_dict_wins_over_the_environment(tmp_path):
    settings = load_settings({"SMS_SENDER_ID": "ENV"}, str(tmp_path), {"SMS_SENDER_ID": "TEST"})
    assert settings["SMS_SENDER_ID"] == "TEST"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL='not a url' is not a database URL"),
        ({"DATABASE_URL": "mysql://localhost/x"}, "only PostgreSQL and SQLite are supported"),
        ({"REDIS_URL": "http://cache:6379"}, "REDIS_URL='http://cache:6379' is not a Redis URL"),
        ({"OFFER_TTL_SECONDS": "two minutes"}, "OFFER_TTL_SECONDS='two minutes' is not a whole number"),
        ({"OFFER_TTL_SECONDS": "0"}, "must be greater than zero"),
        ({"SEARCH_RINGS_KM": "5,x"}, "SEARCH_RINGS_KM='5,x' must be comma-separated kilometres"),
        ({"SEARCH_RINGS_KM": "10,5"}, "must be positive and increasing"),
        ({"IVR_SIMULATOR": "maybe"}, "IVR_SIMULATOR='maybe' must be true or false"),
        ({"DEFAULT_TIMEZONE": "Mars/Olympus"}, "DEFAULT_TIMEZONE='Mars/Olympus' is not a time zone name"),
    ],
)
def test_a_bad_setting_is_refused_with_one_line_naming_it(tmp_path, env, message):
    with pytest.raises(SettingsError) as error:
        load_settings(env, str(tmp_path))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_the_phone_simulator_is_on_for_the_embedded_demo_and_off_once_a_database_is_configured(tmp_path):
    assert load_settings({}, str(tmp_path))["IVR_SIMULATOR"] is True
    assert load_settings({"DATABASE_URL": "postgresql://db/x"}, str(tmp_path))["IVR_SIMULATOR"] is False
    assert load_settings({"DATABASE_URL": "postgresql://db/x", "IVR_SIMULATOR": "true"},
                         str(tmp_path))["IVR_SIMULATOR"] is True
