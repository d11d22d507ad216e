"""Pure attendance-rate rules: present and late attend, excused leave both sides, integers."""

from __future__ import annotations

import pytest

from app.workshops.attendance import AttendanceRate, Mark, attendance_rate


def test_present_and_late_count_as_attended():
    rate = attendance_rate([Mark.PRESENT, Mark.LATE, Mark.ABSENT])
    assert (rate.attended, rate.counted) == (2, 3)
    assert rate.percent == 66  # rounded down, never up to a pass


def test_excused_sessions_leave_both_sides():
    rate = attendance_rate([Mark.PRESENT, Mark.EXCUSED, Mark.EXCUSED, Mark.PRESENT])
    assert (rate.attended, rate.counted) == (2, 2)
    assert rate.percent == 100


def test_unmarked_held_session_counts_as_absent():
    rate = attendance_rate(["present", None])
    assert (rate.attended, rate.counted) == (1, 2)


def test_nothing_counted_has_no_percent_and_never_meets():
    rate = attendance_rate([Mark.EXCUSED])
    assert rate.counted == 0 and rate.percent is None
    assert not rate.meets(0)
    assert attendance_rate([]).percent is None


@pytest.mark.parametrize(
    "attended,counted,threshold,meets",
    [
        (4, 5, 80, True),  # exactly the threshold
        (3, 4, 80, False),  # 75 %
        (8, 10, 80, True),
        (79, 100, 80, False),
        (7, 10, 70, True),  # 0.7 * 10 is 6.999... in floating point; integers get it right
        (29, 100, 29, True),  # 0.29 * 100 = 28.999...
        (57, 100, 57, True),  # 0.57 * 100 = 56.999...
        (0, 3, 0, True),
        (3, 3, 100, True),
        (2, 3, 100, False),
        (1, 3, 34, False),  # 33.3 %
        (1, 3, 33, True),
    ],
)
def test_threshold_compared_in_integers(attended, counted, threshold, meets):
    assert AttendanceRate(attended, counted).meets(threshold) is meets


def test_unknown_mark_is_refused():
    with pytest.raises(ValueError):
        attendance_rate(["sleeping"])
