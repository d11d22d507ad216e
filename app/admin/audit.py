"""The audit-log viewer's query: filters by person, object, action and date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.audit import AuditEntry
from app.extensions import db


def audit_query(
    person: str = "",
    object_type: str = "",
    object_id: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
    tz: str = "UTC",
) -> sa.Select:
    """Entries matching the filters, newest first; dates are whole days in the viewer's zone."""
    query = (
        sa.select(AuditEntry)
        .options(selectinload(AuditEntry.actor))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    if person:
        pattern = f"%{person.strip().lower()}%"
        people = sa.select(User.id).where(
            sa.or_(
                sa.func.lower(User.email).like(pattern),
                sa.func.lower(User.family_name_latin + " " + User.given_name_latin).like(pattern),
                sa.func.lower(User.given_name_latin + " " + User.family_name_latin).like(pattern),
                (User.family_name_zh + User.given_name_zh).like(f"%{person.strip()}%"),
            )
        )
        query = query.where(
            sa.or_(
                AuditEntry.actor_id.in_(people),
                sa.and_(
                    AuditEntry.object_type == "user",
                    AuditEntry.object_id.in_(
                        sa.select(sa.cast(User.id, sa.String)).where(User.id.in_(people))
                    ),
                ),
            )
        )
    if object_type:
        query = query.where(AuditEntry.object_type == object_type)
    if object_id:
        query = query.where(AuditEntry.object_id == object_id.strip())
    if action:
        query = query.where(AuditEntry.action == action)
    zone = ZoneInfo(tz)
    if since:
        query = query.where(AuditEntry.at >= datetime.combine(since, time(), tzinfo=zone))
    if until:
        query = query.where(
            AuditEntry.at < datetime.combine(until + timedelta(days=1), time(), tzinfo=zone)
        )
    return query


def distinct_values(column) -> list[str]:
    """The distinct values a column holds, for the filter menus."""
    return list(db.session.scalars(sa.select(column).distinct().order_by(column)))
