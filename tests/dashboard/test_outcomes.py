"""Quiz pass rates, knowledge gain, evaluation scores and certificates against the hand-counted
programme of tests/dashboard/programme.py."""

from __future__ import annotations

import pytest

from app.dashboard import outcomes
from app.dashboard.indicators import CountRow
from app.dashboard.outcomes import PassRate

from .programme import build_programme
from .test_indicators import ALL, FUJIAN, POLAND


def test_pass_rates_count_each_persons_result_by_the_grading_method():
    build_programme()
    # final (highest, 70): P1 60 then 80 passes; P2 65 fails; P5 75 passes; P3's only attempt is
    # after the period and P4's is in progress. practice (last, 50): P1 80 then 40 fails, P6 30
    # then 55 passes. Pre- and post-tests have no pass mark.
    assert outcomes.quiz_pass_rates(ALL) == (
        PassRate("final", results=3, passed=2),
        PassRate("practice", results=2, passed=1),
    )
    assert outcomes.quiz_pass_rates(ALL)[0].percent == 66
    assert outcomes.quiz_pass_rates(FUJIAN) == (
        PassRate("final", 2, 1),
        PassRate("practice", 1, 0),
    )
    assert outcomes.quiz_pass_rates(POLAND) == (PassRate("final", 1, 1),)


def test_knowledge_gain_pairs_each_participants_first_counting_tests():
    build_programme()
    gain = outcomes.knowledge_gain(ALL)
    # W1: P1 40 -> 70 (the second post-test does not count), P3 60 -> 75 (their first pre-test
    # was W2's); P2's pre-test came after the start and P7 has no post-test. W2: P5 50 -> 100,
    # P6 100 -> 90.
    w1, w2 = gain.by_workshop
    assert (w1.title_en, w1.people, w1.mean_pre, w1.mean_post) == ("Workshop W1", 2, 50.0, 72.5)
    assert w1.gain == pytest.approx(0.45)
    assert (w2.people, w2.mean_pre, w2.mean_post) == (2, 75.0, 95.0)
    assert w2.gain == pytest.approx(0.8)
    assert (gain.people, gain.mean_pre, gain.mean_post) == (4, 62.5, 83.75)
    assert gain.gain == pytest.approx(21.25 / 37.5)
    fujian = outcomes.knowledge_gain(FUJIAN)
    assert [w.title_en for w in fujian.by_workshop] == ["Workshop W1"]
    assert fujian.gain == pytest.approx(0.45)
    assert outcomes.knowledge_gain(POLAND).gain is None


def test_evaluation_scores_average_ratings_by_question():
    build_programme()
    scores = outcomes.evaluation_scores(ALL)
    assert scores.surveys == 2
    assert [(q.text_en, q.answers, q.mean) for q in scores.by_question] == [
        ("The workshop was relevant to my work.", 3, 4.0),
        ("The workshop was well organised.", 1, 2.0),
    ]
    assert scores.by_question[0].text_zh == "本次培训与我的工作密切相关。"
    assert (scores.answers, scores.mean) == (4, 3.5)
    fujian = outcomes.evaluation_scores(FUJIAN)
    assert (fujian.surveys, fujian.answers) == (1, 3)
    assert fujian.mean == pytest.approx(11 / 3)
    assert outcomes.evaluation_scores(POLAND).mean is None


def test_certificates_count_first_issues_in_the_period_by_kind():
    build_programme()
    assert outcomes.certificates_issued(ALL) == (
        CountRow("attendance", 2),
        CountRow("completion", 1),
    )
    assert outcomes.certificates_issued(FUJIAN) == (CountRow("attendance", 2),)
    assert outcomes.certificates_issued(POLAND) == (CountRow("completion", 1),)


def test_knowledge_gain_matches_the_evaluations_report_workshop_by_workshop():
    from app.evaluations.reports import knowledge_gain as report_gain

    programme = build_programme()
    ours = {w.workshop_id: w for w in outcomes.knowledge_gain(ALL).by_workshop}
    for name in ("W1", "W2"):
        workshop = programme.workshops[name]
        cohort = report_gain(workshop).cohort
        assert ours[workshop.id].people == len(cohort.people)
        assert ours[workshop.id].mean_pre == pytest.approx(cohort.mean_pre)
        assert ours[workshop.id].mean_post == pytest.approx(cohort.mean_post)
        assert ours[workshop.id].gain == pytest.approx(cohort.cohort_gain)
