"""Knowledge gain and item analysis against hand-computed figures."""

from __future__ import annotations

import pytest

from app.quizzes.analysis import cohort_gain, distribution, item_analysis, normalised_gain


def test_normalised_gain():
    assert normalised_gain(40, 70) == pytest.approx(0.5)
    assert normalised_gain(80, 60) == pytest.approx(-1.0)
    assert normalised_gain(0, 100) == 1
    assert normalised_gain(100, 100) is None
    assert normalised_gain(100, 90) is None


def test_cohort_gain_from_means_and_ceiling_apart():
    result = cohort_gain({"li": (40, 70), "wang": (60, 80), "zhou": (100, 100)})
    assert result.mean_pre == pytest.approx(200 / 3)
    assert result.mean_post == pytest.approx(250 / 3)
    # (83.33 - 66.67) / (100 - 66.67) = 0.5
    assert result.cohort_gain == pytest.approx(0.5)
    assert [p.person for p in result.ceiling] == ["zhou"]
    gains = {p.person: p.gain for p in result.people}
    assert gains["li"] == pytest.approx(0.5) and gains["wang"] == pytest.approx(0.5)


def test_empty_cohort():
    result = cohort_gain({})
    assert result.mean_pre is None and result.cohort_gain is None and result.people == ()


def test_distribution_bands():
    assert distribution([-0.5, 0.0, 0.29, 0.3, 0.69, 0.7, 1.0, -2.0]) == [2, 2, 2, 2]
    assert distribution([]) == [0, 0, 0, 0]


def test_item_analysis_flags():
    rows = []
    for total in range(10):
        rows.append(
            (
                total * 10,
                {
                    "easy": 1.0,
                    "hard": 0.0,
                    "good": 1.0 if total >= 5 else 0.0,
                    "bad": 0.0 if total >= 5 else 1.0,
                },
            )
        )
    stats = {s.question: s for s in item_analysis(rows, ["easy", "hard", "good", "bad", "unused"])}
    assert stats["easy"].facility == 1.0 and stats["easy"].too_easy
    assert stats["hard"].facility == 0.0 and stats["hard"].too_hard
    assert stats["good"].discrimination == 1.0 and not stats["good"].negative
    assert stats["bad"].discrimination == -1.0 and stats["bad"].negative
    assert stats["unused"].answered == 0 and stats["unused"].facility is None
    assert all(s.small_sample for s in stats.values())


def test_no_small_sample_caution_from_thirty():
    rows = [(float(i), {"q": 1.0}) for i in range(30)]
    assert not item_analysis(rows, ["q"])[0].small_sample
