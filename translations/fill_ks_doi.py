"""Bring the Kashmiri (ks) and Dogri (doi) catalogues up to the template, then compile every catalogue.

    .venv/bin/python translations/fill_ks_doi.py

Run it after `pybabel extract` / `pybabel update` and the Hindi and Urdu translations (README, Translations). A text
already drafted in Kashmiri or Dogri is kept; a text with none yet takes the closest language's translation (Urdu
for Kashmiri, same script; Hindi for Dogri, same script), marked "closest-language text", so readers see their
script rather than English until a native speaker writes it (docs/translations-review.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

FOLDER = Path(__file__).resolve().parent
CLOSEST = {"ks": ("ur", "Kashmiri", "Urdu"), "doi": ("hi", "Dogri", "Hindi")}
DRAFTED = "machine-drafted: to be reviewed by a native speaker"


def _read(language: str | None) -> Catalog:
    path = FOLDER / "messages.pot" if language is None else FOLDER / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return Catalog(locale=language)
    with open(path, "rb") as f:
        return read_po(f, locale=language)


def fill(language: str, drafts: dict[str, str] | None = None) -> Catalog:
    """The language's catalogue over the template: its own (or given) drafts, else the closest language's text."""
    near, name, near_name = CLOSEST[language]
    template, own, closest = _read(None), _read(language), _read(near)
    catalog = Catalog(locale=Locale.parse(language), project="DigiDost 1447", charset="utf-8")
    catalog.header_comment = (f"# {name} translations for DigiDost 1447.\n"
                              "# MACHINE-DRAFTED, TO BE REVIEWED BY A NATIVE SPEAKER (docs/translations-review.md).\n"
                              f"# Entries marked 'closest-language text' still hold the {near_name} translation, shown "
                              f"until the {name} one is written.")
    for message in template:
        if not message.id:
            continue
        mine = own.get(message.id)
        if drafts and message.id in drafts:
            text, comments = drafts[message.id], [DRAFTED]
        elif mine is not None and mine.string and DRAFTED in mine.auto_comments:
            text, comments = mine.string, [DRAFTED]
        else:
            found = closest.get(message.id)
            text = found.string if found is not None else ""
            comments = [f"closest-language text ({near_name}): {name} to be written"] if text else []
        catalog.add(message.id, text, locations=message.locations, flags=message.flags, auto_comments=comments)
    path = FOLDER / language / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as f:
        write_po(f, catalog)
    return catalog


def compile_all() -> None:
    for po in sorted(FOLDER.glob("*/LC_MESSAGES/messages.po")):
        with open(po, "rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        with open(po.with_suffix(".mo"), "wb") as f:
            write_mo(f, catalog)


if __name__ == "__main__":
    for code in CLOSEST:
        fill(code)
    compile_all()
    sys.stdout.write("ks and doi filled; catalogues compiled\n")
