"""Locale selection for the web console (Flask-Babel): the signed-in user's choice, then the browser's."""

from __future__ import annotations

import os

from flask import Flask, current_app, request, session
from flask_babel import refresh

from core.clock import local_clock_text
from core.extensions import babel
from core.languages import LANGUAGE_NAMES, RTL_LANGUAGES  # noqa: F401  (the one list: core/languages.py)

# Staff pages where ?lang= is remembered for the session (the public fee page takes ?lang= for that page only).
REMEMBER_QUERY_LANGUAGE_ON = ("supervisors",)


def select_locale() -> str:
    """The user's chosen language if any, else the best match for the browser, else English."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or "en"


def remember_language_from_query() -> None:
    """A signed-in supervisor's ?lang=hi (a link, a bookmark) switches the session's language, as the form does."""
    asked = request.args.get("lang")
    if request.blueprint in REMEMBER_QUERY_LANGUAGE_ON and asked in current_app.config["LANGUAGES"]:
        session["language"] = asked
        refresh()  # in case something already chose this request's locale


def init_babel(app: Flask) -> None:
    translations = os.path.join(app.root_path, "..", "translations")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translations)
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(remember_language_from_query)

    @app.template_filter("local_time")
    def local_time(at):
        """A stored (naive UTC) time on the service's clock, with its zone: 2025-03-02 00:15 IST."""
        return local_clock_text(at, current_app.config["DEFAULT_TIMEZONE"]) if at else ""

    @app.context_processor
    def language_context():
        from flask_babel import get_locale

        locale = str(get_locale() or "en")
        return {"current_language": locale, "text_direction": "rtl" if locale in RTL_LANGUAGES else "ltr",
                "language_choices": [(code, LANGUAGE_NAMES.get(code, code)) for code in app.config["LANGUAGES"]]}
