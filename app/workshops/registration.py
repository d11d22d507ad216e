"""Registration: seats, the waiting list and coordinators' decisions.

Services take plain values, flush, and raise WorkshopError; the route commits. Seats are held by
the database: a conditional UPDATE on `seats_taken` (never a count-then-insert in Python), and the
workshop row is locked while a seat is handed on to the waiting list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.audit import record
from app.core.db import utcnow
from app.core.mail import queue_mail
from app.extensions import db

from .errors import (
    ConflictError,
)
from .models import (
    LIVE_STATUSES,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopStatus,
)


def registration_open(workshop: Workshop, now: datetime | None = None) -> bool:
    """Whether trainees can register now: published, inside the window, not yet started."""
    now = now or utcnow()
    if workshop.status != WorkshopStatus.PUBLISHED:
        return False
    if workshop.registration_opens_at and now < workshop.registration_opens_at:
        return False
    closes = workshop.registration_closes_at or workshop.starts_at
    return now < closes


def enrolment_open(workshop: Workshop, now: datetime | None = None) -> bool:
    """Whether coordinators can still add people (e.g. from a nomination list): the workshop is
    visible to trainees and has not started, even outside the trainees' registration window."""
    now = now or utcnow()
    visible = workshop.status in (WorkshopStatus.PUBLISHED, WorkshopStatus.REGISTRATION_CLOSED)
    return visible and now < workshop.starts_at


def current_registration(workshop: Workshop, user: User) -> Registration | None:
    """The user's live registration for the workshop, if any."""
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.workshop_id == workshop.id,
            Registration.user_id == user.id,
            Registration.status.in_(LIVE_STATUSES),
        )
    )


def _take_seat(workshop_id: int) -> bool:
    """Hold one seat if one is left: a conditional UPDATE, so the database decides the race."""
    result = db.session.execute(
        sa.update(Workshop)
        .where(Workshop.id == workshop_id, Workshop.seats_taken < Workshop.capacity)
        .values(seats_taken=Workshop.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _release_seat(workshop_id: int) -> None:
    db.session.execute(
        sa.update(Workshop)
        .where(Workshop.id == workshop_id, Workshop.seats_taken > 0)
        .values(seats_taken=Workshop.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )


def _lock(workshop: Workshop) -> None:
    """Lock the workshop row (PostgreSQL) so seats are handed on one at a time."""
    db.session.execute(sa.select(Workshop.id).where(Workshop.id == workshop.id).with_for_update())


@dataclass(frozen=True)
class Answers:
    """A participant's answers to the standard registration questions."""

    dietary_needs: str = ""
    accessibility_needs: str = ""
    needs_interpretation: bool = False


def register(
    user: User, workshop: Workshop, answers: Answers, *, by_coordinator: bool = False
) -> Registration:
    """Register a user: a seat if one is left, else the waiting list; on approval-required
    workshops, a request that holds no seat until a coordinator approves it.

    `by_coordinator`: a coordinator adds the person (roster import), which `enrolment_open`
    allows outside the trainees' registration window; seats, waiting list and approval apply alike.
    """
    if by_coordinator:
        if not enrolment_open(workshop):
            raise ConflictError(
                _l(
                    "People can be added to this workshop only while it is published and has not started."
                )
            )
    elif not registration_open(workshop):
        raise ConflictError(_l("Registration for this workshop is not open."))
    registration = Registration(
        workshop_id=workshop.id,
        user_id=user.id,
        status=RegistrationStatus.WAITING,
        dietary_needs=answers.dietary_needs if workshop.asks_dietary else "",
        accessibility_needs=answers.accessibility_needs if workshop.asks_accessibility else "",
        needs_interpretation=answers.needs_interpretation and workshop.asks_interpretation,
    )
    try:
        with db.session.begin_nested():
            db.session.add(registration)
            db.session.flush()
    except IntegrityError:
        if by_coordinator:
            raise ConflictError(
                _l("This person is already registered for this workshop.")
            ) from None
        raise ConflictError(_l("You are already registered for this workshop.")) from None
    if workshop.requires_approval:
        registration.status = RegistrationStatus.REQUESTED
    elif _take_seat(workshop.id):
        registration.status = RegistrationStatus.CONFIRMED
    db.session.flush()
    db.session.refresh(workshop, ["seats_taken"])
    return registration


def withdraw(registration: Registration) -> Registration | None:
    """Withdraw a live registration; a freed seat goes to the first person waiting, who is told.

    Returns the promoted registration, if any.
    """
    if registration.status not in LIVE_STATUSES:
        raise ConflictError(_l("This registration has already ended."))
    workshop = registration.workshop
    if workshop.starts_at <= utcnow():
        raise ConflictError(
            _l("The workshop has started: ask the organisers to change your registration.")
        )
    _lock(workshop)
    held_seat = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.WITHDRAWN
    db.session.flush()
    promoted = None
    if held_seat:
        _release_seat(workshop.id)
        promoted = _fill_from_waiting_list(workshop)
    db.session.refresh(workshop, ["seats_taken"])
    return promoted


def _fill_from_waiting_list(workshop: Workshop) -> Registration | None:
    """Give free seats to waiting people in arrival order and tell them; returns the last one."""
    promoted = None
    while True:
        waiting = db.session.scalar(
            sa.select(Registration)
            .where(
                Registration.workshop_id == workshop.id,
                Registration.status == RegistrationStatus.WAITING,
            )
            .order_by(Registration.id)
            .limit(1)
        )
        if waiting is None or not _take_seat(workshop.id):
            break
        waiting.status = RegistrationStatus.CONFIRMED
        db.session.flush()
        queue_mail(waiting.user, "registration_promoted", workshop=workshop)
        promoted = waiting
    db.session.refresh(workshop, ["seats_taken"])
    return promoted


def decide(actor: User, registration: Registration, approve: bool) -> None:
    """Approve (a seat if one is left, else the waiting list) or decline a request; the decision,
    who made it and when are recorded and the person is told."""
    if registration.status != RegistrationStatus.REQUESTED:
        raise ConflictError(_l("This request has already been decided."))
    workshop = registration.workshop
    if approve:
        _lock(workshop)
        registration.status = (
            RegistrationStatus.CONFIRMED if _take_seat(workshop.id) else RegistrationStatus.WAITING
        )
    else:
        registration.status = RegistrationStatus.DECLINED
    registration.decided_by_id = actor.id
    registration.decided_at = utcnow()
    db.session.flush()
    db.session.refresh(workshop, ["seats_taken"])
    record(
        actor,
        "registration.approved" if approve else "registration.declined",
        registration,
        before={"status": RegistrationStatus.REQUESTED.value},
        after={"status": registration.status},
    )
    queue_mail(
        registration.user, "registration_decided", workshop=workshop, registration=registration
    )


def waiting_position(registration: Registration) -> int | None:
    """Where a waiting registration stands in the queue (1 = next to get a seat)."""
    if registration.status != RegistrationStatus.WAITING:
        return None
    ahead = db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.workshop_id == registration.workshop_id,
            Registration.status == RegistrationStatus.WAITING,
            Registration.id < registration.id,
        )
    )
    return (ahead or 0) + 1


def live_registrations(workshop: Workshop) -> list[Registration]:
    """Everyone requested, confirmed or waiting, in arrival order, with their accounts."""
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(Registration.workshop_id == workshop.id, Registration.status.in_(LIVE_STATUSES))
            .options(selectinload(Registration.user), selectinload(Registration.decided_by))
            .order_by(Registration.id)
        )
    )
