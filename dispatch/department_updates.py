"""Stage updates from a department: a file (CSV or JSON) or its API, applied all or nothing with precise errors.

One update names a request by its 9-digit `request` number or by the department's `application_number`, and
gives an `action`: a stage (under_process, approved, rejected, delivered) or documents_missing /
documents_received (pause and resume the PSGA clock); `reason` (rejected), `delivery_mode` and `reference`
(delivered). Rows apply in order, so one file may approve and then deliver the same application.

CSV: a header row with those column names (request or application_number, action, reason, delivery_mode,
reference); the column "stage" is accepted for "action". JSON: a list of objects, or {"updates": [...]}.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date

from core.extensions import db
from dispatch.applications import (
    SETTABLE_STAGES,
    StageError,
    change_stage,
    find_request,
    pause_clock,
    resume_clock,
)
from dispatch.numbers import is_well_formed_request_number

PAUSE, RESUME = "documents_missing", "documents_received"
ACTIONS = (*SETTABLE_STAGES, PAUSE, RESUME)
COLUMNS = ("request", "application_number", "action", "reason", "delivery_mode", "reference")
MAX_UPDATES = 5000
MAX_BYTES = 2_000_000


class UpdateError(ValueError):
    """Updates refused, nothing applied: `errors` lists each as {"row": n, "column": c, "message": m}."""

    def __init__(self, errors: list[dict]):
        super().__init__("; ".join(describe(e) for e in errors[:5]))
        self.errors = errors


def describe(error: dict) -> str:
    """One error as a line: 'row 3, column stage: …'."""
    where = [f"row {error['row']}"] if error.get("row") else []
    if error.get("column"):
        where.append(f"column {error['column']}")
    return (", ".join(where) + ": " if where else "") + error["message"]


@dataclass
class Update:
    """One row of updates, as read."""

    row: int
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class Applied:
    """What a batch did: changes made, and rows that changed nothing (already so)."""

    changed: int = 0
    unchanged: int = 0
    requests: list[str] = field(default_factory=list)


def read_file(filename: str, data: bytes) -> list[Update]:
    """Read a CSV or JSON file of updates (by its name's ending, else by its first character)."""
    if len(data) > MAX_BYTES:
        raise UpdateError([{"message": f"the file is larger than {MAX_BYTES // 1_000_000} MB"}])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UpdateError([{"message": "the file is not UTF-8 text"}]) from None
    name = (filename or "").lower()
    if name.endswith(".json") or (not name.endswith(".csv") and text.lstrip()[:1] in "[{"):
        try:
            return read_json(json.loads(text))
        except json.JSONDecodeError as bad:
            raise UpdateError([{"message": f"not valid JSON: {bad.msg} at line {bad.lineno}, column {bad.colno}"}]
                              ) from None
    return read_csv(text)


def read_csv(text: str) -> list[Update]:
    """CSV rows (row numbers are line numbers, the header being line 1)."""
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    header = ["action" if h == "stage" else h for h in header]
    if not header:
        raise UpdateError([{"row": 1, "message": "the file is empty: a header row is expected ("
                            + ",".join(COLUMNS) + ")"}])
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise UpdateError([{"row": 1, "column": unknown[0],
                            "message": f"unknown column (expected {', '.join(COLUMNS)})"}])
    updates = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise UpdateError([{"row": line, "message": f"{len(cells)} cells for {len(header)} columns"}])
        updates.append(Update(line, {k: v.strip() for k, v in zip(header, cells, strict=False)}))
    return _limited(updates)


def read_json(document: object) -> list[Update]:
    """JSON updates: a list of objects or {"updates": [...]} (row numbers count from 1)."""
    if isinstance(document, dict):
        document = document.get("updates", [document] if "action" in document or "stage" in document else None)
    if not isinstance(document, list):
        raise UpdateError([{"message": 'expected a list of updates, or {"updates": [...]}'}])
    updates, errors = [], []
    for number, item in enumerate(document, start=1):
        if not isinstance(item, dict):
            errors.append({"row": number, "message": "each update must be an object"})
            continue
        values = {}
        for key, value in item.items():
            key = "action" if key == "stage" else key
            if key not in COLUMNS:
                errors.append({"row": number, "column": key, "message": "unknown field"})
            elif value is not None and not isinstance(value, str | int):
                errors.append({"row": number, "column": key, "message": "must be text"})
            elif value is not None:
                values[key] = str(value).strip()
        updates.append(Update(number, values))
    if errors:
        raise UpdateError(errors)
    return _limited(updates)


def _limited(updates: list[Update]) -> list[Update]:
    if not updates:
        raise UpdateError([{"message": "there are no updates in the file"}])
    if len(updates) > MAX_UPDATES:
        raise UpdateError([{"message": f"{len(updates)} updates; at most {MAX_UPDATES} at once"}])
    return updates


def apply_updates(updates: list[Update], actor: str, today: date, department: str | None = None,
                  district: str | None = None) -> Applied:
    """Apply every update in order, or none: on any error the transaction is rolled back and UpdateError lists
    them all. `department` limits updates to that department's services, `district` to a district's requests.
    The caller commits on success."""
    errors: list[dict] = []
    done = Applied()
    for update in updates:
        try:
            changed = _apply(update, actor, today, department, district)
        except _RowError as bad:
            errors.append({"row": update.row, "column": bad.column, "message": bad.message})
            continue
        except StageError as refused:
            errors.append({"row": update.row, "column": refused.field if refused.field != "stage" else "action",
                           "message": refused.message})
            continue
        if changed:
            done.changed += 1
        else:
            done.unchanged += 1
        done.requests.append(update.values.get("request") or update.values.get("application_number", ""))
    if errors:
        db.session.rollback()  # the changes and SMS of the good rows go too: all or nothing
        raise UpdateError(errors)
    return done


class _RowError(Exception):
    def __init__(self, column: str | None, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def _apply(update: Update, actor: str, today: date, department: str | None, district: str | None) -> bool:
    values = update.values
    number, application = values.get("request", ""), values.get("application_number", "")
    if not number and not application:
        raise _RowError("request", "give the request number or the application_number")
    if number and not is_well_formed_request_number(number):
        raise _RowError("request", f"{number!r} is not a request number (nine digits, check digit)")
    request = find_request(number or None, None if number else application)
    if request is None or (district and request.district != district):
        raise _RowError("request" if number else "application_number", "no such request")
    if number and application and request.application_number != application:
        raise _RowError("application_number", f"request {number} has application number "
                                              f"{request.application_number or '(none)'}, not {application}")
    if department and request.service.department != department:
        raise _RowError("request" if number else "application_number",
                        "this request is for another department's service")
    action = values.get("action", "").lower()
    if action not in ACTIONS:
        raise _RowError("action", f"{action!r} is not an action: one of {', '.join(ACTIONS)}" if action
                        else "the action is missing")
    if action == PAUSE:
        return pause_clock(request.id, actor, today)
    if action == RESUME:
        return resume_clock(request.id, actor, today)
    return change_stage(request.id, action, actor, reason=values.get("reason"),
                        delivery_mode=values.get("delivery_mode"), reference=values.get("reference"))


def apply_action(request_id: int, action: str, actor: str, today: date, district: str | None = None,
                 reason: str | None = None, delivery_mode: str | None = None, reference: str | None = None) -> bool:
    """One action on one request (the agent's and the supervisor's forms); StageError or LookupError when refused.
    The caller commits."""
    action = (action or "").strip().lower()
    if action == PAUSE:
        return pause_clock(request_id, actor, today, district)
    if action == RESUME:
        return resume_clock(request_id, actor, today, district)
    return change_stage(request_id, action, actor, reason=reason, delivery_mode=delivery_mode, reference=reference,
                        district=district)
