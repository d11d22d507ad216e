"""The pure eligibility rules, at their boundaries."""

from __future__ import annotations

import pytest

from app.certificates import eligibility
from app.certificates.eligibility import ReasonCode


@pytest.mark.parametrize(
    ("attended", "counted", "threshold", "qualifies"),
    [
        (4, 5, 80, True),  # exactly the threshold
        (3, 5, 80, False),
        (5, 5, 100, True),
        (4, 5, 100, False),
        (0, 5, 0, True),
        (1, 1, 80, True),
        (0, 1, 80, False),
        (7, 9, 78, False),  # 77.8 %
        (8, 9, 88, True),  # 88.9 %
        (2, 3, 67, False),  # 66.7 % is below 67
        (2, 3, 66, True),
        (29, 30, 97, False),  # 96.67 %
        (97, 100, 97, True),
    ],
)
def test_attendance_threshold_boundaries(attended, counted, threshold, qualifies):
    verdict = eligibility.attendance(attended, counted, threshold, workshop_ended=True)
    assert verdict.qualifies is qualifies


def test_attendance_reason_says_how_many_were_attended_and_needed():
    verdict = eligibility.attendance(3, 5, 80, workshop_ended=True)
    [reason] = verdict.reasons
    assert reason.code is ReasonCode.ATTENDANCE_BELOW_THRESHOLD
    assert dict(reason.figures) == {"attended": 3, "counted": 5, "needed": 4, "threshold": 80}


@pytest.mark.parametrize(
    ("counted", "threshold", "needed"),
    [
        (5, 80, 4),
        (4, 80, 4),
        (3, 80, 3),
        (10, 80, 8),
        (9, 80, 8),
        (1, 1, 1),
        (6, 50, 3),
        (7, 50, 4),
        (5, 0, 0),
        (5, 100, 5),
    ],
)
def test_sessions_needed_rounds_up(counted, threshold, needed):
    assert eligibility.sessions_needed(counted, threshold) == needed
    # needing exactly that many qualifies, one fewer does not
    assert eligibility.attendance(needed, counted, threshold, True).qualifies
    if needed:
        assert not eligibility.attendance(needed - 1, counted, threshold, True).qualifies


def test_no_session_counted_never_qualifies():
    verdict = eligibility.attendance(0, 0, 0, workshop_ended=True)
    assert verdict.codes() == [ReasonCode.NO_SESSIONS_COUNTED]


def test_a_workshop_that_has_not_ended_does_not_qualify_yet():
    verdict = eligibility.attendance(5, 5, 80, workshop_ended=False)
    assert verdict.codes() == [ReasonCode.WORKSHOP_NOT_ENDED]
    both = eligibility.attendance(1, 5, 80, workshop_ended=False)
    assert both.codes() == [ReasonCode.WORKSHOP_NOT_ENDED, ReasonCode.ATTENDANCE_BELOW_THRESHOLD]


def test_a_cancelled_workshop_gives_no_certificates():
    verdict = eligibility.attendance(5, 5, 80, workshop_ended=True, workshop_cancelled=True)
    assert verdict.codes() == [ReasonCode.WORKSHOP_CANCELLED]


@pytest.mark.parametrize(
    ("attended", "counted", "threshold"), [(-1, 5, 80), (6, 5, 80), (1, 5, 101), (1, 5, -1)]
)
def test_impossible_figures_are_refused(attended, counted, threshold):
    with pytest.raises(ValueError):
        eligibility.attendance(attended, counted, threshold, True)


@pytest.mark.parametrize(
    ("done", "total", "quiz", "codes"),
    [
        (5, 5, None, []),  # no final quiz: lessons alone
        (5, 5, True, []),
        (5, 5, False, [ReasonCode.FINAL_QUIZ_NOT_PASSED]),
        (4, 5, None, [ReasonCode.LESSONS_INCOMPLETE]),
        (4, 5, True, [ReasonCode.LESSONS_INCOMPLETE]),
        (0, 5, False, [ReasonCode.LESSONS_INCOMPLETE, ReasonCode.FINAL_QUIZ_NOT_PASSED]),
        (0, 0, None, [ReasonCode.MODULE_HAS_NO_LESSONS]),
        (1, 1, None, []),
    ],
)
def test_completion(done, total, quiz, codes):
    assert eligibility.completion(done, total, quiz).codes() == codes


def test_completion_reason_counts_lessons():
    [reason] = eligibility.completion(3, 7, None).reasons
    assert reason.figure("done") == 3 and reason.figure("total") == 7


def test_completion_refuses_more_done_than_exist():
    with pytest.raises(ValueError):
        eligibility.completion(6, 5, None)


@pytest.mark.parametrize(
    ("completed", "account", "accompanying", "codes"),
    [
        (True, True, False, []),
        (False, True, False, [ReasonCode.EXCHANGE_NOT_COMPLETED]),
        (True, True, True, [ReasonCode.ACCOMPANYING_PERSON]),
        (True, False, False, [ReasonCode.NO_ACCOUNT]),
        (
            False,
            False,
            True,
            [
                ReasonCode.EXCHANGE_NOT_COMPLETED,
                ReasonCode.ACCOMPANYING_PERSON,
                ReasonCode.NO_ACCOUNT,
            ],
        ),
    ],
)
def test_participation(completed, account, accompanying, codes):
    assert eligibility.participation(completed, account, accompanying).codes() == codes
