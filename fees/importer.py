"""Validating a fee notification file (pure): a plan to write, or every precise reason it is refused."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal, InvalidOperation

from fees.tables import ImportRefused, Problem, Table, missing_columns, normalise_key, parse_bool, text_value

FEE_COLUMNS = ("service_code", "government_fee", "service_fee", "agent_share", "government_share")
MONEY_COLUMNS = FEE_COLUMNS[1:]
HEADER_KEYS = ("number", "issued_on", "issued_by", "effective_from", "effective_to", "is_sample", "note")
_HEADER_ALIASES = {
    "notification": "number", "notification_number": "number", "issued": "issued_on", "date": "issued_on",
    "issuing_authority": "issued_by", "authority": "issued_by", "sample": "is_sample",
}
_LARGEST_FEE = Decimal("99999999.99")  # what a Numeric(10, 2) column holds


@dataclass(frozen=True)
class NotificationHeader:
    """What identifies a notification; its window is in naive UTC like every stored datetime."""

    number: str
    issued_on: date
    issued_by: str
    effective_from: datetime
    effective_to: datetime | None
    is_sample: bool = False
    note: str = ""


@dataclass(frozen=True)
class FeeLine:
    """One service's fees in a notification file."""

    service_code: str
    government_fee: Decimal
    service_fee: Decimal
    agent_share: Decimal
    government_share: Decimal


@dataclass(frozen=True)
class StoredWindow:
    """A notification already stored: its number and window."""

    notification_id: int
    number: str
    effective_from: datetime
    effective_to: datetime | None


@dataclass(frozen=True)
class NotificationPlan:
    """A validated notification and the one stored window it closes (at its effective_from), if any."""

    header: NotificationHeader
    fees: tuple[FeeLine, ...]
    closes: StoredWindow | None
    uncovered: tuple[str, ...] = ()  # active services it fixes no fee for (a warning, not a refusal)


def plan_notification(table: Table, overrides: Mapping[str, object], known_codes: Collection[str],
                      stored: Sequence[StoredWindow], now: datetime, local_tz: tzinfo,
                      active_codes: Collection[str] = ()) -> NotificationPlan:
    """Validate a notification file against the catalogue and the stored windows; ImportRefused lists all faults."""
    problems: list[Problem] = []
    header = _parse_header(table.meta, overrides, local_tz, problems)
    closes = _check_window(header, stored, now, local_tz, problems) if header else None
    problems += missing_columns(table, FEE_COLUMNS)
    if not table.rows:
        problems.append(Problem("file", None, "the file has no fee rows"))
    fees = _parse_fee_rows(table, known_codes, problems) if not missing_columns(table, FEE_COLUMNS) else []
    if problems:
        raise ImportRefused(problems)
    assert header is not None
    covered = {f.service_code for f in fees}
    return NotificationPlan(header, tuple(fees), closes, tuple(sorted(set(active_codes) - covered)))


def parse_instant(value: object, local_tz: tzinfo) -> datetime:
    """A date or date-time as naive UTC; one without an offset is local time (a date means its midnight)."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        text = text_value(value)
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = datetime.combine(_parse_date(text), datetime.min.time())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_tz)
    return moment.astimezone(UTC).replace(tzinfo=None)


def local_text(moment: datetime, local_tz: tzinfo) -> str:
    """A stored naive UTC instant written in local time with its offset (what parse_instant reads back)."""
    return moment.replace(tzinfo=UTC).astimezone(local_tz).isoformat(timespec="minutes")


def _parse_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = text_value(value)
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"expected a date such as 2026-01-01 or 01-01-2026, got {text!r}")


def _parse_header(meta: Mapping[str, object], overrides: Mapping[str, object], local_tz: tzinfo,
                  problems: list[Problem]) -> NotificationHeader | None:
    values: dict[str, object] = {}
    for key, value in meta.items():
        name = _HEADER_ALIASES.get(normalise_key(key), normalise_key(key))
        if name not in HEADER_KEYS:
            problems.append(Problem("header", key, f"unknown header key (known: {', '.join(HEADER_KEYS)})"))
        values[name] = value
    values.update({k: v for k, v in overrides.items() if v is not None})
    before = len(problems)
    for key in ("number", "issued_on", "issued_by", "effective_from"):
        if not text_value(values.get(key)):
            problems.append(Problem("header", key, "missing (give it in the file's header block or as an option)"))
    if len(problems) > before:
        return None
    parsed: dict[str, object] = {}
    for key, parse in (("issued_on", _parse_date), ("effective_from", lambda v: parse_instant(v, local_tz)),
                       ("effective_to", lambda v: parse_instant(v, local_tz)), ("is_sample", parse_bool)):
        if key == "effective_to" and not text_value(values.get(key)):
            parsed[key] = None
            continue
        try:
            parsed[key] = parse(values.get(key, False))
        except ValueError as exc:
            problems.append(Problem("header", key, str(exc)))
    if len(problems) > before:
        return None
    header = NotificationHeader(
        number=text_value(values["number"]), issued_by=text_value(values["issued_by"]),
        note=text_value(values.get("note")), **parsed,
    )
    if header.effective_to is not None and header.effective_to <= header.effective_from:
        problems.append(Problem("header", "effective_to", "must be after effective_from"))
        return None
    return header


def _parse_fee_rows(table: Table, known_codes: Collection[str], problems: list[Problem]) -> list[FeeLine]:
    lines, seen = [], {}
    for row in table.rows:
        code = text_value(row.values.get("service_code"))
        before = len(problems)
        if not code:
            problems.append(Problem(row.where, "service_code", "missing"))
        elif code not in known_codes:
            problems.append(Problem(row.where, "service_code", f"unknown service {code!r}"))
        elif code in seen:
            problems.append(Problem(row.where, "service_code", f"{code!r} is already listed at {seen[code]}"))
        seen.setdefault(code, row.where)
        amounts = {}
        for column in MONEY_COLUMNS:
            try:
                amounts[column] = _parse_money(row.values.get(column))
            except ValueError as exc:
                problems.append(Problem(row.where, column, str(exc)))
        if len(amounts) == len(MONEY_COLUMNS) and amounts["agent_share"] + amounts["government_share"] != \
                amounts["service_fee"]:
            problems.append(Problem(
                row.where, "agent_share",
                f"agent_share {amounts['agent_share']} + government_share {amounts['government_share']} "
                f"must equal service_fee {amounts['service_fee']}"))
        if len(problems) == before:
            lines.append(FeeLine(code, **amounts))
    return lines


def _parse_money(value: object) -> Decimal:
    text = text_value(value).replace("₹", "").replace(",", "").strip()
    if not text:
        raise ValueError("missing (write 0 for no fee)")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {text_value(value)!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not a number: {text_value(value)!r}")
    if amount < 0:
        raise ValueError(f"must not be negative (got {text})")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"at most two decimal places (got {text})")
    if amount > _LARGEST_FEE:
        raise ValueError(f"too large (got {text})")
    return amount.quantize(Decimal("0.01"))


def _check_window(header: NotificationHeader, stored: Sequence[StoredWindow], now: datetime, local_tz: tzinfo,
                  problems: list[Problem]) -> StoredWindow | None:
    """The new window must start now or later, after every stored start; only the latest, open-ended, is closed."""
    if any(s.number == header.number for s in stored):
        problems.append(Problem("header", "number", f"notification {header.number!r} is already imported"))
    # A past start would reprice requests already confirmed; with nothing stored, nothing was ever priced.
    if stored and header.effective_from < now:
        problems.append(Problem("header", "effective_from",
                                f"{local_text(header.effective_from, local_tz)} is in the past; "
                                "a notification may only take effect from now on"))
    latest = max(stored, key=lambda s: s.effective_from, default=None)
    if latest is None:
        return None
    if header.effective_from <= latest.effective_from:
        problems.append(Problem("header", "effective_from",
                                f"overlaps notification {latest.number}, in force from "
                                f"{local_text(latest.effective_from, local_tz)}; a new one must start after it"))
        return None
    if latest.effective_to is not None:
        if header.effective_from < latest.effective_to:
            problems.append(Problem("header", "effective_from",
                                    f"overlaps notification {latest.number}, in force until "
                                    f"{local_text(latest.effective_to, local_tz)}"))
        elif header.effective_from > latest.effective_to:  # at every instant one notification is in force
            problems.append(Problem("header", "effective_from",
                                    f"leaves no fee in force after notification {latest.number} ends at "
                                    f"{local_text(latest.effective_to, local_tz)}; start it then"))
        return None
    return latest
