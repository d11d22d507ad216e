"""The SVG charts: well-formed, accessible, labelled in the page's language, values as given."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app.dashboard import charts
from app.dashboard.charts import Point

SVG = "{http://www.w3.org/2000/svg}"
POINTS = [Point("福建省", 12, "12"), Point("山东省", 3, "3"), Point("未填写", 0, "0")]


def parse(markup) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 -- our own markup


def texts(root) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def test_horizontal_bars_are_proportional_and_labelled():
    root = parse(charts.horizontal_bars("c1", "按省份", "条形图", POINTS))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "按省份"
    assert root.find(f"{SVG}desc").text == "条形图"
    assert texts(root) == ["福建省", "12", "山东省", "3", "未填写", "0"]
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 360 and widths[1] == 90 and widths[2] == 0


def test_labels_are_escaped_and_charts_carry_no_inline_style():
    markup = str(charts.horizontal_bars("c2", "<b>&", "d", [Point("A & <B>", 1, "1")]))
    root = parse(markup)
    assert root.find(f"{SVG}title").text == "<b>&"
    assert texts(root)[0] == "A & <B>"
    for chart in (
        markup,
        str(charts.column_bars("c3", "t", "d", POINTS)),
        str(charts.line_chart("c4", "t", "d", POINTS)),
    ):
        assert "style=" not in chart
        assert "<script" not in chart


def test_column_bars_hang_negative_values_below_the_zero_line():
    points = [Point("Workshop A", 0.5, "0.5"), Point("Workshop B", -0.25, "-0.25")]
    root = parse(charts.column_bars("c5", "Gain", "Columns", points))
    up, down = list(root.iter(f"{SVG}rect"))
    axis = root.find(f"{SVG}line")
    zero = float(axis.get("y1"))
    assert float(up.get("y")) + float(up.get("height")) == pytest.approx(zero, abs=0.1)
    assert float(down.get("y")) == pytest.approx(zero, abs=0.1)
    assert float(up.get("height")) == pytest.approx(2 * float(down.get("height")), abs=0.2)
    assert "chart-negative" in down.get("class")
    assert {"Workshop A", "Workshop B", "0.5", "-0.25"} <= set(texts(root))


def test_line_chart_passes_through_every_point_in_order():
    points = [Point("Jan 2026", 1, "1"), Point("Feb 2026", 4, "4"), Point("Mar 2026", 2, "2")]
    root = parse(charts.line_chart("c6", "Participants", "Line", points))
    line = root.find(f"{SVG}polyline")
    ys = [float(pair.split(",")[1]) for pair in line.get("points").split()]
    assert ys[1] < ys[2] < ys[0]  # higher values are drawn higher up
    dots = list(root.iter(f"{SVG}circle"))
    assert len(dots) == 3
    assert [t for t in texts(root) if "2026" in t] == ["Jan 2026", "Feb 2026", "Mar 2026"]


def test_crowded_axes_thin_out_their_labels_but_keep_every_bar():
    points = [Point(f"M{i}", i, str(i)) for i in range(120)]
    root = parse(charts.column_bars("c7", "t", "d", points))
    assert len(list(root.iter(f"{SVG}rect"))) == 120
    labels = [t for t in texts(root) if t.startswith("M")]
    assert 10 < len(labels) < 120


def test_an_empty_chart_is_still_well_formed():
    for draw in (charts.horizontal_bars, charts.column_bars, charts.line_chart):
        root = parse(draw("c8", "t", "d", []))
        assert root.get("role") == "img"


def test_text_width_counts_chinese_characters_as_wider():
    assert charts.text_width("福建省") > charts.text_width("abc")
