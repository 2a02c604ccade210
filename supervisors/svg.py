"""Charts as SVG markup, drawn from plain numbers: no Flask, no database, no JavaScript.

Colours are presentation attributes (fill=), never style=, so the charts run under the strict CSP. Every chart
carries a <title> and <desc> named by aria-labelledby; the page adds a table of the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

FONT = "system-ui, sans-serif"
INK, MUTED, GRID = "#1b1f24", "#5b6470", "#d5d9de"


@dataclass(frozen=True)
class Series:
    """One kind of bar in a chart: its name in the legend and its colour."""

    name: str
    fill: str


@dataclass(frozen=True)
class Row:
    """One category of a horizontal bar chart: a value per series, and an optional note ("12 ratings")."""

    label: str
    values: tuple[float | None, ...]
    note: str = ""


@dataclass(frozen=True)
class Column:
    """One column of a stacked column chart (a day): a value per series, stacked bottom up."""

    label: str
    values: tuple[float, ...]


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The nearest-rank percentile (0.5 median, 0.9 ninetieth) of the values; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def nice_ceiling(value: float) -> float:
    """A round axis maximum at or above value: 1, 2, 4, 6 or 8 times a power of ten (so its half is round too)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 4, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power  # pragma: no cover (the loop always returns)


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _open(chart_id: str, title: str, desc: str, width: int, height: int, kind: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" id="{escape(chart_id)}" class="chart-svg {kind}" role="img" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" font-family="{FONT}">',
            f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
            f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>']


def _legend(series: Sequence[Series], top: float, width: int, per_line: int, size: int) -> tuple[list[str], float]:
    parts, step = [], width / per_line
    for i, one in enumerate(series):
        x, y = (i % per_line) * step, top + (i // per_line) * (size + 8)
        parts.append(f'<g class="legend-item"><rect x="{x:.1f}" y="{y:.1f}" width="{size}" height="{size}" '
                     f'fill="{escape(one.fill)}"/><text x="{x + size + 5:.1f}" y="{y + size - 2:.1f}" '
                     f'font-size="{size}" fill="{INK}">{escape(one.name)}</text></g>')
    lines = math.ceil(len(series) / per_line) if series else 0
    return parts, top + lines * (size + 8)


def horizontal_bars(chart_id: str, title: str, desc: str, series: Sequence[Series], rows: Sequence[Row],
                    unit: str = "", maximum: float | None = None) -> str:
    """Bars running left to right, one group per row (label above its bars), a bar per series.

    A None value draws no bar and says "no data"; lengths are value / maximum of the plot width.
    """
    width, font, bar, gap = 360, 14, 14, 3
    label_room, value_room = font + 4, 72
    plot = width - value_room
    top = 0.0
    parts: list[str] = []
    if len(series) > 1:
        legend, top = _legend(series, 0, width, 2, font)
        parts += legend
        top += 4
    known = [v for row in rows for v in row.values if v is not None]
    axis_max = maximum if maximum is not None else nice_ceiling(max(known, default=0))
    y = top
    for index, row in enumerate(rows):
        label = row.label + (f" ({row.note})" if row.note else "")
        parts.append(f'<g class="row" data-row="{index}"><text class="label" x="0" y="{y + font:.1f}" '
                     f'font-size="{font}" fill="{INK}">{escape(label)}</text>')
        y += label_room
        for one, value in zip(series, row.values, strict=True):
            if value is None:
                parts.append(f'<text class="no-data" x="0" y="{y + bar - 3:.1f}" font-size="{font - 2}" '
                             f'fill="{MUTED}">{escape(one.name)}: –</text>')
            else:
                length = max(0.0, min(plot, plot * value / axis_max)) if axis_max else 0.0
                text = f"{_number(value)}{unit}"
                parts.append(f'<rect class="bar" x="0" y="{y:.1f}" width="{length:.1f}" height="{bar}" '
                             f'fill="{escape(one.fill)}" data-series="{escape(one.name)}" data-value="{value}">'
                             f'<title>{escape(row.label)} · {escape(one.name)}: {escape(text)}</title></rect>'
                             f'<text class="value" x="{length + 4:.1f}" y="{y + bar - 3:.1f}" font-size="{font - 1}" '
                             f'fill="{INK}">{escape(text)}</text>')
            y += bar + gap
        parts.append("</g>")
        y += 8
    height = max(int(math.ceil(y)), 24)
    return "\n".join(_open(chart_id, title, desc, width, height, "chart-bars") + parts + ["</svg>"])


def stacked_columns(chart_id: str, title: str, desc: str, series: Sequence[Series], columns: Sequence[Column],
                    label_every: int = 5) -> str:
    """Columns side by side (days), each a stack of the series' values from the bottom; a labelled y axis."""
    width, font, left, bottom = 400, 13, 30, 20
    legend, top = _legend(series, 0, width, 2, font)
    top += 8
    plot_height = 150
    totals = [sum(column.values) for column in columns]
    axis_max = nice_ceiling(max(totals, default=0))
    base = top + plot_height
    parts = list(legend)
    for fraction in (0, 0.5, 1):
        y = base - plot_height * fraction
        parts.append(f'<line class="grid" x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
                     f'<text class="axis" x="{left - 4}" y="{y + 5:.1f}" font-size="{font - 2}" text-anchor="end" '
                     f'fill="{MUTED}">{_number(axis_max * fraction)}</text>')
    slot = (width - left) / max(len(columns), 1)
    for index, column in enumerate(columns):
        x = left + index * slot + 1
        y = base
        parts.append(f'<g class="column" data-column="{index}" data-total="{_number(totals[index])}">')
        for one, value in zip(series, column.values, strict=True):
            if value <= 0:
                continue
            height = plot_height * value / axis_max
            y -= height
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{slot - 2:.1f}" height="{height:.1f}" '
                         f'fill="{escape(one.fill)}" data-series="{escape(one.name)}" data-value="{_number(value)}">'
                         f'<title>{escape(column.label)} · {escape(one.name)}: {_number(value)}</title></rect>')
        parts.append("</g>")
        last = len(columns) - 1
        if (last - index) % label_every == 0:  # counted back from the latest column, which is always labelled
            anchor, at = ("end", width) if index == last else ("middle", x + slot / 2)
            parts.append(f'<text class="tick" x="{at:.1f}" y="{base + bottom - 5:.1f}" font-size="{font - 2}" '
                         f'text-anchor="{anchor}" fill="{MUTED}">{escape(column.label)}</text>')
    height = int(math.ceil(base + bottom))
    return "\n".join(_open(chart_id, title, desc, width, height, "chart-columns") + parts + ["</svg>"])
