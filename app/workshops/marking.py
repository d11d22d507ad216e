"""Marking attendance: the roster, typing a paper sign-in sheet back in, participants' self
check-in, and attendance rates. Like services.py: plain values in, flush, WorkshopError out."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.auth.models import User
from app.core.access import Role
from app.core.db import utcnow
from app.extensions import db

from . import checkin
from .attendance import (
    AttendanceRate,
    Mark,
    RowNumberError,
    attendance_rate,
    parse_row_numbers,
)
from .models import AttendanceRecord, Registration, RegistrationStatus, Workshop, WorkshopSession
from .participants import confirmed_participants
from .services import WorkshopError

# --- Attendance ----------------------------------------------------------------------------------


def can_take_attendance(user: User, workshop: Workshop) -> bool:
    """Coordinators, admins and the workshop's own trainers take attendance."""
    return user.has_role(Role.COORDINATOR, Role.ADMIN) or workshop.is_trainer(user)


def marks_for(session: WorkshopSession) -> dict[int, str]:
    """user id -> mark recorded for the session."""
    return dict(
        db.session.execute(
            sa.select(AttendanceRecord.user_id, AttendanceRecord.mark).where(
                AttendanceRecord.session_id == session.id
            )
        ).all()
    )


def record_marks(actor: User, session: WorkshopSession, marks: dict[int, str]) -> int:
    """Save the roster: one mark per confirmed participant; returns how many were saved."""
    allowed = {u.id for u in confirmed_participants(session.workshop)}
    unknown = set(marks) - allowed
    if unknown:
        raise WorkshopError(_l("The roster lists someone who is not a confirmed participant."))
    existing = {
        r.user_id: r
        for r in db.session.scalars(
            sa.select(AttendanceRecord).where(AttendanceRecord.session_id == session.id)
        )
    }
    saved = 0
    for user_id, raw in marks.items():
        mark = Mark(raw)
        row = existing.get(user_id)
        if row is None:
            db.session.add(
                AttendanceRecord(
                    session_id=session.id, user_id=user_id, mark=mark, marked_by_id=actor.id
                )
            )
        elif row.mark != mark:
            row.mark, row.marked_by_id = mark, actor.id
        saved += 1
    db.session.flush()
    return saved


def record_paper_sign_in(actor: User, session: WorkshopSession, typed: dict[str, str]) -> int:
    """Type a paper sign-in sheet back in: row numbers for present, late and excused (as on the
    printed sheet); everyone else on the sheet is marked absent. Returns how many were saved."""
    people = confirmed_participants(session.workshop)
    chosen: dict[int, Mark] = {}
    for mark in (Mark.PRESENT, Mark.LATE, Mark.EXCUSED):
        try:
            numbers = parse_row_numbers(typed.get(mark.value, ""), len(people))
        except RowNumberError as error:
            raise WorkshopError(
                _l(
                    "“%(text)s” is not a row of the sheet (rows 1 to %(rows)d).",
                    text=error.text,
                    rows=len(people),
                )
            ) from None
        for number in numbers:
            if number in chosen:
                raise WorkshopError(_l("Row %(number)d is listed twice.", number=number))
            chosen[number] = mark
    marks = {
        person.id: chosen.get(number, Mark.ABSENT).value
        for number, person in enumerate(people, start=1)
    }
    return record_marks(actor, session, marks)


def held_counting_sessions(
    workshop: Workshop, now: datetime | None = None
) -> list[WorkshopSession]:
    """Sessions that count for attendance and have started."""
    now = now or utcnow()
    return [s for s in workshop.sessions if s.counts_for_attendance and s.starts_at <= now]


def attendance_rates(workshop: Workshop, user_ids: list[int]) -> dict[int, AttendanceRate]:
    """user id -> attendance rate over the held, counting sessions (two queries at most)."""
    held = held_counting_sessions(workshop)
    marks: dict[int, dict[int, str]] = defaultdict(dict)
    if held and user_ids:
        for session_id, user_id, mark in db.session.execute(
            sa.select(
                AttendanceRecord.session_id, AttendanceRecord.user_id, AttendanceRecord.mark
            ).where(
                AttendanceRecord.session_id.in_([s.id for s in held]),
                AttendanceRecord.user_id.in_(user_ids),
            )
        ):
            marks[user_id][session_id] = mark
    return {
        user_id: attendance_rate(marks[user_id].get(s.id) for s in held) for user_id in user_ids
    }


# --- Self check-in -------------------------------------------------------------------------------


def self_check_in(user: User, typed: str, secret: bytes, now: datetime | None = None):
    """Check a participant in with the code on the room screen; an accepted code records present
    or late (a mark a trainer already gave, other than absent, is kept)."""
    now = now or utcnow()
    sessions = db.session.scalars(
        sa.select(WorkshopSession)
        .join(Registration, Registration.workshop_id == WorkshopSession.workshop_id)
        .where(
            Registration.user_id == user.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            WorkshopSession.counts_for_attendance.is_(True),
            WorkshopSession.starts_at <= now + checkin.OPENS_BEFORE,
            WorkshopSession.ends_at >= now - checkin.REMEMBERED,
        )
    ).all()
    windows = [checkin.SessionWindow(s.id, s.starts_at, s.ends_at) for s in sessions]
    result = checkin.check(secret, typed, windows, now)
    if result.outcome is not checkin.Outcome.ACCEPTED:
        return result
    row = db.session.scalar(
        sa.select(AttendanceRecord).where(
            AttendanceRecord.session_id == result.session_id, AttendanceRecord.user_id == user.id
        )
    )
    if row is None:
        db.session.add(
            AttendanceRecord(
                session_id=result.session_id,
                user_id=user.id,
                mark=result.mark,
                marked_by_id=user.id,
            )
        )
    elif row.mark == Mark.ABSENT:
        row.mark, row.marked_by_id = result.mark, user.id
    else:
        result = checkin.CheckInResult(result.outcome, result.session_id, Mark(row.mark))
    db.session.flush()
    return result
