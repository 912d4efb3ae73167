"""Tiny server-rendered charts: a series as an inline SVG line, with its target dashed.

No JavaScript and no chart library: a KPI card needs a trend and a target, nothing more.
Missing points (a month with no data) break the line instead of pretending to be zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Frame:
    """The drawing area and the value range mapped onto it."""

    width: float
    height: float
    padding: float
    low: float
    high: float

    def x(self, index: int, count: int) -> float:
        """Place point `index` of `count` evenly across the width (one point: centred)."""
        if count <= 1:
            return self.width / 2
        return self.padding + index * (self.width - 2 * self.padding) / (count - 1)

    def y(self, value: float) -> float:
        """Place a value vertically: the low end at the bottom, the high end at the top."""
        share = (value - self.low) / (self.high - self.low)
        return self.height - self.padding - share * (self.height - 2 * self.padding)


def value_range(
    values: Sequence[float | None],
    target: float | None = None,
    bounds: tuple[float | None, float | None] = (None, None),
) -> tuple[float, float]:
    """Return the low and high ends covering the values, the target and any fixed bounds.

    A flat series gets a margin so its line sits mid-height instead of on an edge.
    """
    known = [float(v) for v in values if v is not None]
    if target is not None:
        known.append(float(target))
    known += [float(bound) for bound in bounds if bound is not None]
    if not known:
        return 0.0, 1.0
    low, high = min(known), max(known)
    if high == low:
        margin = abs(high) * 0.1 or 1.0
        low, high = low - margin, high + margin
    return low, high


def runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Split a series into runs of consecutive known points (index, value)."""
    found: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                found.append(current)
            current = []
        else:
            current.append((index, float(value)))
    if current:
        found.append(current)
    return found


def one_decimal(value: float) -> str:
    """Write a number with at most one decimal: '4.4', '5' (a coordinate, a figure shown)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def line_chart(
    values: Sequence[float | None],
    *,
    target: float | None = None,
    label: str = "",
    bounds: tuple[float | None, float | None] = (None, None),
    tips: Sequence[str] = (),
    width: int = 220,
    height: int = 56,
    padding: int = 5,
) -> SafeString:
    """Return an inline SVG of the series as a polyline, the target as a dashed line.

    Each run of known values is one polyline; a lone point is a dot; the latest value
    gets a dot too. `label` becomes the chart's accessible name and tooltip. `tips` says
    each point in words ("Jun 2026: 31%"): every known point gets a hover area with it as
    its tooltip, so a value can be read off the line.
    """
    low, high = value_range(values, target, bounds)
    frame = Frame(width, height, padding, low, high)
    count = len(values)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(label)}</title>",
    ]
    if target is not None:
        y = one_decimal(frame.y(target))
        parts.append(
            f'<line class="target" x1="0" y1="{y}" x2="{width}" y2="{y}" stroke-dasharray="4 3"/>'
        )
    for run in runs(values):
        points = " ".join(
            f"{one_decimal(frame.x(i, count))},{one_decimal(frame.y(v))}" for i, v in run
        )
        if len(run) == 1:
            index, value = run[0]
            cx, cy = one_decimal(frame.x(index, count)), one_decimal(frame.y(value))
            parts.append(f'<circle class="point" cx="{cx}" cy="{cy}" r="2"/>')
        else:
            parts.append(f'<polyline class="series" fill="none" points="{points}"/>')
    if count and values[-1] is not None:
        cx, cy = one_decimal(frame.x(count - 1, count)), one_decimal(frame.y(float(values[-1])))
        parts.append(f'<circle class="latest" cx="{cx}" cy="{cy}" r="3"/>')
    for index, known in enumerate(values):
        if known is None or index >= len(tips):
            continue
        cx, cy = one_decimal(frame.x(index, count)), one_decimal(frame.y(float(known)))
        parts.append(
            f'<circle class="tip" cx="{cx}" cy="{cy}" r="7"><title>{escape(tips[index])}</title>'
            "</circle>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every interpolated text is escaped above
