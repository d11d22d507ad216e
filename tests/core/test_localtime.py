"""Local times to UTC, with the EU's clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from app.core.localtime import LocalTimeProblem, local_parts, to_utc


def test_beijing_has_one_offset_all_year():
    assert to_utc(date(2027, 1, 15), time(9), "Asia/Shanghai") == datetime(
        2027, 1, 15, 1, tzinfo=UTC
    )
    assert to_utc(date(2027, 7, 15), time(9), "Asia/Shanghai") == datetime(
        2027, 7, 15, 1, tzinfo=UTC
    )


def test_brussels_winter_and_summer():
    assert to_utc(date(2027, 1, 15), time(9), "Europe/Brussels") == datetime(
        2027, 1, 15, 8, tzinfo=UTC
    )
    assert to_utc(date(2027, 7, 15), time(9), "Europe/Brussels") == datetime(
        2027, 7, 15, 7, tzinfo=UTC
    )


def test_spring_gap_is_refused():
    with pytest.raises(LocalTimeProblem) as problem:
        to_utc(date(2027, 3, 28), time(2, 30), "Europe/Brussels")
    assert problem.value.kind == "nonexistent"


def test_autumn_repeat_is_refused():
    with pytest.raises(LocalTimeProblem) as problem:
        to_utc(date(2027, 10, 31), time(2, 30), "Europe/Brussels")
    assert problem.value.kind == "ambiguous"


def test_times_around_the_change_are_fine():
    assert to_utc(date(2027, 3, 28), time(1, 59), "Europe/Brussels") == datetime(
        2027, 3, 28, 0, 59, tzinfo=UTC
    )
    assert to_utc(date(2027, 3, 28), time(3, 0), "Europe/Brussels") == datetime(
        2027, 3, 28, 1, 0, tzinfo=UTC
    )


def test_local_parts_round_trip():
    moment = to_utc(date(2027, 5, 11), time(14, 30), "Europe/Warsaw")
    assert local_parts(moment, "Europe/Warsaw") == (date(2027, 5, 11), time(14, 30))
