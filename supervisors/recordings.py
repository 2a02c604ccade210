"""IVR recordings (pure): which prompt keys can be recorded, what an uploaded file must be, and the coverage of each
language: a recording, or the voice that reads the prompt's text when there is none.

A prompt with parameters (a fee, a PIN, a service's name) cannot be one recording: it is always spoken by its
language's voice (for Kashmiri and Dogri, the closest voice reading their own text: core/languages.py,
core/settings.py IVR_SPEAKERS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What the upload form accepts: the browser's type, and the file's own first bytes must agree.
ACCEPTED_TYPES = {"audio/mpeg": "mp3", "audio/mp3": "mp3", "audio/wav": "wav", "audio/x-wav": "wav",
                  "audio/wave": "wav", "audio/vnd.wave": "wav"}
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")

RECORDING = "recording"
VOICE = "voice"  # no recording yet: the language's voice reads the text
ALWAYS_VOICE = "always_voice"  # a prompt with parameters: never a recording


@dataclass(frozen=True)
class CoverageCell:
    """What a caller hears for one prompt key in one language."""

    key: str
    language: str
    plays: str  # RECORDING, VOICE or ALWAYS_VOICE
    voice: str  # the Twilio voice when spoken
    say_language: str  # its <Say language>
    text: str


def has_parameters(texts: dict[str, str]) -> bool:
    """Whether a prompt is filled with values at call time (any language's text holds a {placeholder})."""
    return any(PLACEHOLDER.search(text) for text in texts.values())


def recordable_keys(prompts: dict[str, dict[str, str]]) -> tuple[str, ...]:
    """The prompt keys a single recording can replace: those without parameters."""
    return tuple(key for key, texts in prompts.items() if not has_parameters(texts))


def audio_kind(head: bytes) -> str | None:
    """'mp3' or 'wav' from a file's first bytes (an ID3 tag or an MPEG frame; RIFF…WAVE), else None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:3] == b"ID3" or (len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def upload_problem(language: str, key: str, content_type: str, data: bytes, *, languages: tuple[str, ...],
                   prompts: dict[str, dict[str, str]], max_bytes: int) -> str | None:
    """Why an uploaded recording is refused (a problem code), or None when it can be stored as (language, key)."""
    if language not in languages:
        return "language"
    if not KEY_PATTERN.match(key or "") or key not in prompts:
        return "key"
    if has_parameters(prompts[key]):
        return "parameters"
    if not data:
        return "empty"
    if len(data) > max_bytes:
        return "size"
    declared = ACCEPTED_TYPES.get((content_type or "").split(";")[0].strip().lower())
    if declared is None:
        return "type"
    if audio_kind(data[:16]) != declared:
        return "content"
    return None


def coverage(prompts: dict[str, dict[str, str]], languages: tuple[str, ...], recorded: set[tuple[str, str]],
             speakers: dict[str, tuple[str, str]]) -> dict[str, list[CoverageCell]]:
    """For each prompt key, a cell per language: a recording when (language, key) is recorded, else the voice that
    reads the text (always the voice for a prompt with parameters)."""
    table: dict[str, list[CoverageCell]] = {}
    for key, texts in prompts.items():
        spoken_always = has_parameters(texts)
        cells = []
        for language in languages:
            voice, say_language = speakers.get(language, ("", ""))
            plays = ALWAYS_VOICE if spoken_always else RECORDING if (language, key) in recorded else VOICE
            cells.append(CoverageCell(key, language, plays, voice, say_language, texts.get(language, "")))
        table[key] = cells
    return table


def coverage_counts(table: dict[str, list[CoverageCell]], languages: tuple[str, ...]) -> dict[str, dict[str, int]]:
    """Per language: how many recordable keys are recorded, how many still read by the voice, and how many prompts
    are always spoken (they have parameters)."""
    counts = {language: {RECORDING: 0, VOICE: 0, ALWAYS_VOICE: 0} for language in languages}
    for cells in table.values():
        for cell in cells:
            counts[cell.language][cell.plays] += 1
    return counts
