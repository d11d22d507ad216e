"""Workshop scheduling rules: local times in a workshop's own zone, sessions inside the workshop,
no overlaps, and the EU–China time difference that daylight saving time shifts twice a year.

Pure: no Flask. Errors are codes; the service turns them into messages in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo


class Problem(StrEnum):
    """Why a proposed time is refused."""

    END_NOT_AFTER_START = "end_not_after_start"
    OUTSIDE_WORKSHOP = "outside_workshop"
    OVERLAPS = "overlaps"
    NONEXISTENT_LOCAL_TIME = "nonexistent_local_time"


class SchedulingError(ValueError):
    """A proposed time breaks a scheduling rule; `problem` says which, `other` names a clash."""

    def __init__(self, problem: Problem, other: object = None):
        super().__init__(problem.value)
        self.problem = problem
        self.other = other


def to_utc(local: datetime, zone: str) -> datetime:
    """A wall-clock time in `zone` as aware UTC.

    A time skipped by a daylight-saving change (e.g. 02:30 on the EU's spring-forward night) does
    not exist and is refused rather than silently moved; a repeated time (autumn) is its first
    occurrence.
    """
    if local.tzinfo is not None:
        raise ValueError("to_utc expects a wall-clock (naive) time")
    tz = ZoneInfo(zone)
    aware = local.replace(tzinfo=tz, fold=0)
    round_trip = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    if round_trip != local:
        raise SchedulingError(Problem.NONEXISTENT_LOCAL_TIME)
    return aware.astimezone(UTC)


def to_local(moment: datetime, zone: str) -> datetime:
    """An aware moment as a wall-clock (naive) time in `zone`, e.g. to fill a form."""
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


@dataclass(frozen=True)
class Slot:
    """A span of time, [start, end), with an optional key naming what occupies it."""

    start: datetime
    end: datetime
    key: object = None


def check_span(start: datetime, end: datetime) -> None:
    """Refuse a span that ends at or before it starts."""
    if end <= start:
        raise SchedulingError(Problem.END_NOT_AFTER_START)


def check_session(proposed: Slot, workshop: Slot, others: Iterable[Slot]) -> None:
    """Refuse a session that ends before it starts, leaves the workshop's span or overlaps another.

    Sessions may touch (one ends at 10:30, the next starts at 10:30); `others` may include the
    session being edited under the same key, which is ignored.
    """
    check_span(proposed.start, proposed.end)
    if proposed.start < workshop.start or proposed.end > workshop.end:
        raise SchedulingError(Problem.OUTSIDE_WORKSHOP)
    for other in sorted(others, key=lambda s: s.start):
        if proposed.key is not None and other.key == proposed.key:
            continue
        if proposed.start < other.end and other.start < proposed.end:
            raise SchedulingError(Problem.OVERLAPS, other.key)


def sessions_outside(workshop: Slot, sessions: Iterable[Slot]) -> list[Slot]:
    """The sessions that a new workshop span would leave outside it."""
    return [s for s in sessions if s.start < workshop.start or s.end > workshop.end]


def shift_local_days(moment: datetime, zone: str, days: int) -> datetime:
    """The same wall-clock time `days` later in `zone` (for cloning a workshop to new dates).

    Keeps 09:00 at 09:00 across a daylight-saving change, which adding 24-hour days would not.
    """
    local = to_local(moment, zone) + timedelta(days=days)
    return to_utc(local, zone)


def local_date(moment: datetime, zone: str) -> date:
    """The calendar date of a moment in `zone`."""
    return moment.astimezone(ZoneInfo(zone)).date()


@dataclass(frozen=True)
class ZoneDifference:
    """How far ahead `other` is of `zone` at a moment, and what it is when neither observes DST."""

    minutes: int
    standard_minutes: int

    @property
    def is_unusual(self) -> bool:
        """Whether daylight saving time changes the difference at that moment."""
        return self.minutes != self.standard_minutes


def _offset_minutes(moment: datetime, zone: str) -> tuple[int, int]:
    local = moment.astimezone(ZoneInfo(zone))
    offset = local.utcoffset() or timedelta(0)
    dst = local.dst() or timedelta(0)
    return int(offset.total_seconds() // 60), int((offset - dst).total_seconds() // 60)


def zone_difference(moment: datetime, zone: str, other: str) -> ZoneDifference:
    """The difference between two zones at `moment`, and their difference in standard time."""
    offset_a, standard_a = _offset_minutes(moment, zone)
    offset_b, standard_b = _offset_minutes(moment, other)
    return ZoneDifference(offset_b - offset_a, standard_b - standard_a)


def differences_during(moments: Iterable[datetime], zone: str, other: str) -> list[ZoneDifference]:
    """The distinct zone differences over a set of moments, in order of first appearance.

    More than one means the difference changes during the workshop (a daylight-saving weekend).
    """
    seen: list[ZoneDifference] = []
    for moment in moments:
        difference = zone_difference(moment, zone, other)
        if difference not in seen:
            seen.append(difference)
    return seen


def month_grid(year: int, month: int) -> list[list[date | None]]:
    """The weeks of a month, Monday first, with None outside the month (for a calendar view)."""
    first = date(year, month, 1)
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    days = (next_month - first).days
    cells: list[date | None] = [None] * first.weekday()
    cells += [first + timedelta(days=i) for i in range(days)]
    cells += [None] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


def month_bounds(year: int, month: int, zone: str = "UTC") -> tuple[datetime, datetime]:
    """The first and the following month's first midnight in `zone`, as UTC."""
    start = to_utc(datetime(year, month, 1), zone)
    end = to_utc(datetime(year + (month == 12), month % 12 + 1, 1), zone)
    return start, end
