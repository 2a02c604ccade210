"""Settings: defaults, then the environment, then the test dict. The only module that reads os.environ."""

from __future__ import annotations

import os
import re
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from limits import parse_many
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from core.languages import CLOSEST_LANGUAGE, LANGUAGES


class SettingsError(RuntimeError):
    """A setting that cannot be used; its message is one line meant for the operator."""


DEFAULTS: dict[str, object] = {
    "SMS_SENDER_ID": "JKGOVT",
    "OFFER_TTL_SECONDS": 120,
    "OFFER_MAX_ATTEMPTS": 10,
    "SEARCH_RINGS_KM": (5, 10, 25, 50),
    "PRESENCE_STALE_SECONDS": 300,
    "AGENT_DEFAULT_CAPACITY": 3,
    "SWEEP_INTERVAL_SECONDS": 15,
    "SWEEP_TICK_SECONDS": 1,  # how often the sweeper expires due offers and queues due SMS and dispatches
    "DISPATCH_RETRY_SECONDS": (30, 60, 120, 300),  # a waiting request is searched again after these, then every last
    "OFFER_RETRY_COOLDOWN_SECONDS": 600,  # an agent who let an offer expire may be offered it again after this
    "WAITING_SMS_AFTER_MINUTES": 30,  # a citizen still waiting for an agent after this is told, once
    "SUPERVISOR_ASSIGNS": "offer",  # a supervisor's pick gets an exclusive offer ("offer") or the job ("job")
    "OUTBOX_REQUEUE_SECONDS": 20,  # a pending SMS queued this long ago and not sent is queued again
    "OUTBOX_STUCK_SECONDS": 45,  # an SMS "sending" this long was interrupted: settled by asking the provider
    "SERVED_STATE": "JAMMU AND KASHMIR",
    "DEFAULT_TIMEZONE": "Asia/Kolkata",
    "OPERATOR_NUMBER": "",
    "OPERATOR_HOURS": "09:00-18:00",
    "TWILIO_ACCOUNT_SID": "",
    "TWILIO_AUTH_TOKEN": "",
    "TWILIO_FROM_NUMBER": "",
    "TWILIO_API_BASE_URL": "",
    "PUBLIC_BASE_URL": "",
    "GEOCODER": "offline",
    "IVR_VOICE": "Polly.Aditi",  # a Twilio voice that speaks both en-IN and hi-IN
    # The voice and <Say language> per IVR language (IVR_SPEAKERS); an empty voice takes IVR_VOICE. Urdu is read
    # from Urdu script by Google's Urdu voice (Google.ur-IN-Wavenet-A is the other one).
    "IVR_VOICE_EN": "", "IVR_VOICE_HI": "", "IVR_VOICE_UR": "Google.ur-IN-Standard-A",
    "IVR_LANGUAGE_EN": "en-IN", "IVR_LANGUAGE_HI": "hi-IN", "IVR_LANGUAGE_UR": "ur-IN",
    # No Twilio voice speaks Kashmiri or Dogri: their prompts play recordings (uploaded on the supervisors' IVR
    # recordings page); a prompt without one is read by the closest voice from its own text: Kashmiri (Perso-Arabic
    # script) by the Urdu voice, Dogri (Devanagari) by the Hindi voice.
    # Empty: the closest language's voice and <Say language> (core/languages.py CLOSEST_LANGUAGE).
    "IVR_VOICE_KS": "", "IVR_VOICE_DOI": "", "IVR_LANGUAGE_KS": "", "IVR_LANGUAGE_DOI": "",
    "IVR_RECORDING_MAX_KB": 2048,  # the largest prompt recording (MP3 or WAV) the recordings page accepts
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "BABEL_DEFAULT_LOCALE": "en",
    # Security (docs/security.md): sessions, proxies, rate limits, operators' details.
    "SESSION_IDLE_MINUTES": 30,
    "SESSION_MAX_HOURS": 12,
    "PROXY_TRUSTED_HOPS": 0,
    "OPS_TOKEN": "",
    "KPI_TOKEN": "",  # Bearer token of the state dashboard's /api/kpi feed; the feed is off while unset
    "PROMETHEUS_MULTIPROC_DIR": "",  # set (the same folder for every gunicorn worker): /metrics adds their figures
    "SIGN_IN_LIMIT_PER_ADDRESS": "20 per minute",
    "SIGN_IN_LIMIT_PER_ACCOUNT": "10 per 15 minutes",
    "IVR_CALL_LIMIT_PER_CALLER": "6 per 10 minutes",
    "SMS_LIMIT_PER_CALLER": "6 per 10 minutes",
    "RATELIMIT_HEADERS_ENABLED": True,
    # PSGA timelines (issue 12): weekend days of government offices (a weekday every week, or the n-th of a month:
    # "sun,2sat,4sat" = Sundays and the 2nd and 4th Saturdays); an open timeline with this many working days left or
    # fewer is "at risk"; an appeal not decided this many (calendar) days after filing goes to the next authority.
    "PSGA_WEEKEND": "sun,2sat,4sat",
    "PSGA_AT_RISK_DAYS": 2,
    "APPEAL_PERIOD_DAYS": 30,
    "LANGUAGES": LANGUAGES,  # core/languages.py: the one list
    # Fee disputes and ratings by SMS (issue 12): an SMS not understood is answered with the help SMS at most once
    # per this many minutes per number (a flood gets one answer).
    "HELP_SMS_EVERY_MINUTES": 60,
}

# No process may hold a lock for ever: one frozen mid-transaction (stopped, swapped out, cut off) is rolled back by
# the server after a minute, and a statement waits at most 15 s for a lock, then fails and is retried by its caller.
PG_SESSION_OPTIONS = "-c lock_timeout=15000 -c idle_in_transaction_session_timeout=60000"
_WEEKEND_PART = re.compile(r"[1-5]?(mon|tue|wed|thu|fri|sat|sun)")
_ENV_STRINGS = (
    "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
    "TWILIO_FROM_NUMBER", "TWILIO_API_BASE_URL", "SMS_SENDER_ID", "PUBLIC_BASE_URL",
    "OPERATOR_NUMBER", "OPERATOR_HOURS", "GEOCODER", "IVR_VOICE", "DEFAULT_TIMEZONE", "OPS_TOKEN",
    "IVR_VOICE_EN", "IVR_VOICE_HI", "IVR_VOICE_UR", "IVR_LANGUAGE_EN", "IVR_LANGUAGE_HI", "IVR_LANGUAGE_UR",
    "IVR_VOICE_KS", "IVR_VOICE_DOI", "IVR_LANGUAGE_KS", "IVR_LANGUAGE_DOI",
    "KPI_TOKEN", "PROMETHEUS_MULTIPROC_DIR",
    "SIGN_IN_LIMIT_PER_ADDRESS", "SIGN_IN_LIMIT_PER_ACCOUNT", "IVR_CALL_LIMIT_PER_CALLER", "SMS_LIMIT_PER_CALLER",
)
_ENV_INTS = (
    "APPEAL_PERIOD_DAYS",
    "OFFER_TTL_SECONDS", "OFFER_MAX_ATTEMPTS", "PRESENCE_STALE_SECONDS",
    "AGENT_DEFAULT_CAPACITY", "SWEEP_INTERVAL_SECONDS", "SWEEP_TICK_SECONDS", "OFFER_RETRY_COOLDOWN_SECONDS",
    "WAITING_SMS_AFTER_MINUTES", "OUTBOX_REQUEUE_SECONDS", "OUTBOX_STUCK_SECONDS",
    "HELP_SMS_EVERY_MINUTES", "IVR_RECORDING_MAX_KB",
)

# On the citizen's terms (issue 13): a request with a visit window is first offered this many minutes before the
# window opens; a spoken landmark is deleted this many days after its request closes.
DEFAULTS.update({"VISIT_WINDOW_LEAD_MINUTES": 120, "LANDMARK_KEEP_DAYS": 30})
_ENV_INTS += ("VISIT_WINDOW_LEAD_MINUTES", "LANDMARK_KEEP_DAYS")


def instance_path_from(environ: dict[str, str], default: str) -> str:
    """The instance folder: DIGIDOST_INSTANCE when set, else Flask's default."""
    return os.path.abspath(environ.get("DIGIDOST_INSTANCE") or default)


def load_settings(environ: dict[str, str], instance_path: str, overrides: dict | None = None) -> dict:
    """Build the configuration dict; raise SettingsError naming the first bad setting."""
    settings = dict(DEFAULTS)
    for name in _ENV_STRINGS:
        if environ.get(name):
            settings[name] = environ[name]
    for name in _ENV_INTS:
        if environ.get(name):
            settings[name] = _positive_int(name, environ[name])
    # The phone simulator signs webhooks itself: on for the embedded demo, off once a real database is configured.
    settings["IVR_SIMULATOR"] = _flag("IVR_SIMULATOR", environ.get("IVR_SIMULATOR"), not environ.get("DATABASE_URL"))
    # A second, explicit switch: the simulator signs webhooks itself, so on a server database it needs both.
    settings["IVR_SIMULATOR_DEMO"] = _flag("IVR_SIMULATOR_DEMO", environ.get("IVR_SIMULATOR_DEMO"), False)
    if environ.get("PROXY_TRUSTED_HOPS"):
        settings["PROXY_TRUSTED_HOPS"] = _whole_number("PROXY_TRUSTED_HOPS", environ["PROXY_TRUSTED_HOPS"])
    if environ.get("SEARCH_RINGS_KM"):
        settings["SEARCH_RINGS_KM"] = _rings(environ["SEARCH_RINGS_KM"])
    if environ.get("DISPATCH_RETRY_SECONDS"):
        settings["DISPATCH_RETRY_SECONDS"] = _seconds_list("DISPATCH_RETRY_SECONDS", environ["DISPATCH_RETRY_SECONDS"])
    if environ.get("PSGA_AT_RISK_DAYS"):
        settings["PSGA_AT_RISK_DAYS"] = _whole_number("PSGA_AT_RISK_DAYS", environ["PSGA_AT_RISK_DAYS"])
    if environ.get("PSGA_WEEKEND") is not None:
        settings["PSGA_WEEKEND"] = _weekend(environ["PSGA_WEEKEND"])
    if environ.get("SUPERVISOR_ASSIGNS"):
        settings["SUPERVISOR_ASSIGNS"] = _choice("SUPERVISOR_ASSIGNS", environ["SUPERVISOR_ASSIGNS"], ("offer", "job"))
    settings.update(overrides or {})
    settings["IVR_SPEAKERS"] = ivr_speakers(settings)

    Path(instance_path).mkdir(parents=True, exist_ok=True)
    settings.setdefault("DATABASE_URL", f"sqlite:///{Path(instance_path, 'digidost.sqlite3')}")
    settings["SQLALCHEMY_DATABASE_URI"] = _database_url(settings["DATABASE_URL"])
    if settings["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {**settings["SQLALCHEMY_ENGINE_OPTIONS"],
                                                 "connect_args": {"connect_timeout": 5, "options": PG_SESSION_OPTIONS}}
    if settings.get("REDIS_URL"):
        _check_redis_url(settings["REDIS_URL"])
    _check_timezone(settings["DEFAULT_TIMEZONE"])
    settings.setdefault("REDIS_EMBEDDED_DB", str(Path(instance_path, "redis.db")))
    settings.setdefault("SECRET_KEY", _instance_secret(Path(instance_path, "secret_key")))
    if not settings.get("TWILIO_AUTH_TOKEN"):
        # Webhooks are always signed: without a real token, a generated one (used by the phone simulator).
        settings["TWILIO_AUTH_TOKEN"] = _instance_secret(Path(instance_path, "twilio_auth_token"))
    if str(settings.get("PUBLIC_BASE_URL", "")).startswith("https://"):
        settings["SESSION_COOKIE_SECURE"] = True
        settings["REMEMBER_COOKIE_SECURE"] = True
        # __Host-: the browser keeps it only when Secure, Path=/ and no Domain (no subdomain can set or read it).
        settings.setdefault("SESSION_COOKIE_NAME", "__Host-session")
    settings["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=int(settings["SESSION_MAX_HOURS"]))
    for name in ("SIGN_IN_LIMIT_PER_ADDRESS", "SIGN_IN_LIMIT_PER_ACCOUNT", "IVR_CALL_LIMIT_PER_CALLER",
                 "SMS_LIMIT_PER_CALLER"):
        _check_rate_limit(name, str(settings[name]))
    return settings


def ivr_speakers(settings: dict) -> dict[str, tuple[str, str]]:
    """The Twilio voice and <Say language> of each IVR language, from IVR_VOICE_<LANG> / IVR_LANGUAGE_<LANG>."""
    speakers: dict[str, tuple[str, str]] = {}
    # A language with a closest one (Kashmiri → Urdu, Dogri → Hindi) is spoken by that one's voice unless set.
    ordered = sorted(settings["LANGUAGES"], key=lambda language: language in CLOSEST_LANGUAGE)
    for language in ordered:
        suffix = language.upper()
        closest = speakers.get(CLOSEST_LANGUAGE.get(language, ""))
        voice = settings.get(f"IVR_VOICE_{suffix}") or (closest[0] if closest else settings["IVR_VOICE"])
        spoken = settings.get(f"IVR_LANGUAGE_{suffix}") or (closest[1] if closest else f"{language}-IN")
        speakers[language] = (str(voice), str(spoken))
    return {language: speakers[language] for language in settings["LANGUAGES"]}


def _flag(name: str, raw: str | None, default: bool) -> bool:
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise SettingsError(f"{name}={raw!r} must be true or false")


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number") from None
    if value <= 0:
        raise SettingsError(f"{name}={raw!r} must be greater than zero")
    return value


def _whole_number(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number") from None
    if value < 0:
        raise SettingsError(f"{name}={raw!r} must be zero or more")
    return value


def _check_rate_limit(name: str, raw: str) -> None:
    try:
        parse_many(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a rate limit (e.g. 10 per minute)") from None


def _rings(raw: str) -> tuple[int, ...]:
    try:
        rings = tuple(int(part) for part in raw.split(","))
    except ValueError:
        raise SettingsError(f"SEARCH_RINGS_KM={raw!r} must be comma-separated kilometres, e.g. 5,10,25,50") from None
    if not rings or any(r <= 0 for r in rings) or list(rings) != sorted(rings):
        raise SettingsError(f"SEARCH_RINGS_KM={raw!r} must be positive and increasing")
    return rings


def _seconds_list(name: str, raw: str) -> tuple[int, ...]:
    try:
        values = tuple(int(part) for part in raw.split(","))
    except ValueError:
        raise SettingsError(f"{name}={raw!r} must be comma-separated seconds, e.g. 30,60,120,300") from None
    if not values or any(v <= 0 for v in values):
        raise SettingsError(f"{name}={raw!r} must be positive seconds")
    return values


def _weekend(raw: str) -> str:
    parts = [part.strip().lower() for part in raw.split(",") if part.strip()]
    bad = [part for part in parts if not _WEEKEND_PART.fullmatch(part)]
    if bad:
        raise SettingsError(f"PSGA_WEEKEND={raw!r}: {bad[0]!r} is neither a weekday (mon … sun) nor a week and a "
                            "weekday (e.g. 2sat); e.g. sun,2sat,4sat")
    return ",".join(parts)


def _choice(name: str, raw: str, choices: tuple[str, ...]) -> str:
    if raw not in choices:
        raise SettingsError(f"{name}={raw!r} must be one of {', '.join(choices)}")
    return raw


def _database_url(raw: str) -> str:
    try:
        url = make_url(raw)
    except ArgumentError:
        raise SettingsError(f"DATABASE_URL={raw!r} is not a database URL (e.g. postgresql://host/db)") from None
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise SettingsError(f"DATABASE_URL={raw!r}: only PostgreSQL and SQLite are supported")
    return url.render_as_string(hide_password=False)


def _check_redis_url(raw: str) -> None:
    parts = urlsplit(raw)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.netloc or parts.path):
        raise SettingsError(f"REDIS_URL={raw!r} is not a Redis URL (e.g. redis://127.0.0.1:6379/0)")


def _check_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"DEFAULT_TIMEZONE={name!r} is not a time zone name (e.g. Asia/Kolkata)") from None


def _instance_secret(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    secret = secrets.token_hex(32)
    path.write_text(secret)
    path.chmod(0o600)
    return secret
