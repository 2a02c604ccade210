"""The supervisors' IVR recordings page: upload and delete a recording per prompt and language, refused files told
why, coverage counts that follow the uploads, and Kashmiri and Dogri falling back to the Urdu and Hindi voices."""

from __future__ import annotations

import io
import os
import re

import flask_babel
import pytest
from flask import g

from agents.accounts import create_account
from core.roles import AGENT, SUPERVISOR
from ivr.twiml import uploaded_audio_folder
from supervisors.recordings import audio_kind, has_parameters, recordable_keys, upload_problem

PASSWORD = "Recordings-2026-ok"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 64


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def sign_in(client, username: str, role: str = SUPERVISOR) -> None:
    create_account(username, PASSWORD, role, temporary=False)
    g.pop("csrf_token", None)
    g.pop("_login_user", None)
    flask_babel.refresh()
    token = csrf_token(client.get("/agents/sign-in").get_data(as_text=True))
    client.post("/agents/sign-in", data={"identifier": username, "password": PASSWORD, "csrf_token": token})
    g.pop("csrf_token", None)


def page(client, query: str = "") -> str:
    flask_babel.refresh()
    response = client.get(f"/board/ivr-recordings{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def counts(html: str, language: str) -> tuple[str, str, str]:
    row = re.search(rf'<tr id="count-{language}">(.*?)</tr>', html, re.S).group(1)
    return tuple(re.sub(r"<[^>]+>|\s", "", cell) for cell in re.findall(r'class="(?:recorded|voice|always)">(.*?)</td>',
                                                                       row, re.S))


def upload(client, html: str, language: str, key: str, data: bytes, mimetype: str = "audio/mpeg",
           filename: str = "prompt.mp3", token: str | None = None):
    g.pop("csrf_token", None)
    return client.post("/board/ivr-recordings", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(html) if token is None else token, "language": language, "key": key,
        "audio": (io.BytesIO(data), filename, mimetype)})


@pytest.fixture
def supervisor_client(app, client):
    sign_in(client, "rec-supervisor")
    yield client
    folder = uploaded_audio_folder()
    for language in os.listdir(folder) if os.path.isdir(folder) else ():
        for name in os.listdir(os.path.join(folder, language)):
            os.remove(os.path.join(folder, language, name))


def test_only_signed_in_supervisors_reach_the_recordings_page(app, client):
    assert client.get("/board/ivr-recordings").status_code in (302, 401)  # to the sign-in page
    sign_in(client, "rec-agent", AGENT)
    assert client.get("/board/ivr-recordings").status_code == 403


def test_the_page_says_kashmiri_falls_back_to_the_urdu_voice_and_dogri_to_the_hindi_voice(supervisor_client):
    html = page(supervisor_client)
    kashmiri = re.search(r'<li id="fallback-ks">(.*?)</li>', html, re.S).group(1)
    dogri = re.search(r'<li id="fallback-doi">(.*?)</li>', html, re.S).group(1)
    assert "اردو" in kashmiri and "Google.ur-IN-Standard-A" in kashmiri and "ur-IN" in kashmiri
    assert "हिन्दी" in dogri and "Polly.Aditi" in dogri and "hi-IN" in dogri
    assert 'id="parameters-note"' in html and "native speakers" in html
    # A prompt with values is always the voice; the welcome, not yet recorded, is the fallback voice.
    assert re.search(r'id="cell-ks-quote"[^>]*>', html) and 'data-plays="always_voice" id="cell-ks-quote"' in html
    assert 'data-plays="voice" id="cell-ks-welcome"' in html


def test_an_upload_is_stored_played_counted_and_deleted(app, supervisor_client):
    html = page(supervisor_client)
    total = len(recordable_keys(__import__("ivr.prompts", fromlist=["PROMPTS"]).PROMPTS))
    assert counts(html, "ks")[0] == f"0/{total}"
    response = upload(supervisor_client, html, "ks", "welcome", MP3)
    assert response.status_code == 302
    stored = os.path.join(uploaded_audio_folder(), "ks", "welcome.mp3")
    assert open(stored, "rb").read() == MP3
    html = page(supervisor_client)
    assert counts(html, "ks")[0] == f"1/{total}" and counts(html, "doi")[0] == f"0/{total}"
    assert 'data-plays="recording" id="cell-ks-welcome"' in html
    served = supervisor_client.get("/ivr/audio/ks/welcome.mp3")
    assert served.status_code == 200 and served.mimetype == "audio/mpeg" and served.data == MP3
    # A WAV replaces it, served as WAV.
    assert upload(supervisor_client, html, "ks", "welcome", WAV, "audio/wav", "w.wav").status_code == 302
    assert not os.path.exists(stored) and os.path.exists(stored[:-3] + "wav")
    assert supervisor_client.get("/ivr/audio/ks/welcome.mp3").mimetype == "audio/wav"
    html = page(supervisor_client)
    g.pop("csrf_token", None)
    deleted = supervisor_client.post("/board/ivr-recordings/delete",
                                     data={"csrf_token": csrf_token(html), "language": "ks", "key": "welcome"})
    assert deleted.status_code == 303
    html = page(supervisor_client)
    assert counts(html, "ks")[0] == f"0/{total}" and 'data-plays="voice" id="cell-ks-welcome"' in html
    assert supervisor_client.get("/ivr/audio/ks/welcome.mp3").status_code == 404


@pytest.mark.parametrize(("language", "key", "data", "mimetype", "message"), [
    ("ks", "welcome", b"plain text, not audio", "text/plain", "Only MP3 (audio/mpeg) or WAV"),
    ("ks", "welcome", b"plain text, not audio", "audio/mpeg", "not the MP3 or WAV it says it is"),
    ("ks", "welcome", MP3 + b"\x00" * (2048 * 1024), "audio/mpeg", "too large: at most 2048 KB"),
    ("ks", "no_such_prompt", MP3, "audio/mpeg", "Pick one of the prompt keys"),
    ("ks", "../../etc", MP3, "audio/mpeg", "Pick one of the prompt keys"),
    ("xx", "welcome", MP3, "audio/mpeg", "Pick one of the IVR"),
    ("doi", "quote", MP3, "audio/mpeg", "cannot be one recording"),
    ("doi", "welcome", b"", "audio/mpeg", "Choose an audio file"),
])
def test_a_refused_upload_says_why_and_stores_nothing(supervisor_client, language, key, data, mimetype, message):
    response = upload(supervisor_client, page(supervisor_client), language, key, data, mimetype)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    folder = uploaded_audio_folder()
    assert not any(os.listdir(os.path.join(folder, lang)) for lang in os.listdir(folder)) if os.path.isdir(folder) \
        else True


def test_an_upload_without_the_csrf_token_is_refused(supervisor_client):
    response = upload(supervisor_client, page(supervisor_client), "ks", "welcome", MP3, token="forged")
    assert response.status_code == 400
    assert not os.path.exists(os.path.join(uploaded_audio_folder(), "ks", "welcome.mp3"))
    g.pop("csrf_token", None)
    assert supervisor_client.post("/board/ivr-recordings/delete", data={"language": "ks", "key": "welcome"}
                                  ).status_code == 400


def test_deleting_what_was_never_uploaded_is_told_not_an_error(supervisor_client):
    html = page(supervisor_client)
    g.pop("csrf_token", None)
    response = supervisor_client.post("/board/ivr-recordings/delete", follow_redirects=True,
                                      data={"csrf_token": csrf_token(html), "language": "doi", "key": "goodbye"})
    assert response.status_code == 200 and "no uploaded recording" in response.get_data(as_text=True)


def test_upload_rules_are_pure_decisions():
    prompts = {"welcome": {"en": "Hello"}, "quote": {"en": "Fee {total}"}}
    rules = {"languages": ("en", "ks"), "prompts": prompts, "max_bytes": 1000}
    assert upload_problem("ks", "welcome", "audio/mpeg", MP3[:900], **rules) is None
    assert upload_problem("ks", "welcome", "audio/wav", WAV, **rules) is None
    assert upload_problem("ks", "welcome", "audio/wav", MP3[:900], **rules) == "content"
    assert upload_problem("ks", "quote", "audio/mpeg", MP3[:900], **rules) == "parameters"
    assert upload_problem("ks", "welcome", "audio/mpeg", MP3 + b"0" * 1000, **rules) == "size"
    assert audio_kind(b"\xff\xfb\x90\x00") == "mp3" and audio_kind(b"<html>") is None
    assert has_parameters(prompts["quote"]) and not has_parameters(prompts["welcome"])
