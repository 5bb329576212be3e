"""Tiny SVG charts built as strings from plain lists.

The live plots redraw every step; a polyline of a few hundred points is microseconds to write
and one small DOM update to show, where rebuilding a matplotlib figure or a vega chart from
the whole DataFrame costs tens of milliseconds. Bands (10–90%) are polygons.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]
    color: str
    low: Sequence[float] | None = None  # band, e.g. the 10% quantile
    high: Sequence[float] | None = None  # band, e.g. the 90% quantile
    dash: bool = False


def nice_top(values: Sequence[float], floor: float = 1.0) -> float:
    """An upper axis limit: ``floor`` unless the data go above it, then the next quarter."""
    top = max((v for v in values if v == v), default=floor)
    return floor if top <= floor else math.ceil(top * 4) / 4


def line_chart(
    series: Sequence[Series],
    x_max: int,
    *,
    title: str,
    y_top: float | None = None,
    y_bottom: float = 0.0,
    width: int = 420,
    height: int = 190,
    x_labels: dict[int, str] | None = None,
    panel: str = "",
    step: int | None = None,
) -> str:
    """An SVG line chart of ``series`` over steps ``0..x_max`` (x fixed: no rescaling), its
    y axis from ``y_bottom`` (0 unless a series goes below zero, as the slack does) to
    ``y_top``."""
    left, right, top, bottom = 34, 8, 22, 34
    legend_rows = math.ceil(len(series) / 2)
    bottom += 14 * legend_rows
    w, h = width - left - right, height - top - bottom
    if y_top is None:
        y_top = nice_top([v for s in series for v in (s.high or s.values)])
    x_max = max(x_max, 1)

    def px(i: int) -> float:
        return left + w * i / x_max

    span = y_top - y_bottom

    def py(v: float) -> float:
        return top + h * (1 - (min(max(v, y_bottom), y_top) - y_bottom) / span)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="dm-chart"'
        + (f' data-panel="{panel}" data-step="{step}"' if panel else "")
        + ">",
        f'<text x="{left}" y="14" font-size="12" font-weight="600">{escape(title)}</text>',
    ]
    for frac in (0, 0.5, 1):
        value = y_bottom + span * frac
        y = py(value)
        out.append(
            f'<line x1="{left}" x2="{left + w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end">'
            f"{value:g}</text>"
        )
    for i, label in (x_labels or {}).items():
        x = px(i)
        anchor = "end" if i == x_max else ("start" if i == 0 else "middle")
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + h}" stroke="#eee"/>'
            f'<text x="{x:.1f}" y="{top + h + 11}" font-size="9" text-anchor="{anchor}">'
            f"{escape(label)}</text>"
        )
    for s in series:
        if s.low is not None and s.high is not None and len(s.low):
            upper = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(s.high))
            lower = " ".join(
                f"{px(i):.1f},{py(v):.1f}" for i, v in reversed(list(enumerate(s.low)))
            )
            out.append(
                f'<polygon points="{upper} {lower}" fill="{s.color}" fill-opacity="0.18" '
                'stroke="none"/>'
            )
        if len(s.values):
            pts = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(s.values))
            dash = ' stroke-dasharray="5 3"' if s.dash else ""
            out.append(
                f'<polyline points="{pts}" fill="none" stroke="{s.color}" '
                f'stroke-width="1.8"{dash}/>'
            )
    for k, s in enumerate(series):
        lx = left + (k % 2) * (w / 2)
        ly = top + h + 26 + 14 * (k // 2)
        last = f" {s.values[-1]:.2f}" if len(s.values) else ""
        out.append(
            f'<rect x="{lx:.1f}" y="{ly - 8}" width="10" height="3" fill="{s.color}"/>'
            f'<text x="{lx + 14:.1f}" y="{ly - 4}" font-size="10">{escape(s.label)}{last}</text>'
        )
    out.append("</svg>")
    return "".join(out)


def date_ticks(dates: Sequence[str], x_max: int, count: int = 5) -> dict[int, str]:
    """A few x-axis labels (``MM-DD``) at evenly spaced steps; ``dates[i]`` is step ``i``'s."""
    if not dates:
        return {}
    ticks = {}
    for k in range(count):
        i = round(k * x_max / (count - 1))
        if i < len(dates):
            ticks[i] = dates[i][5:]
    return ticks
