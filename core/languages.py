"""The service's languages: the one list every door, catalogue and setting derives from (pure, no Flask).

J&K's five official languages. The IVR's language menu keys them in this order (1 English … 5 Dogri); the console,
the board, the SMS catalogues and the settings' per-language voices all follow this tuple.
Kashmiri is written in Perso-Arabic script (right to left), Dogri in Devanagari.
"""

from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("en", "hi", "ur", "ks", "doi")
DEFAULT_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ur", "ks"})
# Each in its own script, for the language switches.
LANGUAGE_NAMES = {"en": "English", "hi": "हिन्दी", "ur": "اردو", "ks": "کٲشُر", "doi": "डोगरी"}
# The IVR's language menu: key → language, in the order above.
LANGUAGE_DIGITS = {str(position): code for position, code in enumerate(LANGUAGES, start=1)}
# Where a language has no text of its own (the service catalogue's names and documents, which are kept in en/hi/ur),
# the closest one is used: Kashmiri readers get the Urdu text (same script), Dogri readers the Hindi one.
CLOSEST_LANGUAGE = {"ks": "ur", "doi": "hi"}
# Texts in these languages are machine-drafted and wait for a native speaker's review (docs/translations-review.md).
UNREVIEWED_LANGUAGES = frozenset({"ks", "doi"})
# Language codes are stored in columns this wide (Dogri's ISO 639-2 code has three letters).
LANGUAGE_CODE_LENGTH = 3


def closest_text(texts: dict, language: str) -> str:
    """A text in a language, else in its closest language, else English: {'en':…, 'hi':…, 'ur':…} read for 'doi'."""
    return str(texts.get(language) or texts.get(CLOSEST_LANGUAGE.get(language, DEFAULT_LANGUAGE))
               or texts.get(DEFAULT_LANGUAGE) or "")
