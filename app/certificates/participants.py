"""Who may get a certificate for a workshop, module or exchange, and whether they qualify.

Loads what the pure rules in eligibility.py need in a bounded number of queries, and pairs each
person with their verdict and their valid certificate, if any. `final_quiz_results` is the one
place the final-quiz rule of completion certificates is read from.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.auth.names import PersonName
from app.core.db import utcnow
from app.exchanges.models import DelegationMember
from app.exchanges.workflow import Status as ExchangeStatus
from app.extensions import db
from app.learning.models import Lesson, LessonProgress, ModuleVisit
from app.quizzes.results import final_quiz_passed
from app.quizzes.services import module_final_quiz
from app.workshops.marking import attendance_rates
from app.workshops.models import WorkshopStatus
from app.workshops.participants import confirmed_participants, name_sort_key

from . import eligibility
from .eligibility import Kind, Verdict
from .models import Certificate, Status


@dataclass(frozen=True)
class Row:
    """One person on an eligibility page."""

    name: PersonName
    user: User | None  # None for an exchange member without an account
    verdict: Verdict
    certificate: Certificate | None
    detail: str = ""  # e.g. "4 of 5 sessions" or "3 of 7 lessons"

    @property
    def can_issue(self) -> bool:
        """Whether a certificate can be issued at all (the person has an account, none yet)."""
        return self.user is not None and self.certificate is None


def _live_by_holder(kind: Kind, subject_id: int) -> dict[int, Certificate]:
    return {
        c.holder_id: c
        for c in db.session.scalars(
            sa.select(Certificate).where(
                Certificate.kind == kind.value,
                Certificate.subject_id == subject_id,
                Certificate.status == Status.LIVE.value,
            )
        )
        if c.holder_id is not None
    }


# --- Workshops -----------------------------------------------------------------------------------


def workshop_rows(workshop) -> list[Row]:
    """Every confirmed participant in roster order, with their attendance verdict."""
    people = confirmed_participants(workshop)
    rates = attendance_rates(workshop, [p.id for p in people])
    ended = workshop.status == WorkshopStatus.COMPLETED or workshop.ends_at <= utcnow()
    cancelled = workshop.status == WorkshopStatus.CANCELLED
    live = _live_by_holder(Kind.ATTENDANCE, workshop.id)
    rows = []
    for person in people:
        rate = rates[person.id]
        verdict = eligibility.attendance(
            rate.attended,
            rate.counted,
            workshop.attendance_threshold_percent,
            workshop_ended=ended,
            workshop_cancelled=cancelled,
        )
        rows.append(
            Row(
                person.name, person, verdict, live.get(person.id), f"{rate.attended}/{rate.counted}"
            )
        )
    return rows


# --- Modules -------------------------------------------------------------------------------------


def final_quiz_results(user_ids: list[int], module_id: int) -> dict[int, bool | None]:
    """user id -> whether they passed the module's designated final quiz; None for everyone
    when the module has no final quiz (a pre-test never gates a certificate).

    The only place completion certificates learn about quizzes.
    """
    if module_final_quiz(module_id) is None:
        return dict.fromkeys(user_ids)
    passed = final_quiz_passed(user_ids, module_id)
    return {user_id: user_id in passed for user_id in user_ids}


def lesson_counts(module_id: int, user_ids: list[int]) -> tuple[int, dict[int, int]]:
    """The module's lesson count and, per person, how many of its lessons they have done."""
    total = db.session.scalar(
        sa.select(sa.func.count(Lesson.id)).where(
            Lesson.module_id == module_id, Lesson.retired.is_(False)
        )
    )
    done: dict[int, int] = dict.fromkeys(user_ids, 0)
    if user_ids:
        for user_id, count in db.session.execute(
            sa.select(LessonProgress.user_id, sa.func.count(LessonProgress.id))
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(
                Lesson.module_id == module_id,
                Lesson.retired.is_(False),
                LessonProgress.user_id.in_(user_ids),
            )
            .group_by(LessonProgress.user_id)
        ):
            done[user_id] = int(count)
    return int(total or 0), done


def completion_verdicts(module_id: int, user_ids: list[int]) -> dict[int, Verdict]:
    """user id -> completion verdict for the module."""
    total, done = lesson_counts(module_id, user_ids)
    quiz = final_quiz_results(user_ids, module_id)
    return {uid: eligibility.completion(done[uid], total, quiz.get(uid)) for uid in user_ids}


def module_rows(module) -> list[Row]:
    """Everyone who has started the module (or holds its certificate), with their verdict."""
    live = _live_by_holder(Kind.COMPLETION, module.id)
    learners = sa.union(
        sa.select(LessonProgress.user_id)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(Lesson.module_id == module.id),
        sa.select(ModuleVisit.user_id).where(ModuleVisit.module_id == module.id),
    ).subquery()
    ids = set(db.session.scalars(sa.select(learners.c.user_id))) | set(live)
    users = sorted(
        db.session.scalars(sa.select(User).where(User.id.in_(ids))).all(), key=name_sort_key
    )
    total, done = lesson_counts(module.id, [u.id for u in users])
    quiz = final_quiz_results([u.id for u in users], module.id)
    return [
        Row(
            u.name,
            u,
            eligibility.completion(done[u.id], total, quiz.get(u.id)),
            live.get(u.id),
            f"{done[u.id]}/{total}",
        )
        for u in users
    ]


# --- Exchanges -----------------------------------------------------------------------------------


def exchange_rows(exchange) -> list[Row]:
    """Every delegation member, with their participation verdict."""
    members = db.session.scalars(
        sa.select(DelegationMember)
        .where(DelegationMember.exchange_id == exchange.id)
        .options(selectinload(DelegationMember.user))
        .order_by(DelegationMember.id)
    ).all()
    live = _live_by_holder(Kind.PARTICIPATION, exchange.id)
    completed = exchange.status == ExchangeStatus.COMPLETED
    return [
        Row(
            m.name,
            m.user,
            eligibility.participation(completed, m.user is not None, m.accompanying),
            live.get(m.user_id) if m.user_id else None,
        )
        for m in members
    ]


def rows_for(kind: Kind, subject) -> list[Row]:
    """The eligibility rows of a subject of the given kind."""
    if kind is Kind.ATTENDANCE:
        return workshop_rows(subject)
    if kind is Kind.COMPLETION:
        return module_rows(subject)
    return exchange_rows(subject)
