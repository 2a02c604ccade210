"""The console's catalogues: every text in Hindi and Urdu, and the compiled .mo files up to date."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"


def console_texts() -> set[str]:
    texts = set()
    for folder, method in (("agents", "python"), ("templates/agents", "jinja2")):
        pattern = "**.py" if method == "python" else "**.html"
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, [(pattern, method)], keywords={"_": None, "_l": None, "gettext": None}):
            texts.add(message if isinstance(message, str) else message[0])
    return texts


@pytest.mark.parametrize("language", ["hi", "ur"])
def test_every_console_text_is_translated(language):
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as f:
        catalog = read_po(f)
    translated = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    assert console_texts() - set(translated) == set()


@pytest.mark.parametrize("language", ["hi", "ur"])
def test_the_compiled_catalogue_matches_its_source(language):
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as f:
        catalog = read_po(f)
    with open(folder / "messages.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)
    for message in catalog:
        if message.id:
            assert compiled.gettext(message.id) == message.string, f"recompile {language}: {message.id!r}"
