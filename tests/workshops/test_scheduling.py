"""Pure scheduling rules at their boundaries, including the EU's daylight-saving weekends."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from app.workshops.scheduling import (
    Problem,
    SchedulingError,
    Slot,
    check_session,
    check_span,
    differences_during,
    local_date,
    month_bounds,
    month_grid,
    sessions_outside,
    shift_local_days,
    to_local,
    to_utc,
    zone_difference,
)
from tests.workshops.factories import at

WORKSHOP = Slot(at(2027, 3, 1, 1), at(2027, 3, 2, 10))


def problem_of(call) -> Problem:
    with pytest.raises(SchedulingError) as caught:
        call()
    return caught.value.problem


# --- Local times ---------------------------------------------------------------------------------


def test_beijing_wall_clock_to_utc():
    assert to_utc(datetime(2027, 3, 1, 9, 0), "Asia/Shanghai") == at(2027, 3, 1, 1)


def test_brussels_winter_and_summer_offsets():
    assert to_utc(datetime(2027, 1, 15, 9), "Europe/Brussels") == at(2027, 1, 15, 8)
    assert to_utc(datetime(2027, 7, 15, 9), "Europe/Brussels") == at(2027, 7, 15, 7)


def test_time_skipped_by_spring_forward_is_refused():
    # 28 March 2027: Brussels clocks jump from 02:00 to 03:00.
    assert (
        problem_of(lambda: to_utc(datetime(2027, 3, 28, 2, 30), "Europe/Brussels"))
        is Problem.NONEXISTENT_LOCAL_TIME
    )
    assert to_utc(datetime(2027, 3, 28, 3, 0), "Europe/Brussels") == at(2027, 3, 28, 1)
    assert to_utc(datetime(2027, 3, 28, 1, 59), "Europe/Brussels") == at(2027, 3, 28, 0, 59)


def test_repeated_autumn_time_is_its_first_occurrence():
    # 31 October 2027: 02:30 happens twice in Brussels; the first is still summer time.
    assert to_utc(datetime(2027, 10, 31, 2, 30), "Europe/Brussels") == at(2027, 10, 31, 0, 30)


def test_aware_input_is_refused():
    with pytest.raises(ValueError):
        to_utc(at(2027, 1, 1), "Asia/Shanghai")


def test_to_local_round_trips():
    moment = at(2027, 6, 1, 7, 15)
    assert to_utc(to_local(moment, "Europe/Warsaw"), "Europe/Warsaw") == moment


def test_local_date_crosses_midnight():
    assert local_date(at(2027, 3, 1, 20), "Asia/Shanghai") == date(2027, 3, 2)
    assert local_date(at(2027, 3, 1, 20), "Europe/Brussels") == date(2027, 3, 1)


# --- Spans and sessions --------------------------------------------------------------------------


def test_span_must_end_after_start():
    assert problem_of(lambda: check_span(at(2027, 3, 1, 2), at(2027, 3, 1, 2))) is (
        Problem.END_NOT_AFTER_START
    )
    check_span(at(2027, 3, 1, 2), at(2027, 3, 1, 2, 1))


def test_session_exactly_filling_the_workshop_is_accepted():
    check_session(Slot(WORKSHOP.start, WORKSHOP.end), WORKSHOP, [])


@pytest.mark.parametrize(
    "start,end",
    [
        (at(2027, 3, 1, 0, 59), at(2027, 3, 1, 2)),  # a minute early
        (at(2027, 3, 2, 9), at(2027, 3, 2, 10, 1)),  # a minute late
        (at(2027, 2, 28, 1), at(2027, 2, 28, 2)),  # the day before
    ],
)
def test_session_outside_the_workshop_is_refused(start, end):
    assert problem_of(lambda: check_session(Slot(start, end), WORKSHOP, [])) is (
        Problem.OUTSIDE_WORKSHOP
    )


def test_reversed_session_is_refused_before_anything_else():
    assert (
        problem_of(lambda: check_session(Slot(at(2027, 3, 1, 3), at(2027, 3, 1, 2)), WORKSHOP, []))
        is Problem.END_NOT_AFTER_START
    )


def test_touching_sessions_are_accepted():
    morning = Slot(at(2027, 3, 1, 1), at(2027, 3, 1, 2, 30), "morning")
    check_session(Slot(at(2027, 3, 1, 2, 30), at(2027, 3, 1, 4)), WORKSHOP, [morning])
    check_session(
        Slot(at(2027, 3, 1, 1), at(2027, 3, 1, 2, 30)),
        WORKSHOP,
        [Slot(at(2027, 3, 1, 2, 30), at(2027, 3, 1, 4), "next")],
    )


@pytest.mark.parametrize(
    "start,end",
    [
        (at(2027, 3, 1, 2, 29), at(2027, 3, 1, 3)),  # one minute into the end
        (at(2027, 3, 1, 1), at(2027, 3, 1, 1, 1)),  # its first minute
        (at(2027, 3, 1, 1, 30), at(2027, 3, 1, 2)),  # inside
        (at(2027, 3, 1, 1), at(2027, 3, 1, 5)),  # around
    ],
)
def test_overlapping_session_is_refused_and_names_the_other(start, end):
    morning = Slot(at(2027, 3, 1, 1), at(2027, 3, 1, 2, 30), "morning")
    with pytest.raises(SchedulingError) as caught:
        check_session(Slot(start, end), WORKSHOP, [morning])
    assert caught.value.problem is Problem.OVERLAPS
    assert caught.value.other == "morning"


def test_an_edited_session_does_not_clash_with_itself():
    morning = Slot(at(2027, 3, 1, 1), at(2027, 3, 1, 2, 30), "morning")
    check_session(
        Slot(at(2027, 3, 1, 1, 15), at(2027, 3, 1, 2, 45), "morning"), WORKSHOP, [morning]
    )


def test_sessions_outside_a_new_span():
    inside = Slot(at(2027, 3, 1, 2), at(2027, 3, 1, 3), "in")
    late = Slot(at(2027, 3, 2, 9), at(2027, 3, 2, 10), "late")
    shorter = Slot(WORKSHOP.start, at(2027, 3, 2, 9, 30))
    assert [s.key for s in sessions_outside(shorter, [inside, late])] == ["late"]
    assert sessions_outside(WORKSHOP, [inside, late]) == []


# --- Cloning to new dates keeps wall-clock times ------------------------------------------------


def test_shift_keeps_nine_o_clock_across_spring_forward():
    nine_before = to_utc(datetime(2027, 3, 22, 9), "Europe/Brussels")
    moved = shift_local_days(nine_before, "Europe/Brussels", 7)
    assert to_local(moved, "Europe/Brussels") == datetime(2027, 3, 29, 9)
    assert (moved - nine_before).total_seconds() == 7 * 86400 - 3600


def test_shift_in_china_is_whole_days():
    start = at(2027, 3, 1, 1)
    assert shift_local_days(start, "Asia/Shanghai", 30) == at(2027, 3, 31, 1)


def test_shift_onto_a_skipped_time_is_refused():
    half_past_two = to_utc(datetime(2027, 3, 21, 2, 30), "Europe/Brussels")
    assert problem_of(lambda: shift_local_days(half_past_two, "Europe/Brussels", 7)) is (
        Problem.NONEXISTENT_LOCAL_TIME
    )


# --- The EU–China time difference ----------------------------------------------------------------


def test_brussels_to_beijing_is_seven_hours_in_winter():
    difference = zone_difference(at(2027, 1, 10, 8), "Europe/Brussels", "Asia/Shanghai")
    assert difference.minutes == 7 * 60 and not difference.is_unusual


def test_brussels_to_beijing_is_six_hours_in_summer_and_flagged():
    difference = zone_difference(at(2027, 7, 10, 8), "Europe/Brussels", "Asia/Shanghai")
    assert difference.minutes == 6 * 60
    assert difference.standard_minutes == 7 * 60
    assert difference.is_unusual


def test_difference_seen_from_china_is_negative():
    difference = zone_difference(at(2027, 7, 10, 8), "Asia/Shanghai", "Europe/Brussels")
    assert difference.minutes == -6 * 60 and difference.is_unusual


@pytest.mark.parametrize(
    "moment,hours",
    [
        (at(2027, 3, 28, 0, 59), 7),  # a minute before the EU change (01:00 UTC)
        (at(2027, 3, 28, 1, 0), 6),  # the change
        (at(2027, 10, 31, 0, 59), 6),  # a minute before the autumn change
        (at(2027, 10, 31, 1, 0), 7),  # the autumn change
    ],
)
def test_difference_changes_exactly_at_the_eu_switch(moment, hours):
    assert zone_difference(moment, "Europe/Brussels", "Asia/Shanghai").minutes == hours * 60


def test_a_workshop_across_the_switch_weekend_sees_two_differences():
    moments = [at(2027, 3, 26, 8), at(2027, 3, 27, 8), at(2027, 3, 29, 8)]
    found = differences_during(moments, "Asia/Shanghai", "Europe/Brussels")
    assert [d.minutes for d in found] == [-7 * 60, -6 * 60]


def test_same_zone_has_no_difference():
    assert differences_during([at(2027, 7, 1)], "Asia/Shanghai", "Asia/Shanghai")[0].minutes == 0


def test_zones_with_half_hours():
    difference = zone_difference(at(2027, 1, 1), "Asia/Shanghai", "Asia/Kolkata")
    assert difference.minutes == -150


# --- Calendar ------------------------------------------------------------------------------------


def test_month_grid_starts_on_monday_and_pads():
    weeks = month_grid(2026, 12)  # 1 December 2026 is a Tuesday
    assert weeks[0][0] is None and weeks[0][1] == date(2026, 12, 1)
    assert all(len(week) == 7 for week in weeks)
    days = [d for week in weeks for d in week if d]
    assert len(days) == 31 and days[-1] == date(2026, 12, 31)


def test_february_of_a_leap_year_and_a_month_starting_monday():
    assert len([d for w in month_grid(2028, 2) for d in w if d]) == 29
    assert month_grid(2027, 2)[0][0] == date(2027, 2, 1)  # a Monday
    assert len(month_grid(2027, 2)) == 4


def test_month_bounds_in_a_zone():
    start, end = month_bounds(2026, 12, "Asia/Shanghai")
    assert start == at(2026, 11, 30, 16) and end == at(2026, 12, 31, 16)
