"""TwiML builders: the flow's replies as VoiceResponse documents; recorded audio played where it exists."""

from __future__ import annotations

import os

from flask import current_app, has_request_context, request, url_for
from twilio.twiml.voice_response import VoiceResponse

from ivr.flow import Prompt, Reply
from ivr.prompts import DEFAULT_LANGUAGE, LANGUAGES, prompt_text

MENU_TIMEOUT_SECONDS = 6
DIGITS_TIMEOUT_SECONDS = 8
DIAL_TIMEOUT_SECONDS = 30
RECORD_MAX_SECONDS = 20  # the spoken landmark
QUEUE_PREFIX = "queue:"
# Twilio's default voice speaks neither en-IN nor hi-IN; Amazon Polly's Aditi speaks both (setting IVR_VOICE).
# Each language's voice and <Say language> come from the settings (IVR_SPEAKERS, core/settings.py).
DEFAULT_VOICE = "Polly.Aditi"


# A reply's TwiML differs from one turn to the next only in the turn number of its action URLs, so it is built once
# with a mark in place of the turn. The cache key holds what else shapes it: the prompts and their values, the
# script root of the URLs, the voice and operator settings, and the recordings' folders (a recording uploaded or
# removed changes its folder's mtime).
_TURN_MARK = "t=918273645"
_RENDERED: dict[tuple, str] = {}
_RENDERED_MAX = 4096


def render(reply: Reply, turn: int) -> str:
    """The TwiML for a reply; gathered keys come back to /ivr/step with the turn they answer."""
    key = (repr(reply.prompts), reply.gather, reply.record, reply.connect_operator, reply.hang_up, reply.state.language,
           request.script_root if has_request_context() else "", _recordings_stamp())
    marked = _RENDERED.get(key)
    if marked is None:
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        marked = _RENDERED[key] = _render(reply, int(_TURN_MARK[2:]))
    return marked.replace(_TURN_MARK, f"t={turn}")


def _recordings_stamp() -> tuple:
    roots = (os.path.join(current_app.static_folder or "", "ivr", "audio"), uploaded_audio_folder())
    config = current_app.config
    stamp: list = [*roots, repr((config.get("IVR_SPEAKERS"), config.get("IVR_VOICE"), config.get("OPERATOR_NUMBER")))]
    for root in roots:
        for language in LANGUAGES:
            try:
                stamp.append(os.stat(os.path.join(root, language)).st_mtime_ns)
            except OSError:
                stamp.append(0)
    return tuple(stamp)


def _render(reply: Reply, turn: int) -> str:
    language = reply.state.language or DEFAULT_LANGUAGE
    response = VoiceResponse()
    action = url_for("ivr.step", t=turn)
    if reply.record:  # the spoken landmark (issue 13): what <Record> heard goes to /ivr/record; none, to /ivr/step
        _speak(response, reply.prompts, language)
        response.record(action=url_for("ivr.record", t=turn), method="POST", max_length=RECORD_MAX_SECONDS,
                        play_beep=True, finish_on_key="#", timeout=5, trim="trim-silence")
        response.redirect(action, method="POST")
        return str(response)
    if reply.gather is not None:
        if reply.gather.finish_on_hash:
            gather = response.gather(action=action, method="POST", finish_on_key="#",
                                     timeout=DIGITS_TIMEOUT_SECONDS, action_on_empty_result=True)
        else:
            gather = response.gather(action=action, method="POST", num_digits=1, timeout=MENU_TIMEOUT_SECONDS,
                                     action_on_empty_result=True)
        _speak(gather, reply.prompts, language)
        # Reached only if Twilio skips the empty-result action: the same step then counts a silence.
        response.redirect(action, method="POST")
        return str(response)
    _speak(response, reply.prompts, language)
    if reply.connect_operator:
        _connect_operator(response, turn)
    elif reply.hang_up:
        response.hangup()
    return str(response)


def emergency(language: str | None) -> str:
    """A last-resort answer needing no database: apologise, then the operator when one is configured."""
    language = language or DEFAULT_LANGUAGE
    response = VoiceResponse()
    _speak(response, (Prompt("error"),), language)
    if current_app.config.get("OPERATOR_NUMBER"):
        _speak(response, (Prompt("connecting"),), language)
        _connect_operator(response, None)
    else:
        _speak(response, (Prompt("goodbye"),), language)
        response.hangup()
    return str(response)


def too_many_calls(language: str | None) -> str:
    """A caller over the per-caller limit: a polite word, then the call ends (no database needed)."""
    response = VoiceResponse()
    _speak(response, (Prompt("too_many_calls"),), language or DEFAULT_LANGUAGE)
    response.hangup()
    return str(response)


def audio_url(language: str, key: str) -> str | None:
    """The URL of a recorded prompt: shipped in static/ivr/audio, or uploaded to the instance folder."""
    name = f"{key}.mp3"
    if os.path.isfile(os.path.join(current_app.static_folder or "", "ivr", "audio", language, name)):
        return url_for("static", filename=f"ivr/audio/{language}/{name}")
    if uploaded_recording(language, key):
        return url_for("ivr.uploaded_audio", language=language, key=key)
    return None


# An uploaded recording is MP3 or WAV (the supervisors' recordings page); Twilio plays either.
RECORDING_TYPES = {"mp3": "audio/mpeg", "wav": "audio/wav"}


def uploaded_recording(language: str, key: str) -> str | None:
    """The file of an uploaded recording, <lang>/<key>.mp3 or .wav under the uploads folder, if there is one."""
    for extension in RECORDING_TYPES:
        name = f"{language}/{key}.{extension}"
        if os.path.isfile(os.path.join(uploaded_audio_folder(), name)):
            return name
    return None


def uploaded_audio_folder() -> str:
    """Where recordings uploaded after deployment live: <instance>/ivr_audio/<lang>/<key>.mp3."""
    return os.path.join(current_app.instance_path, "ivr_audio")


def _speak(verb, prompts: tuple[Prompt, ...], call_language: str) -> None:
    # Consecutive texts for the same voice go into one <Say>, so a number read digit by digit flows.
    pending_voice, pending_texts = None, []
    speakers = current_app.config.get("IVR_SPEAKERS") or {}
    fallback = (current_app.config.get("IVR_VOICE") or DEFAULT_VOICE, "en-IN")

    def flush():
        if pending_texts:
            speaker, spoken = pending_voice
            verb.say(" ".join(pending_texts), language=spoken, voice=speaker)
            pending_texts.clear()

    for prompt in prompts:
        language = prompt.language or call_language
        recorded = None if prompt.params else audio_url(language, prompt.key)
        if recorded:
            flush()
            verb.play(recorded)
            continue
        voice = speakers.get(language) or speakers.get(DEFAULT_LANGUAGE) or fallback
        if voice != pending_voice:
            flush()
            pending_voice = voice
        pending_texts.append(prompt_text(prompt.key, language, prompt.params))
    flush()


def _connect_operator(response: VoiceResponse, turn: int | None) -> None:
    target = current_app.config.get("OPERATOR_NUMBER", "")
    if target.startswith(QUEUE_PREFIX):
        response.enqueue(target[len(QUEUE_PREFIX):])
    elif turn is not None:
        # When the operator does not pick up, Twilio comes back to this turn with DialCallStatus.
        response.dial(target, action=url_for("ivr.step", t=turn, dialed=1), method="POST",
                      timeout=DIAL_TIMEOUT_SECONDS)
    else:
        response.dial(target, timeout=DIAL_TIMEOUT_SECONDS)

