"""Validating a service catalogue file (pure): the services to store, or every precise reason it is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fees.tables import ImportRefused, Problem, Row, Table, missing_columns, parse_bool, text_value

# The catalogue file's own languages (name_en/hi/ur columns): Kashmiri and Dogri read the Urdu and Hindi names
# (core/languages.py CLOSEST_LANGUAGE), so the catalogue needs no ks or doi columns.
LANGUAGES = ("en", "hi", "ur")
LANGUAGE_NAMES = {"en": "English", "hi": "Hindi", "ur": "Urdu"}
REQUIRED_COLUMNS = ("code", "category", "department", "name_en", "name_hi", "name_ur", "psga_days")
DOCUMENT_COLUMNS = tuple(f"documents_{lang}" for lang in LANGUAGES)
DOCUMENT_SEPARATOR = "|"
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
# A Hindi text must hold Devanagari, an Urdu one Arabic script: an English name pasted in is not a translation.
_SCRIPTS = {"hi": (re.compile(r"[\u0900-\u097F]"), "Devanagari"),
            "ur": (re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]"), "Urdu (Arabic) script")}


@dataclass(frozen=True)
class ServiceSpec:
    """One catalogue entry as the file gives it."""

    code: str
    category: str
    department: str
    name_en: str
    name_hi: str
    name_ur: str
    documents: tuple[dict[str, str], ...]
    psga_days: int
    doorstep: bool = True
    active: bool = True
    sort_order: int = 0


def plan_catalogue(table: Table) -> list[ServiceSpec]:
    """Validate every row of a catalogue file; ImportRefused lists every fault, row by row."""
    problems = missing_columns(table, REQUIRED_COLUMNS)
    if "documents" not in table.columns:
        problems += missing_columns(table, DOCUMENT_COLUMNS)
    if not table.rows:
        problems.append(Problem("file", None, "the file has no services"))
    if problems:
        raise ImportRefused(problems)
    specs, seen = [], {}
    for position, row in enumerate(table.rows, start=1):
        spec = _parse_service(row, position * 10, problems)
        if spec is None:
            continue
        if spec.code in seen:
            problems.append(Problem(row.where, "code", f"{spec.code!r} is already listed at {seen[spec.code]}"))
        seen.setdefault(spec.code, row.where)
        specs.append(spec)
    if problems:
        raise ImportRefused(problems)
    return specs


def translation_problem(text: str, language: str) -> str | None:
    """Why a text is not a usable translation into the language, or None."""
    if not text:
        return f"the {LANGUAGE_NAMES[language]} text is missing"
    script = _SCRIPTS.get(language)
    if script and not script[0].search(text):
        return f"the {LANGUAGE_NAMES[language]} text must be written in {script[1]} (got {text!r})"
    return None


def _parse_service(row: Row, default_order: int, problems: list[Problem]) -> ServiceSpec | None:
    before = len(problems)
    values = {k: text_value(row.values.get(k)) for k in REQUIRED_COLUMNS}
    if not CODE_PATTERN.match(values["code"]):
        problems.append(Problem(row.where, "code", "a short lowercase slug such as birth_cert "
                                                   f"(letters, digits, _), got {values['code']!r}"))
    for key in ("category", "department"):
        if not values[key]:
            problems.append(Problem(row.where, key, "missing"))
    for lang in LANGUAGES:
        reason = translation_problem(values[f"name_{lang}"], lang)
        if reason:
            problems.append(Problem(row.where, f"name_{lang}", reason))
    psga_days = _whole_number(row, "psga_days", values["psga_days"], problems, minimum=1)
    order = row.values.get("sort_order")
    sort_order = _whole_number(row, "sort_order", text_value(order), problems) if text_value(order) else default_order
    flags = {}
    for key in ("doorstep", "active"):
        raw = row.values.get(key)
        try:
            flags[key] = True if text_value(raw) == "" else parse_bool(raw)
        except ValueError as exc:
            problems.append(Problem(row.where, key, str(exc)))
    documents = _documents(row, problems)
    if len(problems) > before:
        return None
    return ServiceSpec(documents=documents, psga_days=psga_days, sort_order=sort_order, **flags,
                       **{k: values[k] for k in REQUIRED_COLUMNS if k != "psga_days"})


def _whole_number(row: Row, key: str, text: str, problems: list[Problem], minimum: int = 0) -> int:
    try:
        number = int(text)
    except ValueError:
        problems.append(Problem(row.where, key, f"expected a whole number, got {text!r}"))
        return 0
    if number < minimum:
        problems.append(Problem(row.where, key, f"must be at least {minimum}, got {number}"))
    return number


def _documents(row: Row, problems: list[Problem]) -> tuple[dict[str, str], ...]:
    """Documents as [{'en','hi','ur'}]: a YAML list of such mappings, or three '|'-separated columns."""
    listed = row.values.get("documents")
    if isinstance(listed, list):
        lists = {lang: [text_value(d.get(lang)) if isinstance(d, dict) else "" for d in listed]
                 for lang in LANGUAGES}
    else:
        lists = {lang: [part.strip() for part in text_value(row.values.get(f"documents_{lang}"))
                        .split(DOCUMENT_SEPARATOR) if part.strip()] for lang in LANGUAGES}
    counts = {lang: len(items) for lang, items in lists.items()}
    if counts["en"] == 0:
        problems.append(Problem(row.where, "documents_en", "list at least one document"))
        return ()
    for lang in LANGUAGES:
        if counts[lang] != counts["en"]:
            problems.append(Problem(row.where, f"documents_{lang}",
                                    f"{counts[lang]} documents in {LANGUAGE_NAMES[lang]} for {counts['en']} "
                                    "in English: every document needs its translation"))
            continue
        for index, text in enumerate(lists[lang], start=1):
            reason = translation_problem(text, lang)
            if reason:
                problems.append(Problem(row.where, f"documents_{lang}", f"document {index}: {reason}"))
    if any(count != counts["en"] for count in counts.values()):
        return ()
    return tuple({lang: lists[lang][i] for lang in LANGUAGES} for i in range(counts["en"]))
