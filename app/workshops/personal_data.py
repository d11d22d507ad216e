"""Workshops' part of a person's data: registrations with their answers, attendance and the
private calendar feed, in the data export; on erasure the answers (dietary and accessibility
needs) and the feed go, while registrations and attendance stay, linked to the anonymised
account, for the workshop's counts."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.personal_data import eraser, exporter, kept_on_erasure, staff_record
from app.extensions import db

from .models import AttendanceRecord, CalendarFeed, Registration, Workshop, WorkshopSession

staff_record(
    "workshops.created_by_id",
    "workshop_trainers.user_id",
    "registrations.decided_by_id",
    "attendance_records.marked_by_id",
)
kept_on_erasure(
    "attendance_records.user_id",
    why="attendance marks stay for the workshop's attendance rates, linked to the anonymised account",
)
kept_on_erasure(
    "workshops.cancellation_reason", why="the organisers' reason, about the workshop, not a person"
)


def _title(workshop: Workshop) -> str:
    return workshop.title_en or workshop.title_zh


@exporter("registrations", _l("Workshop registrations"), {
    "workshop": _l("Workshop"), "status": _l("Status"), "registered_at": _l("Registered on"),
    "dietary_needs": _l("Dietary needs"), "accessibility_needs": _l("Accessibility needs"),
    "needs_interpretation": _l("Needs interpretation"),
}, covers=("registrations.user_id",))  # fmt: skip
def _export_registrations(user) -> list:
    rows = db.session.execute(
        sa.select(Registration, Workshop)
        .join(Workshop, Registration.workshop_id == Workshop.id)
        .where(Registration.user_id == user.id)
        .order_by(Registration.id)
    ).all()
    return [
        {
            "workshop": _title(workshop),
            "status": registration.status,
            "registered_at": registration.created_at.isoformat(),
            "dietary_needs": registration.dietary_needs,
            "accessibility_needs": registration.accessibility_needs,
            "needs_interpretation": registration.needs_interpretation,
        }
        for registration, workshop in rows
    ]


@eraser(
    "registrations",
    covers=(
        "registrations.user_id",
        "registrations.dietary_needs",
        "registrations.accessibility_needs",
    ),
)
def _erase_registrations(user) -> None:
    """The seat stays counted; what the person told the organisers goes."""
    db.session.execute(
        sa.update(Registration)
        .where(Registration.user_id == user.id)
        .values(dietary_needs="", accessibility_needs="", needs_interpretation=False)
    )


@exporter("attendance", _l("Attendance"), {
    "workshop": _l("Workshop"), "session": _l("Session"), "mark": _l("Recorded as"),
    "recorded_at": _l("Recorded on"),
}, covers=("attendance_records.user_id",))  # fmt: skip
def _export_attendance(user) -> list:
    rows = db.session.execute(
        sa.select(AttendanceRecord, WorkshopSession, Workshop)
        .join(WorkshopSession, AttendanceRecord.session_id == WorkshopSession.id)
        .join(Workshop, WorkshopSession.workshop_id == Workshop.id)
        .where(AttendanceRecord.user_id == user.id)
        .order_by(WorkshopSession.starts_at)
    ).all()
    return [
        {
            "workshop": _title(workshop),
            "session": session.starts_at.isoformat(),
            "mark": record.mark,
            "recorded_at": record.marked_at.isoformat(),
        }
        for record, session, workshop in rows
    ]


@exporter("calendar_feeds", _l("Calendar feed"), {
    "created_at": _l("Made on"), "last_used_at": _l("Last fetched"),
}, covers=("calendar_feeds.user_id",))  # fmt: skip
def _export_calendar_feed(user) -> list:
    rows = db.session.scalars(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    return [
        {
            "created_at": feed.created_at.isoformat(),
            "last_used_at": feed.last_used_at.isoformat() if feed.last_used_at else None,
        }
        for feed in rows
    ]


@eraser("calendar_feeds", covers=("calendar_feeds.user_id",))
def _erase_calendar_feed(user) -> None:
    """The feed's secret URL stops working."""
    db.session.execute(sa.delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
