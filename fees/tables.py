"""Reading and writing the administrator's files (CSV with a header block, or YAML) as plain values."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import yaml


@dataclass(frozen=True)
class Problem:
    """One precise reason a file is refused: where (line, entry, header or file), which field, what is wrong."""

    where: str
    field: str | None
    message: str

    def __str__(self) -> str:
        return f"{self.where}, {self.field}: {self.message}" if self.field else f"{self.where}: {self.message}"


class ImportRefused(ValueError):
    """The file was refused; nothing was written. `problems` lists every reason."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Row:
    """One data row: where it is in the file (for messages) and its values by normalised column name."""

    where: str
    values: Mapping[str, object]


@dataclass(frozen=True)
class Table:
    """A file's header block (metadata), its column names and its rows."""

    meta: Mapping[str, object] = field(default_factory=dict)
    columns: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()


def normalise_key(key: object) -> str:
    """'Service Code' and 'service-code' both name the column service_code."""
    return str(key).strip().lower().replace("-", "_").replace(" ", "_")


def read_table(text: str, filename: str, list_key: str) -> Table:
    """Parse CSV (YAML when the name ends .yaml/.yml); ImportRefused when the file is empty or unreadable."""
    text = text.lstrip("\ufeff")  # spreadsheet programs write a byte-order mark
    if not text.strip():
        raise ImportRefused([Problem("file", None, "the file is empty")])
    if filename.lower().endswith((".yaml", ".yml")):
        return _read_yaml(text, list_key)
    return _read_csv(text)


def _read_csv(text: str) -> Table:
    lines = text.splitlines(keepends=True)
    meta: dict[str, object] = {}
    problems: list[Problem] = []
    skipped = 0
    # The header block: leading '# key: value' lines (and blank lines) before the column names.
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        skipped = number
        body = stripped.lstrip("#").strip()
        if not body:
            continue
        key, colon, value = body.partition(":")
        if not colon:
            problems.append(Problem(f"line {number}", None, "a header line must read '# key: value'"))
            continue
        meta[normalise_key(key)] = value.strip()
    if problems:
        raise ImportRefused(problems)
    reader = csv.reader(io.StringIO("".join(lines[skipped:])))
    try:
        header = next(reader, None)
        if header is None:
            raise ImportRefused([Problem("file", None, "the file has no column names")])
        columns = tuple(normalise_key(c) for c in header)
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(columns):
                raise ImportRefused([Problem(f"line {skipped + reader.line_num}", None,
                                             f"{len(values)} values for {len(columns)} columns")])
            cells = {c: v.strip() for c, v in zip(columns, values, strict=False)}
            rows.append(Row(f"line {skipped + reader.line_num}", cells))
    except csv.Error as exc:
        raise ImportRefused([Problem(f"line {skipped + reader.line_num}", None, f"not valid CSV ({exc})")]) from None
    return Table(meta, columns, tuple(rows))


def _read_yaml(text: str, list_key: str) -> Table:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ImportRefused([Problem("file", None, f"not valid YAML ({str(exc).splitlines()[0]})")]) from None
    if isinstance(document, list):
        meta, entries = {}, document
    elif isinstance(document, dict):
        meta = {normalise_key(k): v for k, v in document.items() if normalise_key(k) != list_key}
        entries = document.get(list_key) or []
    else:
        raise ImportRefused([Problem("file", None, f"expected a mapping with a '{list_key}' list")])
    if not isinstance(entries, list):
        raise ImportRefused([Problem("file", list_key, "must be a list")])
    rows, columns = [], {}
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ImportRefused([Problem(f"entry {index}", None, "must be a mapping of column: value")])
        values = {normalise_key(k): v for k, v in entry.items()}
        columns.update(dict.fromkeys(values))
        rows.append(Row(f"entry {index}", values))
    return Table(meta, tuple(columns), tuple(rows))


def missing_columns(table: Table, required: Iterable[str]) -> list[Problem]:
    """A problem for each required column the file lacks (YAML entries may each lack some)."""
    problems = []
    for column in required:
        if column not in table.columns:
            problems.append(Problem("header", column, "this column is missing"))
    return problems


def write_csv(meta: Mapping[str, str], columns: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """A CSV with a '# key: value' header block, in the same shape read_table reads."""
    out = io.StringIO()
    for key, value in meta.items():
        out.write(f"# {key}: {value}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(columns))
    writer.writerows(rows)
    return out.getvalue()


_TRUE = {"yes", "y", "true", "1", "on"}
_FALSE = {"no", "n", "false", "0", "off", ""}


def text_value(value: object) -> str:
    """A cell as stripped text ('' for an empty cell or a YAML null)."""
    return "" if value is None else str(value).strip()


def parse_bool(value: object) -> bool:
    """yes/no, true/false, 1/0 (and YAML booleans); ValueError otherwise."""
    if isinstance(value, bool):
        return value
    word = text_value(value).lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"expected yes or no, got {text_value(value)!r}")
