"""Operator hours as a pure decision: whether "HH:MM-HH:MM" (local time) contains a moment. No Flask."""

from __future__ import annotations

import re
from datetime import time


def operator_hours_open(hours: str, now: time) -> bool:
    """Whether "HH:MM-HH:MM" (local time, may cross midnight) contains now; empty hours mean always open."""
    if not hours or not hours.strip():
        return True
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", hours)
    if not match:
        return False  # a mistyped setting must not send callers into an unanswered queue
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59:
        return False
    opens, closes = h1 * 60 + m1, h2 * 60 + m2
    minute = now.hour * 60 + now.minute
    if opens <= closes:
        return opens <= minute < closes
    return minute >= opens or minute < closes
