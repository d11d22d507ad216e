"""Workshop rules: scheduling, publishing, cloning, cancelling, the agenda, messages.

Seats, the waiting list and approval are in registration.py, participants in name order in
participants.py, attendance in marking.py, lists and "My workshops" in listing.py, calendars in
calendars.py, reminders in reminders.py.

Services take plain values, flush, and raise WorkshopError; the route commits. Seats are held by
the database: a conditional UPDATE on `seats_taken` (never a count-then-insert in Python), and the
workshop row is locked while a seat is handed on to the waiting list.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.auth.models import User, UserRole
from app.core.access import Role
from app.core.audit import record
from app.core.db import utcnow
from app.core.i18n import localized
from app.core.mail import queue_mail
from app.extensions import db
from app.learning.models import Module, ModuleStatus

from . import scheduling
from .errors import ConflictError, WorkshopError
from .models import (
    ModuleTiming,
    RegistrationStatus,
    Workshop,
    WorkshopModule,
    WorkshopSession,
    WorkshopStatus,
)
from .registration import (
    _fill_from_waiting_list,
    _lock,
    live_registrations,
)

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
                    title=", ".join(str(localized(s.key, "title")) for s in outside),
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
    actor: User, source: Workshop, start_date, country: str, province: str, city: str
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
    copy.country, copy.city = country, city
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
