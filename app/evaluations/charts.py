"""Small bar charts drawn on the server as SVG, so reports need no script and no external asset.

Pure: no Flask. Bars are coloured with presentation attributes (`fill`), which the content
security policy allows, never with inline styles. Every chart is shown beside a table of its
numbers; the SVG is labelled for screen readers with `aria-label`.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

ROW_HEIGHT = 22
LABEL_WIDTH = 110
BAR_WIDTH = 200
VALUE_WIDTH = 40


def bar_chart(labels: Sequence[str], values: Sequence[int], title: str) -> Markup:
    """Horizontal bars, one per label, scaled to the largest value; the value is written after
    each bar. `title` becomes the chart's accessible name."""
    if len(labels) != len(values):
        raise ValueError("bar_chart needs one value per label")
    largest = max(values, default=0)
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = ROW_HEIGHT * len(values) + 4
    parts = [
        Markup(
            '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
            'width="{w}" height="{h}" viewBox="0 0 {w} {h}" aria-label="{title}">'
        ).format(w=width, h=height, title=title)
    ]
    for row, (label, value) in enumerate(zip(labels, values, strict=True)):
        top = row * ROW_HEIGHT + 2
        bar = round(BAR_WIDTH * value / largest) if largest else 0
        parts.append(
            Markup(
                '<text x="{lx}" y="{ty}" text-anchor="end" font-size="12" fill="currentColor">'
                "{label}</text>"
                '<rect x="{bx}" y="{by}" width="{bw}" height="{bh}" fill="#2b6cb0"></rect>'
                '<text x="{vx}" y="{ty}" font-size="12" fill="currentColor">{value}</text>'
            ).format(
                lx=LABEL_WIDTH - 6,
                ty=top + 14,
                label=label,
                bx=LABEL_WIDTH,
                by=top + 3,
                bw=bar,
                bh=ROW_HEIGHT - 6,
                vx=LABEL_WIDTH + bar + 4,
                value=value,
            )
        )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
