"""The workshop list and calendar queries: filters, pagination-ready selects, bounded queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.access import Role
from app.core.db import utcnow
from app.extensions import db

from . import scheduling
from .models import (
    LIVE_STATUSES,
    VISIBLE_STATUSES,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopSession,
    WorkshopStatus,
)

# --- Lists ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListFilters:
    """What a trainee narrows the workshop list by."""

    when: str = "upcoming"  # 'upcoming' or 'past'
    place: str = ""  # 'CN-35' for a province, 'PL' for a country
    kind: str = ""
    month: str = ""  # 'YYYY-MM'
    open_only: bool = False


def search_workshops(filters: ListFilters, staff: bool, now: datetime | None = None) -> sa.Select:
    """The workshop list's query: trainees see published ones, staff drafts too."""
    now = now or utcnow()
    query = sa.select(Workshop)
    if not staff:
        query = query.where(Workshop.status.in_(VISIBLE_STATUSES))
    if filters.when == "past":
        query = query.where(Workshop.ends_at < now).order_by(Workshop.starts_at.desc())
    else:
        query = query.where(Workshop.ends_at >= now).order_by(Workshop.starts_at)
    if filters.place.startswith("CN-"):
        query = query.where(Workshop.country == "CN", Workshop.province == filters.place[3:])
    elif filters.place:
        query = query.where(Workshop.country == filters.place)
    if filters.kind:
        query = query.where(Workshop.kind == filters.kind)
    if filters.month:
        year, month = (int(part) for part in filters.month.split("-"))
        start, end = scheduling.month_bounds(year, month)
        query = query.where(Workshop.starts_at < end, Workshop.ends_at >= start)
    if filters.open_only:
        query = query.where(
            Workshop.status == WorkshopStatus.PUBLISHED,
            sa.or_(Workshop.registration_opens_at.is_(None), Workshop.registration_opens_at <= now),
            sa.func.coalesce(Workshop.registration_closes_at, Workshop.starts_at) > now,
        )
    return query.order_by(Workshop.id)


def workshops_in_month(year: int, month: int, staff: bool) -> list[Workshop]:
    """Workshops overlapping a calendar month (in UTC, padded by a day for far time zones)."""
    start, end = scheduling.month_bounds(year, month)
    query = sa.select(Workshop).where(
        Workshop.starts_at < end + timedelta(days=1),
        Workshop.ends_at >= start - timedelta(days=1),
    )
    if not staff:
        query = query.where(Workshop.status.in_(VISIBLE_STATUSES))
    return list(db.session.scalars(query.order_by(Workshop.starts_at)))


def my_registrations_by_workshop(user: User, workshop_ids: list[int]) -> dict[int, Registration]:
    """workshop id -> the user's live registration, for a page of workshops (one query)."""
    if not workshop_ids:
        return {}
    rows = db.session.scalars(
        sa.select(Registration).where(
            Registration.user_id == user.id,
            Registration.workshop_id.in_(workshop_ids),
            Registration.status.in_(LIVE_STATUSES),
        )
    )
    return {r.workshop_id: r for r in rows}


def workshops_taught_by(user: User) -> sa.Select:
    """The workshops a trainer is assigned to, soonest first."""
    return (
        sa.select(Workshop)
        .join(Workshop.trainers)
        .where(User.id == user.id, Workshop.status != WorkshopStatus.CANCELLED)
        .order_by(Workshop.starts_at)
    )


@dataclass
class MyWorkshops:
    """What "My page" shows of workshops: upcoming registrations with their sessions, and the
    workshops the user teaches."""

    registrations: list[Registration]
    sessions: list[WorkshopSession]
    teaching: list[Workshop]


def my_workshops(user: User, now: datetime | None = None) -> MyWorkshops:
    """The user's upcoming registered workshops and sessions, and the workshops they teach."""
    now = now or utcnow()
    registrations = list(
        db.session.scalars(
            sa.select(Registration)
            .join(Registration.workshop)
            .where(
                Registration.user_id == user.id,
                Registration.status.in_(LIVE_STATUSES),
                Workshop.ends_at >= now,
                Workshop.status != WorkshopStatus.CANCELLED,
            )
            .options(selectinload(Registration.workshop).selectinload(Workshop.sessions))
            .order_by(Workshop.starts_at)
        )
    )
    sessions = [
        s
        for r in registrations
        if r.status == RegistrationStatus.CONFIRMED
        for s in r.workshop.sessions
        if s.ends_at >= now
    ][:10]
    teaching = []
    if user.has_role(Role.TRAINER):
        teaching = list(
            db.session.scalars(
                workshops_taught_by(user).where(Workshop.ends_at >= now - timedelta(days=30))
            )
        )
    return MyWorkshops(registrations, sessions, teaching)
