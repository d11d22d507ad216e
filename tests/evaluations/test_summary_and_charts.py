"""The pure parts: rating summaries and the server-drawn bar chart."""

from __future__ import annotations

import pytest

from app.evaluations.charts import bar_chart
from app.evaluations.summary import summarise_ratings


def test_summary_counts_mean_and_distribution():
    summary = summarise_ratings([5, 4, 4, 2, 5, 5])
    assert summary.count == 6
    assert summary.mean == pytest.approx(25 / 6)
    assert summary.distribution == (0, 1, 0, 2, 3)


def test_summary_of_nothing_has_no_mean():
    summary = summarise_ratings([])
    assert (summary.count, summary.mean, summary.distribution) == (0, None, (0, 0, 0, 0, 0))


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5])
def test_summary_refuses_out_of_range_ratings(bad):
    with pytest.raises(ValueError):
        summarise_ratings([3, bad])


def test_bar_chart_scales_bars_to_the_largest_value_and_escapes_labels():
    svg = str(bar_chart(["<1>", "2"], [1, 4], 'Votes "per" rating'))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'width="50"' in svg and 'width="200"' in svg  # 1/4 and 4/4 of 200
    assert "&lt;1&gt;" in svg and "<1>" not in svg
    assert 'aria-label="Votes &#34;per&#34; rating"' in svg
    assert "style=" not in svg  # the CSP forbids inline styles


def test_bar_chart_of_zeros_draws_empty_bars():
    svg = str(bar_chart(["a", "b"], [0, 0], "t"))
    assert svg.count('width="0"') == 2


def test_bar_chart_needs_a_value_per_label():
    with pytest.raises(ValueError):
        bar_chart(["a"], [1, 2], "t")
