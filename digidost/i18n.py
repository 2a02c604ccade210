"""Locale selection for the web console (Flask-Babel): the signed-in user's choice, then the browser's."""

from __future__ import annotations

import os

from flask import Flask, current_app, request, session

from core.extensions import babel

RTL_LANGUAGES = {"ur"}


def select_locale() -> str:
    """The user's chosen language if any, else the best match for the browser, else English."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or "en"


def init_babel(app: Flask) -> None:
    translations = os.path.join(app.root_path, "..", "translations")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", translations)
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def language_context():
        from flask_babel import get_locale

        locale = str(get_locale() or "en")
        return {"current_language": locale, "text_direction": "rtl" if locale in RTL_LANGUAGES else "ltr"}
