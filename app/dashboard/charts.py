"""Charts as SVG markup drawn on the server: horizontal bars, columns and a line.

Pure: no Flask. The caller passes every text already in the page's language (titles, labels, the
value written as the page writes numbers), so a chart reads the same as the table beside it. Each
chart is an image to assistive technology (role="img" with a <title> and a <desc>); colours and
fonts come from classes styled in app/static/css/dashboard.css, since the CSP forbids inline styles.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

FONT_SIZE = 13
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Point:
    """One bar or point: its label, its value and the value as the page writes it."""

    label: str
    value: float
    value_label: str


def text_width(text: str, size: int = FONT_SIZE) -> float:
    """An estimate of a text's width in pixels: CJK characters are square, Latin ones narrower."""
    width = 0.0
    for char in text:
        width += size if unicodedata.east_asian_width(char) in ("W", "F") else size * 0.62
    return width


def _number(value: float) -> str:
    """A coordinate written compactly."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _open(chart_id: str, title: str, description: str, width: float, height: float, kind: str):
    return [
        f'<svg xmlns="{SVG_NS}" class="chart {kind}-chart" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {_number(width)} {_number(height)}" '
        f'width="{_number(width)}" height="{_number(height)}" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _close(parts: list[str]) -> Markup:
    parts.append("</svg>")
    # Every text in `parts` went through html.escape; the rest is markup written here.
    return Markup("".join(parts))  # noqa: S704


def _text(x: float, y: float, text: str, css: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{_number(x)}" y="{_number(y)}" class="{css}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def horizontal_bars(
    chart_id: str, title: str, description: str, points: Sequence[Point], bar_width: int = 360
) -> Markup:
    """One labelled horizontal bar per point, longest for the largest value (values >= 0)."""
    row = 26
    label_width = min(max((text_width(p.label) for p in points), default=0) + 12, 260)
    value_room = max((text_width(p.value_label) for p in points), default=0) + 12
    width = label_width + bar_width + value_room
    height = max(len(points), 1) * row + 8
    top = max((p.value for p in points), default=0) or 1
    parts = _open(chart_id, title, description, width, height, "hbars")
    for index, point in enumerate(points):
        y = 4 + index * row
        length = max(point.value, 0) / top * bar_width
        parts.append(_text(label_width - 8, y + 17, point.label, "chart-label", "end"))
        parts.append(
            f'<rect class="chart-bar" x="{_number(label_width)}" y="{_number(y + 3)}" '
            f'width="{_number(length)}" height="{row - 8}"/>'
        )
        parts.append(_text(label_width + length + 6, y + 17, point.value_label, "chart-value"))
    parts.append(
        f'<line class="chart-axis" x1="{_number(label_width)}" y1="0" '
        f'x2="{_number(label_width)}" y2="{_number(height)}"/>'
    )
    return _close(parts)


def _x_labels(points: Sequence[Point], plot_left: float, step: float, base_y: float) -> list[str]:
    """Category labels under the x axis, turned 40 degrees and thinned out when crowded."""
    every = math.ceil(FONT_SIZE * 1.4 / step)
    parts = []
    for index, point in enumerate(points):
        if index % every:
            continue
        x = plot_left + step * (index + 0.5)
        y = base_y + 14
        turn = f' transform="rotate(-40 {_number(x)} {_number(y)})"'
        parts.append(_text(x, y, point.label, "chart-label", "end", turn))
    return parts


def _value_range(points: Sequence[Point]) -> tuple[float, float]:
    low = min([0.0, *(p.value for p in points)])
    high = max([0.0, *(p.value for p in points)])
    if high == low:
        high = low + 1
    return low, high


def _left_room(points: Sequence[Point], step: float) -> float:
    """Room left of the first column for its label, which is turned and so reaches leftwards."""
    if not points:
        return 8.0
    return max(8.0, text_width(points[0].label) * 0.77 - step / 2 + 4)


def _label_room(points: Sequence[Point]) -> float:
    """Height taken by turned category labels (sin 40° of the longest)."""
    return max((text_width(p.label) for p in points), default=0) * 0.65 + 24


def column_bars(
    chart_id: str, title: str, description: str, points: Sequence[Point], plot_height: int = 220
) -> Markup:
    """One vertical bar per point from a zero line; negative values hang below it."""
    step = max(14.0, min(60.0, 640 / max(len(points), 1)))
    left = _left_room(points, step)
    width = left + step * len(points) + 16
    low, high = _value_range(points)
    top_room = 18.0
    scale = plot_height / (high - low)
    zero_y = top_room + high * scale
    base_y = top_room + plot_height
    height = base_y + _label_room(points)
    parts = _open(chart_id, title, description, width, height, "columns")
    for index, point in enumerate(points):
        x = left + step * index + step * 0.15
        y = zero_y - max(point.value, 0) * scale
        size = abs(point.value) * scale
        css = "chart-bar chart-negative" if point.value < 0 else "chart-bar"
        parts.append(
            f'<rect class="{css}" x="{_number(x)}" y="{_number(y)}" '
            f'width="{_number(step * 0.7)}" height="{_number(size)}"/>'
        )
        label_y = y - 4 if point.value >= 0 else y + size + 12
        if step >= text_width(point.value_label, 11) or len(points) <= 24:
            parts.append(
                _text(
                    x + step * 0.35, label_y, point.value_label, "chart-value chart-small", "middle"
                )
            )
    parts.append(
        f'<line class="chart-axis" x1="{_number(left)}" y1="{_number(zero_y)}" '
        f'x2="{_number(width - 8)}" y2="{_number(zero_y)}"/>'
    )
    parts.extend(_x_labels(points, left, step, base_y))
    return _close(parts)


def line_chart(
    chart_id: str, title: str, description: str, points: Sequence[Point], plot_height: int = 200
) -> Markup:
    """A line through the points in order, each marked and, when there is room, labelled."""
    step = max(14.0, min(60.0, 640 / max(len(points), 1)))
    left = _left_room(points, step)
    width = left + step * len(points) + 16
    low, high = _value_range(points)
    top_room = 18.0
    scale = plot_height / (high - low)
    base_y = top_room + plot_height
    height = base_y + _label_room(points)
    parts = _open(chart_id, title, description, width, height, "line")
    coordinates = [
        (left + step * (index + 0.5), top_room + (high - point.value) * scale)
        for index, point in enumerate(points)
    ]
    zero_y = top_room + high * scale
    parts.append(
        f'<line class="chart-axis" x1="{_number(left)}" y1="{_number(zero_y)}" '
        f'x2="{_number(width - 8)}" y2="{_number(zero_y)}"/>'
    )
    if coordinates:
        path = " ".join(f"{_number(x)},{_number(y)}" for x, y in coordinates)
        parts.append(f'<polyline class="chart-line" fill="none" points="{path}"/>')
    for (x, y), point in zip(coordinates, points, strict=True):
        parts.append(f'<circle class="chart-dot" cx="{_number(x)}" cy="{_number(y)}" r="3"/>')
        if len(points) <= 24:
            parts.append(_text(x, y - 7, point.value_label, "chart-value chart-small", "middle"))
    parts.extend(_x_labels(points, left, step, base_y))
    return _close(parts)
