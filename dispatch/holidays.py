"""The holiday calendar of PSGA timelines: UT-wide and per-district holidays, imported from CSV all or nothing.

CSV columns (a header row first): date (YYYY-MM-DD), name, district (empty = UT-wide; else a served district).
An import replaces every holiday of the years its rows cover, in one transaction; any bad row and nothing changes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from flask import current_app

from core.extensions import db
from dispatch.geo import state_offices
from dispatch.models import Holiday
from dispatch.timelines import Weekend, WorkCalendar, parse_weekend

HOLIDAY_COLUMNS = ("date", "name", "district")
MAX_ROWS = 2000
MAX_NAME = 120


class HolidayImportError(ValueError):
    """The file was refused; `errors` lists each problem as 'line N, column C: what is wrong'."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors[:5]))
        self.errors = errors


@dataclass(frozen=True)
class HolidayRow:
    """One checked row of a holiday file."""

    day: date
    name: str
    district: str | None


@lru_cache(maxsize=4)
def served_districts(state: str) -> frozenset[str]:
    """The districts of the served state, named as requests name them (title case: "Srinagar")."""
    return frozenset(office["district"].title() for office in state_offices(state) if office["district"])


def current_weekend() -> Weekend:
    """The weekend of government offices, from PSGA_WEEKEND."""
    return parse_weekend(current_app.config["PSGA_WEEKEND"])


class HolidayBook:
    """Every holiday from a date on, loaded once; the calendar of any district from it (for lists and sweeps)."""

    def __init__(self, since: date | None = None):
        query = db.select(Holiday.day, Holiday.district)
        if since is not None:
            query = query.where(Holiday.day >= since)
        self.ut_wide: set[date] = set()
        self.by_district: dict[str, set[date]] = {}
        for day, district in db.session.execute(query):
            if district:
                self.by_district.setdefault(district, set()).add(day)
            else:
                self.ut_wide.add(day)
        self.weekend = current_weekend()
        self._calendars: dict[str, WorkCalendar] = {}

    def calendar(self, district: str | None) -> WorkCalendar:
        """The district's calendar: UT-wide holidays, its own, and the weekend."""
        key = district or ""
        if key not in self._calendars:
            self._calendars[key] = WorkCalendar(frozenset(self.ut_wide | self.by_district.get(key, set())),
                                                self.weekend)
        return self._calendars[key]


def calendar_for(district: str | None, since: date | None = None) -> WorkCalendar:
    """One district's working calendar (holidays from `since` on, when given)."""
    return HolidayBook(since).calendar(district)


def parse_holidays(text: str, districts: frozenset[str]) -> list[HolidayRow]:
    """Check a holiday CSV; HolidayImportError listing every bad line and column (nothing is half-read)."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise HolidayImportError(["the file is empty: a header row date,name,district is expected"])
    names = [h.strip().lower() for h in header]
    missing = [c for c in ("date", "name") if c not in names]
    if missing:
        raise HolidayImportError([f"line 1: the header lacks the column {', '.join(missing)} "
                                  "(expected date,name,district)"])
    unknown = [n for n in names if n not in HOLIDAY_COLUMNS]
    if unknown:
        raise HolidayImportError([f"line 1: unknown column {unknown[0]!r} (expected date,name,district)"])
    errors: list[str] = []
    rows: list[HolidayRow] = []
    seen: dict[tuple[date, str | None], int] = {}
    for line_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(names):
            errors.append(f"line {line_number}: {len(cells)} cells for {len(names)} columns")
            continue
        record = dict(zip(names, (c.strip() for c in cells), strict=False))
        raw_day, name, district = record.get("date", ""), record.get("name", ""), record.get("district", "").title()
        day = None
        try:
            day = date.fromisoformat(raw_day) if len(raw_day) == 10 else None
        except ValueError:
            day = None
        if day is None:
            errors.append(f"line {line_number}, column date: {raw_day!r} is not a date written YYYY-MM-DD")
        if not name:
            errors.append(f"line {line_number}, column name: the holiday's name is missing")
        elif len(name) > MAX_NAME:
            errors.append(f"line {line_number}, column name: longer than {MAX_NAME} characters")
        if district and district not in districts:
            errors.append(f"line {line_number}, column district: {district!r} is not a district of the served "
                          "state (leave it empty for a UT-wide holiday)")
        if day is not None and name:
            key = (day, district or None)
            if key in seen:
                errors.append(f"line {line_number}: {day} is already listed on line {seen[key]} "
                              f"for {district or 'the whole UT'}")
            else:
                seen[key] = line_number
                rows.append(HolidayRow(day, name, district or None))
    if len(rows) > MAX_ROWS:
        errors.append(f"the file has {len(rows)} holidays; at most {MAX_ROWS} are read at once")
    if not rows and not errors:
        errors.append("the file has no holidays")
    if errors:
        raise HolidayImportError(errors)
    return rows


def import_holidays(text: str) -> dict[int, int]:
    """Replace the holidays of every year in the file with its rows, all or nothing; {year: holidays} imported.

    The caller commits. Deadlines already computed keep their dates (a statutory date, once told, stands).
    """
    rows = parse_holidays(text, served_districts(current_app.config["SERVED_STATE"]))
    years = sorted({row.day.year for row in rows})
    db.session.execute(db.delete(Holiday).where(Holiday.year.in_(years)))
    db.session.add_all([Holiday(day=row.day, name=row.name, district=row.district, year=row.day.year)
                        for row in rows])
    db.session.flush()
    return {year: sum(1 for row in rows if row.day.year == year) for year in years}


def holidays_of_year(year: int) -> list[Holiday]:
    """A year's holidays, by date (UT-wide first on a day)."""
    return list(db.session.scalars(db.select(Holiday).where(Holiday.year == year)
                                   .order_by(Holiday.day, Holiday.district.is_not(None), Holiday.district)))
