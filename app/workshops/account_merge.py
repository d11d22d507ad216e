"""How workshop rows follow an account merge (see app/core/account_merge.py).

Both accounts registered for one workshop: the better registration is kept (confirmed, then
waiting, then awaiting approval), with any answers only the other one gave; the other is withdrawn,
and a seat it held goes to the waiting list. Both marked for one session: the better mark is kept.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.account_merge import moves, resolver
from app.extensions import db

from . import registration
from .attendance import Mark
from .models import (
    LIVE_STATUSES,
    AttendanceRecord,
    CalendarFeed,
    Registration,
    RegistrationStatus,
    workshop_trainers,
)

_REGISTRATION_RANK = {
    RegistrationStatus.CONFIRMED: 3,
    RegistrationStatus.WAITING: 2,
    RegistrationStatus.REQUESTED: 1,
}
_MARK_RANK = {Mark.PRESENT: 4, Mark.LATE: 3, Mark.EXCUSED: 2, Mark.ABSENT: 1}


def _live(user_id: int) -> dict[int, Registration]:
    rows = db.session.scalars(
        sa.select(Registration).where(
            Registration.user_id == user_id, Registration.status.in_(LIVE_STATUSES)
        )
    )
    return {r.workshop_id: r for r in rows}


@resolver("registrations", "user_id", _l("Workshop registrations"))
def _settle_registrations(source_id: int, target_id: int) -> int:
    kept_live = _live(target_id)
    settled = 0
    for workshop_id, theirs in _live(source_id).items():
        ours = kept_live.get(workshop_id)
        if ours is None:
            continue
        better, worse = (
            (theirs, ours)
            if _REGISTRATION_RANK[RegistrationStatus(theirs.status)]
            > _REGISTRATION_RANK[RegistrationStatus(ours.status)]
            else (ours, theirs)
        )
        better.dietary_needs = better.dietary_needs or worse.dietary_needs
        better.accessibility_needs = better.accessibility_needs or worse.accessibility_needs
        better.needs_interpretation = better.needs_interpretation or worse.needs_interpretation
        held_seat = worse.status == RegistrationStatus.CONFIRMED
        workshop = worse.workshop
        registration._lock(workshop)
        worse.status = RegistrationStatus.WITHDRAWN
        db.session.flush()
        if held_seat:
            registration._release_seat(workshop.id)
            registration._fill_from_waiting_list(workshop)
        settled += 1
    return settled


@resolver("attendance_records", "user_id", _l("Attendance records"))
def _settle_attendance(source_id: int, target_id: int) -> int:
    kept = {
        r.session_id: r
        for r in db.session.scalars(
            sa.select(AttendanceRecord).where(AttendanceRecord.user_id == target_id)
        )
    }
    settled = 0
    for record in db.session.scalars(
        sa.select(AttendanceRecord).where(AttendanceRecord.user_id == source_id)
    ):
        ours = kept.get(record.session_id)
        if ours is None:
            continue
        if _MARK_RANK[Mark(record.mark)] > _MARK_RANK[Mark(ours.mark)]:
            ours.mark, ours.marked_by_id = record.mark, record.marked_by_id
        db.session.delete(record)
        settled += 1
    return settled


@resolver("workshop_trainers", "user_id", _l("Workshops taught"))
def _settle_trainers(source_id: int, target_id: int) -> int:
    both = sa.select(workshop_trainers.c.workshop_id).where(
        workshop_trainers.c.user_id == target_id
    )
    result = db.session.execute(
        sa.delete(workshop_trainers).where(
            workshop_trainers.c.user_id == source_id, workshop_trainers.c.workshop_id.in_(both)
        )
    )
    return result.rowcount or 0


@resolver("calendar_feeds", "user_id", _l("Private calendar feed"))
def _settle_feeds(source_id: int, target_id: int) -> int:
    """The kept account's feed stays; the other one's secret address stops working."""
    if db.session.scalar(sa.select(CalendarFeed.id).where(CalendarFeed.user_id == target_id)):
        result = db.session.execute(
            sa.delete(CalendarFeed).where(CalendarFeed.user_id == source_id)
        )
        return result.rowcount or 0
    return 0


moves("workshops", "created_by_id", _l("Workshops created"))
moves("registrations", "decided_by_id", _l("Registration requests decided"))
moves("attendance_records", "marked_by_id", _l("Attendance marks recorded"))
