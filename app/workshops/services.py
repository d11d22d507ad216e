"""Workshop rules: scheduling, the agenda, seats and the waiting list, approval, messages.

Attendance is in marking.py, lists in listing.py, calendars in calendars.py, reminders in
reminders.py.

Services take plain values, flush, and raise WorkshopError; the route commits. Seats are held by
the database: a conditional UPDATE on `seats_taken` (never a count-then-insert in Python), and the
workshop row is locked while a seat is handed on to the waiting list.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import User, UserRole
from app.core.access import Role
from app.core.audit import record
from app.core.db import utcnow
from app.core.errors import DomainError
from app.core.i18n import join_list, localized
from app.core.mail import queue_mail
from app.extensions import db
from app.learning.models import Module, ModuleStatus

from . import scheduling
from .models import (
    LIVE_STATUSES,
    ModuleTiming,
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopModule,
    WorkshopSession,
    WorkshopStatus,
)


class WorkshopError(DomainError):
    """A workshop rule refused the action."""


class ConflictError(WorkshopError):
    """The action conflicts with the workshop's current state."""

    status = 409


_SCHEDULE_MESSAGES = {
    scheduling.Problem.END_NOT_AFTER_START: _l("The end must be later than the start."),
    scheduling.Problem.OUTSIDE_WORKSHOP: _l(
        "The session must lie within the workshop's start and end."
    ),
    scheduling.Problem.NONEXISTENT_LOCAL_TIME: _l(
        "That time does not exist in the workshop's time zone (the clocks go forward then). Choose another time."
    ),
}


def schedule_message(error: scheduling.SchedulingError) -> str:
    """A scheduling problem as a message in the user's language."""
    if error.problem is scheduling.Problem.OVERLAPS:
        other = error.other
        title = str(localized(other, "title")) if other is not None else ""
        return _("The session overlaps “%(title)s”.", title=title)
    return str(_SCHEDULE_MESSAGES[error.problem])


def local_to_utc(local: datetime, zone: str) -> datetime:
    """A wall-clock time typed for the workshop's zone, as UTC (WorkshopError if it never occurs)."""
    try:
        return scheduling.to_utc(local, zone)
    except scheduling.SchedulingError as error:
        raise WorkshopError(schedule_message(error)) from None


# --- Coordinators: create, edit, publish, clone, cancel ------------------------------------------

#: Workshop fields a coordinator edits directly (times are converted from the workshop's zone).
PLAIN_FIELDS = (
    "title_en",
    "title_zh",
    "description_en",
    "description_zh",
    "kind",
    "organisers",
    "country",
    "province",
    "city",
    "city_zh",
    "venue",
    "address",
    "timezone",
    "capacity",
    "requires_approval",
    "asks_dietary",
    "asks_accessibility",
    "asks_interpretation",
    "attendance_threshold_percent",
)
LOCAL_TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


def trainer_candidates() -> list[User]:
    """Active accounts holding the trainer role, for the trainer picker."""
    return list(
        db.session.scalars(
            sa.select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.TRAINER.value, User.active.is_(True))
            .order_by(User.family_name_latin, User.given_name_latin, User.id)
        )
    )


def save_workshop(
    actor: User, workshop: Workshop | None, values: dict, trainer_ids: list[int]
) -> Workshop:
    """Create a workshop (as a draft) or change one; times in `values` are wall-clock times in
    `values['timezone']`."""
    zone = values["timezone"]
    times = {
        name: local_to_utc(values[name], zone) if values.get(name) else None
        for name in LOCAL_TIME_FIELDS
    }
    if times["ends_at"] <= times["starts_at"]:
        raise WorkshopError(_l("The workshop must end after it starts."))
    opens, closes = times["registration_opens_at"], times["registration_closes_at"]
    if opens and closes and closes <= opens:
        raise WorkshopError(_l("Registration must close after it opens."))
    if closes and closes > times["ends_at"]:
        raise WorkshopError(_l("Registration must close before the workshop ends."))
    if values["country"] != "CN":
        values = {**values, "province": ""}
    creating = workshop is None
    if creating:
        workshop = Workshop(created_by_id=actor.id, status=WorkshopStatus.DRAFT)
        db.session.add(workshop)
    else:
        span = scheduling.Slot(times["starts_at"], times["ends_at"])
        outside = scheduling.sessions_outside(
            span, [scheduling.Slot(s.starts_at, s.ends_at, s) for s in workshop.sessions]
        )
        if outside:
            raise WorkshopError(
                _l(
                    "The agenda has sessions outside the new dates (%(title)s). Move or delete them first.",
                    title=join_list(str(localized(s.key, "title")) for s in outside),
                )
            )
        _set_capacity(workshop, values["capacity"])
    for name in PLAIN_FIELDS:
        if name != "capacity" or creating:
            setattr(workshop, name, values[name])
    for name, value in times.items():
        setattr(workshop, name, value)
    workshop.trainers = (
        list(db.session.scalars(sa.select(User).where(User.id.in_(trainer_ids))))
        if trainer_ids
        else []
    )
    db.session.flush()
    record(actor, "workshop.created" if creating else "workshop.edited", workshop)
    return workshop


def _set_capacity(workshop: Workshop, capacity: int) -> None:
    """Change the number of seats: never below the seats already held; new seats go to the
    waiting list in arrival order."""
    _lock(workshop)
    if capacity < workshop.seats_taken:
        raise ConflictError(
            _l(
                "%(count)d people already hold a seat: the capacity cannot be lower than that.",
                count=workshop.seats_taken,
            )
        )
    workshop.capacity = capacity
    db.session.flush()
    _fill_from_waiting_list(workshop)


def publish(actor: User, workshop: Workshop) -> None:
    """Make a draft visible to trainees (and open for registration in its window)."""
    if workshop.status not in (WorkshopStatus.DRAFT, WorkshopStatus.REGISTRATION_CLOSED):
        raise ConflictError(
            _l("Only a draft or a workshop with closed registration can be published.")
        )
    before = workshop.status
    workshop.status = WorkshopStatus.PUBLISHED
    record(actor, "workshop.published", workshop, before={"status": before})


def close_registration(actor: User, workshop: Workshop) -> None:
    """Stop taking registrations for a published workshop."""
    if workshop.status != WorkshopStatus.PUBLISHED:
        raise ConflictError(_l("Only a published workshop can have its registration closed."))
    workshop.status = WorkshopStatus.REGISTRATION_CLOSED
    record(actor, "workshop.registration_closed", workshop)


def complete(actor: User, workshop: Workshop) -> None:
    """Mark a workshop that has ended as completed (certificates can then be issued)."""
    if workshop.status not in (WorkshopStatus.PUBLISHED, WorkshopStatus.REGISTRATION_CLOSED):
        raise ConflictError(_l("Only a published workshop can be marked as completed."))
    if workshop.ends_at > utcnow():
        raise ConflictError(_l("The workshop has not ended yet."))
    workshop.status = WorkshopStatus.COMPLETED
    record(actor, "workshop.completed", workshop)


def cancel(actor: User, workshop: Workshop, reason: str) -> int:
    """Cancel a workshop and tell everyone registered, each in their own language."""
    if workshop.status in (WorkshopStatus.CANCELLED, WorkshopStatus.COMPLETED):
        raise ConflictError(_l("This workshop can no longer be cancelled."))
    before = workshop.status
    workshop.status = WorkshopStatus.CANCELLED
    workshop.cancellation_reason = reason
    people = live_registrations(workshop)
    for registration in people:
        queue_mail(registration.user, "workshop_cancelled", workshop=workshop, reason=reason)
    record(
        actor,
        "workshop.cancelled",
        workshop,
        before={"status": before},
        after={"status": workshop.status},
        note=reason,
    )
    return len(people)


def clone(
    actor: User,
    source: Workshop,
    start_date,
    country: str,
    province: str,
    city: str,
    city_zh: str = "",
) -> Workshop:
    """A draft copy of a workshop for another place and date: the agenda moves with it, keeping
    every session's wall-clock time in the workshop's zone; registrations are not copied."""
    zone = source.timezone
    days = (start_date - scheduling.local_date(source.starts_at, zone)).days

    def shift(moment):
        if moment is None:
            return None
        try:
            return scheduling.shift_local_days(moment, zone, days)
        except scheduling.SchedulingError as error:
            raise WorkshopError(schedule_message(error)) from None

    copy = Workshop(
        **{name: getattr(source, name) for name in PLAIN_FIELDS},
        status=WorkshopStatus.DRAFT,
        created_by_id=actor.id,
        starts_at=shift(source.starts_at),
        ends_at=shift(source.ends_at),
        registration_opens_at=None,
        registration_closes_at=shift(source.registration_closes_at),
    )
    copy.country, copy.city, copy.city_zh = country, city, city_zh
    copy.province = province if country == "CN" else ""
    copy.trainers = list(source.trainers)
    for session in source.sessions:
        copy.sessions.append(
            WorkshopSession(
                title_en=session.title_en,
                title_zh=session.title_zh,
                starts_at=shift(session.starts_at),
                ends_at=shift(session.ends_at),
                room=session.room,
                speakers=session.speakers,
                counts_for_attendance=session.counts_for_attendance,
                module_id=session.module_id,
            )
        )
    for link in source.module_links:
        copy.module_links.append(WorkshopModule(module_id=link.module_id, timing=link.timing))
    db.session.add(copy)
    db.session.flush()
    record(actor, "workshop.cloned", copy, note=f"from workshop {source.id}")
    return copy


def message_participants(
    actor: User, workshop: Workshop, subject: dict[str, str], body: dict[str, str]
) -> int:
    """Send a message to everyone confirmed or waiting, each in their own language (the other
    language when the coordinator wrote only one)."""
    people = [
        r
        for r in live_registrations(workshop)
        if r.status in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
    ]
    for registration in people:
        language = registration.user.preferred_language
        other = "en" if language == "zh" else "zh"
        queue_mail(
            registration.user,
            "workshop_message",
            workshop=workshop,
            subject=subject.get(language) or subject.get(other, ""),
            body=body.get(language) or body.get(other, ""),
        )
    record(actor, "workshop.messaged", workshop, note=subject.get("en") or subject.get("zh", ""))
    return len(people)


def set_modules(workshop: Workshop, before: list[int], after: list[int]) -> None:
    """Name the modules trainees should take before and after the workshop."""
    wanted = {(module_id, ModuleTiming.BEFORE.value) for module_id in before}
    wanted |= {(module_id, ModuleTiming.AFTER.value) for module_id in after}
    workshop.module_links[:] = [
        link for link in workshop.module_links if (link.module_id, link.timing) in wanted
    ]
    present = {(link.module_id, link.timing) for link in workshop.module_links}
    for module_id, timing in sorted(wanted - present):
        workshop.module_links.append(WorkshopModule(module_id=module_id, timing=timing))
    db.session.flush()


def module_choices(language: str) -> list[tuple[int, str]]:
    """Published training modules, for linking them to workshops and sessions."""
    modules = db.session.scalars(
        sa.select(Module).where(Module.status == ModuleStatus.PUBLISHED).order_by(Module.slug)
    )
    return [(m.id, localized(m, "title", language).text) for m in modules]


# --- Agenda --------------------------------------------------------------------------------------


def save_session(
    workshop: Workshop, session: WorkshopSession | None, values: dict
) -> WorkshopSession:
    """Add or change an agenda item; times are wall-clock times in the workshop's zone."""
    start = local_to_utc(values["starts_at"], workshop.timezone)
    end = local_to_utc(values["ends_at"], workshop.timezone)
    key = session if session is not None else object()
    try:
        scheduling.check_session(
            scheduling.Slot(start, end, key),
            scheduling.Slot(workshop.starts_at, workshop.ends_at),
            [scheduling.Slot(s.starts_at, s.ends_at, s) for s in workshop.sessions],
        )
    except scheduling.SchedulingError as error:
        raise WorkshopError(schedule_message(error)) from None
    if session is None:
        session = WorkshopSession(workshop=workshop)
        db.session.add(session)
    for name in ("title_en", "title_zh", "room", "speakers", "counts_for_attendance"):
        setattr(session, name, values[name])
    session.module_id = values.get("module_id")
    session.starts_at, session.ends_at = start, end
    db.session.flush()
    return session


def delete_session(actor: User, session: WorkshopSession) -> None:
    """Remove an agenda item (and any attendance recorded for it)."""
    record(actor, "workshop_session.deleted", session, note=session.title_en or session.title_zh)
    db.session.delete(session)
    db.session.flush()


# --- Registration, seats and the waiting list ----------------------------------------------------


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


#: Latin letters that Unicode does not decompose into a base letter and an accent.
_FOLD = str.maketrans(
    {"đ": "d", "ł": "l", "ø": "o", "ħ": "h", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe"}
)


def name_sort_key(user: User) -> tuple:
    """Alphabetical by family name in Latin letters, accents ignored (Đurđica Horvat under H),
    then given name, then the Chinese name."""

    def fold(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    return (fold(user.family_name_latin), fold(user.given_name_latin), user.name.chinese, user.id)


def confirmed_participants(workshop: Workshop) -> list[User]:
    """The people holding a seat, in the order of the printed sign-in sheet."""
    return sorted(
        (r.user for r in live_registrations(workshop) if r.status == RegistrationStatus.CONFIRMED),
        key=name_sort_key,
    )


# --- My page ------------------------------------------------------------------------------------


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
