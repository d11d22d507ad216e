"""Small builders for certificate tests: a held workshop with attendance, a module with lessons."""

from __future__ import annotations

from app.extensions import db
from app.learning.models import LessonProgress, Module
from app.workshops.models import AttendanceRecord, Registration, WorkshopStatus
from tests.conftest import make_user
from tests.learning.factories import add_lessons
from tests.workshops.factories import make_workshop


def held_workshop(marks: dict, sessions: int = 5, threshold: int = 80, **fields):
    """A completed workshop ten days ago; `marks` maps each participant to one mark a session."""
    workshop = make_workshop(
        days_ahead=-10,
        sessions=sessions,
        status=WorkshopStatus.COMPLETED,
        attendance_threshold_percent=threshold,
        **fields,
    )
    for user, row in marks.items():
        db.session.add(Registration(workshop_id=workshop.id, user_id=user.id, status="confirmed"))
        for session, mark in zip(workshop.sessions, row, strict=False):
            if mark:
                db.session.add(AttendanceRecord(session_id=session.id, user_id=user.id, mark=mark))
    workshop.seats_taken = len(marks)
    db.session.commit()
    return workshop


def people(*names: tuple[str, str, str, str]):
    """Trainees with the given (family_zh, given_zh, family_latin, given_latin) names."""
    return [
        make_user(family_name_zh=fz, given_name_zh=gz, family_name_latin=fl, given_name_latin=gl)
        for fz, gz, fl, gl in names
    ]


def module_with_lessons(lessons: int = 3, slug: str = "fair-recruitment", status="published"):
    """A published module with lessons."""
    module = Module(
        slug=slug,
        title_en="Fair recruitment",
        title_zh="公平招聘",
        status=status,
        objectives=[],
        audiences=[],
    )
    db.session.add(module)
    db.session.flush()
    add_lessons(module, lessons)
    db.session.commit()
    return module


def complete_lessons(user, module, count: int | None = None) -> None:
    """Mark the first `count` lessons (all by default) done, without the automatic issue."""
    for lesson in module.lessons[:count]:
        db.session.add(LessonProgress(user_id=user.id, lesson_id=lesson.id))
    db.session.commit()
