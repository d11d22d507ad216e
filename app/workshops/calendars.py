"""Calendar files and private feeds: the data behind "Add to calendar" (ical.py writes the file)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core import places
from app.core.audit import record
from app.core.db import utcnow
from app.core.i18n import localized
from app.extensions import db

from .ical import CalendarEvent, calendar_bytes
from .listing import workshops_taught_by
from .models import CalendarFeed, Registration, RegistrationStatus, Workshop, WorkshopStatus

# --- Calendars -----------------------------------------------------------------------------------


def _events(workshop: Workshop, language: str, url: str) -> list:
    place = ", ".join(
        part
        for part in (
            workshop.venue,
            workshop.address,
            workshop.city,
            places.province_name(workshop.province, language),
            places.country_name(workshop.country, language),
        )
        if part
    )
    title = str(localized(workshop, "title", language))
    return [
        CalendarEvent(
            uid=f"workshop-{workshop.id}-session-{session.id}@eu-china-migration-training",
            summary=f"{localized(session, 'title', language)} · {title}",
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            timezone=workshop.timezone,
            location=" · ".join(p for p in (session.room, place) if p),
            description=f"{title}\n{url}",
            url=url,
            cancelled=workshop.status == WorkshopStatus.CANCELLED,
        )
        for session in workshop.sessions
    ]


def workshop_calendar(workshop: Workshop, language: str, url: str) -> bytes:
    """An .ics file with every session of one workshop."""
    return calendar_bytes(
        _events(workshop, language, url), str(localized(workshop, "title", language)), utcnow()
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed_token(user: User) -> str:
    """Make (or replace) the user's private feed URL; returns the secret, shown only now."""
    token = secrets.token_urlsafe(32)
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None:
        feed = CalendarFeed(user_id=user.id)
        db.session.add(feed)
    feed.token_hash, feed.created_at, feed.last_used_at = _token_hash(token), utcnow(), None
    db.session.flush()
    record(user, "calendar_feed.issued", feed)
    return token


def revoke_feed(user: User) -> bool:
    """End the user's feed URL; returns whether there was one."""
    feed = db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    if feed is None:
        return False
    record(user, "calendar_feed.revoked", feed)
    db.session.delete(feed)
    db.session.flush()
    return True


def feed_of(user: User):
    """The user's feed (to say whether one exists and since when), or None."""
    return db.session.scalar(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def feed_owner(token: str) -> User | None:
    """The active account whose feed the token opens, or None (the lookup is by hash)."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(
        sa.select(CalendarFeed).where(CalendarFeed.token_hash == _token_hash(token))
    )
    if feed is None:
        return None
    user = db.session.get(User, feed.user_id)
    if user is None or not user.active:
        return None
    feed.last_used_at = utcnow()
    return user


def feed_calendar(user: User, url_of, now: datetime | None = None) -> bytes:
    """Every session of the workshops the user is confirmed or waiting for (from 90 days ago),
    and of those they teach, in the user's language."""
    now = now or utcnow()
    since = now - timedelta(days=90)
    workshops = list(
        db.session.scalars(
            sa.select(Workshop)
            .join(Registration, Registration.workshop_id == Workshop.id)
            .where(
                Registration.user_id == user.id,
                Registration.status.in_((RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)),
                Workshop.ends_at >= since,
            )
            .options(selectinload(Workshop.sessions))
        )
    )
    seen = {w.id for w in workshops}
    workshops += [
        w
        for w in db.session.scalars(
            workshops_taught_by(user)
            .where(Workshop.ends_at >= since)
            .options(selectinload(Workshop.sessions))
        )
        if w.id not in seen
    ]
    language = user.preferred_language if user.preferred_language in ("en", "zh") else "en"
    events = [e for w in workshops for e in _events(w, language, url_of(w))]
    name = "培训班" if language == "zh" else "Workshops"
    return calendar_bytes(events, name, now)
