"""Turning a local date and clock time in a given IANA zone into UTC, refusing impossible times.

Pure: no Flask. Clocks in the EU jump forward in spring (02:00-03:00 does not exist) and back in
autumn (02:00-03:00 happens twice); China keeps one offset all year. A time that does not exist, or
exists twice, is refused rather than silently shifted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


class LocalTimeProblem(ValueError):
    """The local time does not exist, or is ambiguous, in that time zone."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind  # "nonexistent" or "ambiguous"


def to_utc(day: date, clock: time, zone: str) -> datetime:
    """The UTC instant of `day clock` in time zone `zone`."""
    tz = ZoneInfo(zone)
    first = datetime.combine(day, clock, tzinfo=tz)
    second = first.replace(fold=1)
    if first.utcoffset() != second.utcoffset():
        # Either the wall time happens twice (autumn) or never (spring): find out which.
        back = first.astimezone(UTC).astimezone(tz)
        if back.replace(tzinfo=None) != first.replace(tzinfo=None):
            raise LocalTimeProblem("nonexistent")
        raise LocalTimeProblem("ambiguous")
    return first.astimezone(UTC)


def local_parts(moment: datetime, zone: str) -> tuple[date, time]:
    """The local date and clock time of an instant in `zone` (for filling forms)."""
    local = moment.astimezone(ZoneInfo(zone))
    return local.date(), local.time().replace(tzinfo=None)
