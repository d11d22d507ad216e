"""When a quiz is open to a trainee: its own dates, or its workshop's for a pre- or post-test.

Flushes nothing; every function that depends on the time takes `now`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.workshops.models import Registration, RegistrationStatus, Workshop, WorkshopStatus

from . import grading
from .models import (
    Attempt,
    Quiz,
    QuizKind,
)


@dataclass(frozen=True)
class Window:
    """When a quiz accepts attempts for one trainee."""

    opens_at: datetime | None
    closes_at: datetime | None
    #: The workshop whose pre- or post-test the trainee takes it as, if any.
    workshop: Workshop | None
    #: Whether the closing time is the start of that workshop (a pre-test).
    closed_by_workshop: bool

    def is_open(self, now: datetime) -> bool:
        """Whether a new attempt may start at `now`."""
        return grading.is_open(now, self.opens_at, self.closes_at)


def workshop_for(quiz: Quiz, user_id: int, now: datetime) -> Workshop | None:
    """The workshop, among the trainee's confirmed ones, whose pre- or post-test this quiz is.

    For a pre-test, the next one to start (else the one that started last: the test is closed);
    for a post-test, the one that started last (else the next one: the test is not open yet).
    """
    is_pre = quiz.kind == QuizKind.PRE
    column = Workshop.pre_quiz_id if is_pre else Workshop.post_quiz_id
    workshops = db.session.scalars(
        sa.select(Workshop)
        .join(Registration, Registration.workshop_id == Workshop.id)
        .where(
            Registration.user_id == user_id,
            Registration.status == RegistrationStatus.CONFIRMED.value,
            Workshop.status != WorkshopStatus.CANCELLED.value,
            column == quiz.id,
        )
        .order_by(Workshop.starts_at)
    ).all()
    upcoming = [w for w in workshops if w.starts_at > now]
    started = [w for w in workshops if w.starts_at <= now]
    if is_pre:
        return upcoming[0] if upcoming else (started[-1] if started else None)
    return started[-1] if started else (upcoming[0] if upcoming else None)


def _closing(quiz: Quiz, workshop: Workshop | None) -> tuple[datetime | None, bool]:
    closes_at = quiz.closes_at
    # A pre-test measures what people knew before: it closes when the workshop starts.
    is_pre_test = workshop is not None and workshop.pre_quiz_id == quiz.id
    if is_pre_test and (closes_at is None or workshop.starts_at < closes_at):
        return workshop.starts_at, True
    return closes_at, False


def _opening(quiz: Quiz, workshop: Workshop | None) -> datetime | None:
    opens_at = quiz.opens_at
    # A post-test measures what the workshop taught: it opens when the workshop starts.
    is_post_test = workshop is not None and workshop.post_quiz_id == quiz.id
    if is_post_test and (opens_at is None or workshop.starts_at > opens_at):
        return workshop.starts_at
    return opens_at


def window_for(quiz: Quiz, user_id: int, now: datetime) -> Window:
    """When the quiz accepts attempts for this trainee: a workshop's pre-test closes when the
    workshop starts, and its post-test opens then."""
    workshop = workshop_for(quiz, user_id, now)
    closes_at, by_workshop = _closing(quiz, workshop)
    return Window(_opening(quiz, workshop), closes_at, workshop, by_workshop)


def attempt_closes_at(attempt: Attempt) -> datetime | None:
    """When the quiz closed or closes for this attempt (for "review after the close")."""
    return _closing(attempt.quiz, attempt.workshop)[0]
