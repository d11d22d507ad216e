"""Attendance rates: sessions attended over sessions held that count, excused ones left out.

Pure: no Flask. Thresholds are compared in integers (attended * 100 >= threshold * counted), so
that 4 of 5 sessions meets 80 % exactly, which floating point can get wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.core.labels import N_, LabelledEnum


class Mark(LabelledEnum):
    """What a trainer recorded for one participant at one session."""

    PRESENT = "present", N_("Present")
    LATE = "late", N_("Late")
    EXCUSED = "excused", N_("Excused")
    ABSENT = "absent", N_("Absent")


ATTENDED = frozenset({Mark.PRESENT, Mark.LATE})


@dataclass(frozen=True)
class AttendanceRate:
    """Sessions attended out of the sessions that count for this person."""

    attended: int
    counted: int

    @property
    def percent(self) -> int | None:
        """The rate as a whole percentage, rounded down (None when nothing counted yet)."""
        if self.counted == 0:
            return None
        return self.attended * 100 // self.counted

    def meets(self, threshold_percent: int) -> bool:
        """Whether the rate reaches the threshold; never true when no session counted."""
        if self.counted == 0:
            return False
        return self.attended * 100 >= threshold_percent * self.counted


def attendance_rate(marks: Iterable[Mark | str | None]) -> AttendanceRate:
    """The rate from one mark per held, counting session (None: nobody marked it, so absent)."""
    attended = counted = 0
    for raw in marks:
        mark = Mark(raw) if raw is not None else Mark.ABSENT
        if mark is Mark.EXCUSED:
            continue
        counted += 1
        if mark in ATTENDED:
            attended += 1
    return AttendanceRate(attended, counted)


class RowNumberError(ValueError):
    """A typed list of sheet row numbers could not be read; `text` is the offending part."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def parse_row_numbers(typed: str, rows: int) -> set[int]:
    """Row numbers typed from a paper sign-in sheet: "1, 3-5 8" -> {1, 3, 4, 5, 8}.

    Commas, spaces, Chinese commas and semicolons separate; a range is low-high. A number outside
    1..rows or anything else unreadable raises RowNumberError naming it.
    """
    numbers: set[int] = set()
    for part in (
        typed.replace("，", ",")
        .replace("、", ",")
        .replace(";", ",")
        .replace("；", ",")
        .replace(",", " ")
        .split()
    ):
        low, dash, high = part.replace("–", "-").partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise RowNumberError(part)
        first, last = int(low), int(high) if dash else int(low)
        if first > last or first < 1 or last > rows:
            raise RowNumberError(part)
        numbers.update(range(first, last + 1))
    return numbers
