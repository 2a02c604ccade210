"""The public fee schedule."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from fees import labels
from fees.services import public_schedule

bp = Blueprint("fees", __name__)


@bp.get("/fees")
def schedule():
    """The schedule in force, in English, Hindi or Urdu (?lang=hi|ur; else the visitor's language)."""
    language = _page_language(request.args.get("lang"))
    published = public_schedule()
    return render_template(
        "fees/schedule.html", schedule=published, language=language, text=labels.page_text(language),
        labels=labels, current_language=language,
        text_direction="rtl" if language in labels.RTL_LANGUAGES else "ltr",
    )


def _page_language(asked: str | None) -> str:
    if asked in labels.LANGUAGES:
        return asked
    from flask_babel import get_locale

    locale = str(get_locale() or "en")
    return locale if locale in labels.LANGUAGES else "en"
