"""Factories for evaluation tests: a finished workshop, its participants and its survey."""

from __future__ import annotations

from app.auth.models import User
from app.core.access import Role
from app.evaluations import services
from app.extensions import db
from app.workshops.models import AttendanceRecord, Registration, RegistrationStatus, Workshop
from tests.conftest import make_user
from tests.workshops.factories import make_workshop


def finished_workshop(**fields) -> Workshop:
    """A published workshop that ended a few days ago."""
    return make_workshop(days_ahead=-4, **fields)


def participant(workshop: Workshop, user: User | None = None, **profile) -> User:
    """A confirmed participant of the workshop (a new trainee unless `user` is given)."""
    user = user or make_user(roles=(Role.TRAINEE,), **profile)
    db.session.add(
        Registration(workshop_id=workshop.id, user_id=user.id, status=RegistrationStatus.CONFIRMED)
    )
    db.session.commit()
    return user


def mark(workshop: Workshop, user: User, value: str, session_index: int = 0) -> None:
    """Record `value` (present, late, excused, absent) for the user at one session."""
    db.session.add(
        AttendanceRecord(
            session_id=workshop.sessions[session_index].id, user_id=user.id, mark=value
        )
    )
    db.session.commit()


def survey_for(workshop: Workshop, coordinator: User | None = None):
    """The workshop's survey with the standard questions."""
    coordinator = coordinator or make_user(roles=(Role.COORDINATOR,))
    survey = services.create_survey(coordinator, workshop)
    db.session.commit()
    return survey
