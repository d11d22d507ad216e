"""Per-objective gains and gain bands (pure), with hand-computed figures."""

from __future__ import annotations

import pytest

from app.evaluations.gain import GAIN_BAND_LABELS, gain_histogram, objective_gains


def test_objective_gains_from_mean_objective_scores():
    pre = {
        "a": {"fees": [1, 0], "licensing": [1, 0]},
        "b": {"fees": [0, 0], "licensing": [1, 1]},
        "only-pre": {"fees": [0, 0]},
    }
    post = {
        "a": {"fees": [1, 1], "licensing": [1, 1]},
        "b": {"fees": [1, 0], "licensing": [1, 1]},
        "only-post": {"fees": [1, 1]},
    }
    fees, licensing = objective_gains(pre, post, order=["fees", "licensing"])
    # fees: pre 50 and 0 (mean 25), post 100 and 50 (mean 75): g = 50 / 75
    assert (fees.objective, fees.people) == ("fees", 2)
    assert fees.mean_pre == pytest.approx(25) and fees.mean_post == pytest.approx(75)
    assert fees.gain == pytest.approx(2 / 3)
    # licensing: pre 50 and 100 (mean 75), post 100 and 100: g = 25 / 25
    assert licensing.mean_pre == pytest.approx(75) and licensing.gain == pytest.approx(1)


def test_objectives_follow_the_modules_order_then_the_alphabet():
    pre = {"p": {"zeta": [1], "alpha": [0], "fees": [0]}}
    post = {"p": {"zeta": [1], "alpha": [1], "fees": [1]}}
    names = [o.objective for o in objective_gains(pre, post, order=["fees", "absent"])]
    assert names == ["fees", "alpha", "zeta"]


def test_objective_met_in_one_test_only_has_no_figures():
    result = objective_gains({"p": {"fees": [1]}}, {"p": {"licensing": [1]}}, order=[])
    assert [(o.objective, o.people, o.gain) for o in result] == [
        ("fees", 0, None),
        ("licensing", 0, None),
    ]


def test_gain_histogram_bands():
    assert len(GAIN_BAND_LABELS) == 4
    assert gain_histogram([-0.5, 0.0, 0.25, 0.3, 0.69, 0.7, 1.0]) == [1, 2, 2, 2]
    assert gain_histogram([]) == [0, 0, 0, 0]
