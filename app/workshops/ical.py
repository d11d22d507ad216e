"""Calendar files (RFC 5545) for workshops: one event per session, times in the workshop's own
zone with its VTIMEZONE, so calendar programs in Brussels and Beijing both show them right.

Pure: no Flask. Callers pass plain data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODID = "-//EU-China Migration Training//Workshops//EN"


@dataclass(frozen=True)
class CalendarEvent:
    """One session as a calendar event."""

    uid: str
    summary: str
    starts_at: datetime  # aware
    ends_at: datetime  # aware
    timezone: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False


def calendar_bytes(events: Iterable[CalendarEvent], name: str, stamp: datetime) -> bytes:
    """A VCALENDAR with the events and a VTIMEZONE for every zone they use."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    events = list(events)
    for item in events:
        zone = ZoneInfo(item.timezone)
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at.astimezone(zone))
        event.add("dtend", item.ends_at.astimezone(zone))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    if events:
        # Only the years the events span, to keep feeds small for phones on slow networks.
        first = min(e.starts_at for e in events).date().replace(month=1, day=1)
        last = max(e.ends_at for e in events).date().replace(month=12, day=31)
        calendar.add_missing_timezones(first_date=first, last_date=last + timedelta(days=1))
    return calendar.to_ical()
