"""Small factories for workshop tests: committed rows with plausible values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.core.db import utcnow
from app.extensions import db
from app.workshops.models import Workshop, WorkshopSession, WorkshopStatus


def make_workshop(days_ahead: int = 10, sessions: int = 2, **fields) -> Workshop:
    """A published two-day workshop in Fuzhou, `days_ahead` days from now, with sessions."""
    start = (utcnow() + timedelta(days=days_ahead)).replace(
        hour=1, minute=0, second=0, microsecond=0
    )
    values = {
        "title_en": "Monitoring recruitment agencies",
        "title_zh": "职业中介机构监管",
        "description_en": "Two days on licensing and inspection.",
        "description_zh": "为期两天的许可与检查培训。",
        "organisers": "ILO, MOHRSS",
        "country": "CN",
        "province": "35",
        "city": "Fuzhou",
        "venue": "Fujian Hotel",
        "address": "1 Wusi Road",
        "timezone": "Asia/Shanghai",
        "starts_at": start,
        "ends_at": start + timedelta(days=1, hours=9),
        "capacity": 10,
        "status": WorkshopStatus.PUBLISHED,
        "asks_dietary": True,
        "asks_accessibility": True,
        "asks_interpretation": True,
    }
    values.update(fields)
    workshop = Workshop(**values)
    for number in range(sessions):
        begins = workshop.starts_at + timedelta(hours=2 * number)
        workshop.sessions.append(
            WorkshopSession(
                title_en=f"Session {number + 1}",
                title_zh=f"第{number + 1}单元",
                starts_at=begins,
                ends_at=begins + timedelta(hours=1, minutes=30),
                room="Room A",
                speakers="Maria Rossi",
            )
        )
    db.session.add(workshop)
    db.session.commit()
    return workshop


def at(year, month, day, hour=0, minute=0) -> datetime:
    """An aware UTC datetime, for short test data."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def make_brussels_workshop(starts_at: datetime, ends_at: datetime, sessions: int = 1) -> Workshop:
    """A published workshop in Brussels (Europe/Brussels), for tests of time zones and DST."""
    return make_workshop(
        sessions=sessions,
        country="BE",
        province="",
        city="Brussels",
        timezone="Europe/Brussels",
        starts_at=starts_at,
        ends_at=ends_at,
    )
