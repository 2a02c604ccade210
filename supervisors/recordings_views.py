"""The IVR recordings page (routes on the supervisors' blueprint): upload or delete a recording per prompt key and
language, and see the coverage: what each language's callers hear for each prompt."""

from __future__ import annotations

import logging
import os
import tempfile

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from core.languages import CLOSEST_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, UNREVIEWED_LANGUAGES
from core.roles import SUPERVISOR, role_required
from ivr.prompts import PROMPTS
from ivr.twiml import RECORDING_TYPES, audio_url, uploaded_audio_folder, uploaded_recording
from supervisors.recordings import (
    ACCEPTED_TYPES,
    ALWAYS_VOICE,
    RECORDING,
    VOICE,
    coverage,
    coverage_counts,
    recordable_keys,
    upload_problem,
)
from supervisors.views import actor, bp

log = logging.getLogger(__name__)

PROBLEMS = {
    "language": _l("Pick one of the IVR's languages."),
    "key": _l("Pick one of the prompt keys listed on this page."),
    "parameters": _l("This prompt is filled with numbers or names during the call, so it cannot be one recording: "
                     "it is always spoken by the voice."),
    "empty": _l("Choose an audio file to upload."),
    "size": _l("The file is too large: at most %(kb)s KB."),
    "type": _l("Only MP3 (audio/mpeg) or WAV (audio/wav) files are accepted."),
    "content": _l("The file is not the MP3 or WAV it says it is."),
}


def _recorded() -> set[tuple[str, str]]:
    keys = recordable_keys(PROMPTS)
    return {(language, key) for language in LANGUAGES for key in keys if audio_url(language, key)}


@bp.route("/ivr-recordings", methods=["GET", "POST"])
@role_required(SUPERVISOR)
def recordings_page():
    """Coverage of every prompt in every language, and the upload form."""
    form, errors, status = FlaskForm(), [], 200
    values = {"language": request.values.get("language", "ks"), "key": request.values.get("key", "")}
    if request.method == "POST":
        if not form.validate_on_submit():
            errors, status = [_("The form expired: please try again.")], 400
        else:
            problem = _save_upload(values["language"], values["key"])
            if problem is None:
                flash(_("Recording saved: callers hear it from the next prompt on."))
                return redirect(url_for("supervisors.recordings_page", language=values["language"]))
            errors, status = [str(PROBLEMS[problem]) % {"kb": current_app.config["IVR_RECORDING_MAX_KB"]}], 400
    table = coverage(PROMPTS, LANGUAGES, _recorded(), current_app.config.get("IVR_SPEAKERS") or {})
    return render_template(
        "supervisors/recordings.html", form=form, errors=errors, values=values, table=table,
        counts=coverage_counts(table, LANGUAGES), languages=LANGUAGES, language_names=LANGUAGE_NAMES,
        closest=CLOSEST_LANGUAGE, unreviewed=UNREVIEWED_LANGUAGES, recordable=recordable_keys(PROMPTS),
        RECORDING=RECORDING, VOICE=VOICE, ALWAYS_VOICE=ALWAYS_VOICE, uploaded=_uploaded(),
        max_kb=current_app.config["IVR_RECORDING_MAX_KB"], accepted=", ".join(sorted(ACCEPTED_TYPES))), status


@bp.post("/ivr-recordings/delete")
@role_required(SUPERVISOR)
def recording_delete():
    """Remove an uploaded recording: the prompt is read by the voice again."""
    form = FlaskForm()
    language, key = request.form.get("language", ""), request.form.get("key", "")
    if not form.validate_on_submit():
        flash(_("The form expired: please try again."), "error")
        return redirect(url_for("supervisors.recordings_page")), 303
    name = uploaded_recording(language, key) if language in LANGUAGES and key in PROMPTS else None
    if name is None:
        flash(_("There is no uploaded recording of this prompt in this language."), "error")
        return redirect(url_for("supervisors.recordings_page", language=language)), 303
    os.remove(os.path.join(uploaded_audio_folder(), name))
    log.info("IVR recording %s deleted by %s", name, actor())
    flash(_("Recording deleted: the voice reads this prompt again."))
    return redirect(url_for("supervisors.recordings_page", language=language)), 303


def _save_upload(language: str, key: str) -> str | None:
    upload = request.files.get("audio")
    max_bytes = int(current_app.config["IVR_RECORDING_MAX_KB"]) * 1024
    data = upload.stream.read(max_bytes + 1) if upload and upload.filename else b""
    problem = upload_problem(language, key, upload.mimetype if upload else "", data, languages=LANGUAGES,
                             prompts=PROMPTS, max_bytes=max_bytes)
    if problem is not None:
        return problem
    extension = ACCEPTED_TYPES[upload.mimetype.lower()]
    folder = os.path.join(uploaded_audio_folder(), language)
    os.makedirs(folder, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, os.path.join(folder, f"{key}.{extension}"))  # the folder's mtime changes: TwiML rebuilt
    for other in RECORDING_TYPES:  # one recording per prompt and language
        if other != extension and os.path.exists(os.path.join(folder, f"{key}.{other}")):
            os.remove(os.path.join(folder, f"{key}.{other}"))
    log.info("IVR recording %s/%s.%s uploaded by %s", language, key, extension, actor())
    return None


def _uploaded() -> set[tuple[str, str]]:
    """The recordings uploaded here (deletable), as opposed to shipped ones in static/ivr/audio."""
    return {(language, key) for language in LANGUAGES for key in recordable_keys(PROMPTS)
            if uploaded_recording(language, key)}
