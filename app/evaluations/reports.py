"""Reports on what quizzes show: knowledge gain of a workshop, item analysis of a quiz, and
gradebooks of a workshop or module. Reads the database, computes with the pure modules
(app/quizzes/analysis.py, gain.py, app/quizzes/grading.py); never writes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.access import Role
from app.extensions import db
from app.learning.models import Module
from app.quizzes.analysis import CohortGain, ItemStatistics, cohort_gain, item_analysis
from app.quizzes.models import FINISHED_STATES, Attempt, Question, Quiz
from app.workshops.models import (
    Registration,
    RegistrationStatus,
    Workshop,
    WorkshopModule,
    WorkshopSession,
    workshop_trainers,
)
from app.workshops.participants import name_sort_key

from .gain import ObjectiveGain, gain_histogram, objective_gains

# --- Who may read which report ---------------------------------------------------------------------


def is_staff(user: User) -> bool:
    """Coordinators and admins read every report."""
    return user.has_role(Role.COORDINATOR, Role.ADMIN)


def can_read_workshop(user: User, workshop: Workshop) -> bool:
    """A workshop's reports: coordinators, admins and the workshop's own trainers."""
    return is_staff(user) or workshop.is_trainer(user)


def workshops_using(module: Module) -> sa.Select:
    """Workshops that teach from a module: linked to it, with a session from it, or with a pre-
    or post-test of it."""
    quiz_ids = sa.select(Quiz.id).where(Quiz.module_id == module.id)
    return sa.select(Workshop.id).where(
        sa.or_(
            Workshop.id.in_(
                sa.select(WorkshopModule.workshop_id).where(WorkshopModule.module_id == module.id)
            ),
            Workshop.id.in_(
                sa.select(WorkshopSession.workshop_id).where(WorkshopSession.module_id == module.id)
            ),
            Workshop.pre_quiz_id.in_(quiz_ids),
            Workshop.post_quiz_id.in_(quiz_ids),
        )
    )


def can_read_module(user: User, module: Module) -> bool:
    """A module's gradebook: coordinators, admins and trainers of a workshop that uses it."""
    if is_staff(user):
        return True
    if not user.has_role(Role.TRAINER):
        return False
    return bool(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(workshop_trainers)
            .where(
                workshop_trainers.c.user_id == user.id,
                workshop_trainers.c.workshop_id.in_(workshops_using(module)),
            )
        )
    )


# --- Attempts -----------------------------------------------------------------------------------


def _finished_attempts(quiz_id: int, user_ids=None) -> list[Attempt]:
    """Graded attempts at a quiz, oldest first per person, with their answers."""
    query = (
        sa.select(Attempt)
        .where(Attempt.quiz_id == quiz_id, Attempt.state.in_(FINISHED_STATES))
        .options(selectinload(Attempt.answers))
        .order_by(Attempt.user_id, Attempt.number)
    )
    if user_ids is not None:
        query = query.where(Attempt.user_id.in_(user_ids))
    return list(db.session.scalars(query))


def participants(workshop: Workshop) -> list[User]:
    """The workshop's confirmed participants, in sign-in-sheet order."""
    users = db.session.scalars(
        sa.select(User)
        .join(Registration, Registration.user_id == User.id)
        .where(
            Registration.workshop_id == workshop.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).all()
    return sorted(users, key=name_sort_key)


def _first_counting_attempts(
    quiz_id: int | None, workshop: Workshop, user_ids: list[int], before_start: bool
) -> dict[int, Attempt]:
    """Each participant's first graded attempt that counts for the workshop's pre-test (submitted
    by the time the workshop starts) or post-test (submitted after it started). Attempts taken
    as another workshop's test do not count."""
    if quiz_id is None or not user_ids:
        return {}
    first: dict[int, Attempt] = {}
    for attempt in _finished_attempts(quiz_id, user_ids):
        if attempt.workshop_id not in (None, workshop.id) or attempt.user_id in first:
            continue
        submitted: datetime | None = attempt.submitted_at
        if submitted is None:
            continue
        if before_start and submitted > workshop.starts_at:
            continue
        if not before_start and submitted < workshop.starts_at:
            continue
        first[attempt.user_id] = attempt
    return first


# --- Knowledge gain -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GainReport:
    """A workshop's knowledge gain from its pre- and post-test."""

    workshop: Workshop
    pre_quiz: Quiz | None
    post_quiz: Quiz | None
    participants: int
    cohort: CohortGain
    #: People with both tests, in sign-in-sheet order: (user, pre, post, gain or None).
    people: list[tuple[User, float, float, float | None]]
    only_pre: int
    only_post: int
    histogram: list[int]
    objectives: list[ObjectiveGain]
    #: objective id -> the module's {"id", "en", "zh"} entry, for its wording.
    objective_texts: dict[str, dict]


def _item_scores_by_objective(attempt: Attempt, objectives: dict[int, str]) -> dict[str, list]:
    """{objective: [item scores 0-1]} of one attempt; questions shown but unanswered count 0."""
    answered = {a.question_id: a.score for a in attempt.answers}
    shown = attempt.question_order or list(answered)
    by_objective: dict[str, list[float]] = defaultdict(list)
    for question_id in shown:
        objective = objectives.get(int(question_id), "")
        if objective:
            score = answered.get(int(question_id))
            by_objective[objective].append(float(score) if score is not None else 0.0)
    return by_objective


def knowledge_gain(workshop: Workshop) -> GainReport:
    """Gain over the participants who took both the pre-test and the post-test."""
    people = participants(workshop)
    user_ids = [u.id for u in people]
    pre_quiz = db.session.get(Quiz, workshop.pre_quiz_id) if workshop.pre_quiz_id else None
    post_quiz = db.session.get(Quiz, workshop.post_quiz_id) if workshop.post_quiz_id else None
    pre = _first_counting_attempts(workshop.pre_quiz_id, workshop, user_ids, before_start=True)
    post = _first_counting_attempts(workshop.post_quiz_id, workshop, user_ids, before_start=False)
    both = [u for u in people if u.id in pre and u.id in post]
    cohort = cohort_gain({u.id: (pre[u.id].score, post[u.id].score) for u in both})
    gains = {p.person: p.gain for p in cohort.people}
    rows = [(u, float(pre[u.id].score), float(post[u.id].score), gains[u.id]) for u in both]
    question_ids = {
        int(q)
        for attempt in (*pre.values(), *post.values())
        for q in (attempt.question_order or [a.question_id for a in attempt.answers])
    }
    objectives = dict(
        db.session.execute(
            sa.select(Question.id, Question.objective).where(Question.id.in_(question_ids))
        ).all()
    )
    both_ids = {u.id for u in both}
    module = (post_quiz or pre_quiz).module if (post_quiz or pre_quiz) else None
    texts = {o["id"]: o for o in (module.objectives if module else []) if "id" in o}
    return GainReport(
        workshop=workshop,
        pre_quiz=pre_quiz,
        post_quiz=post_quiz,
        participants=len(people),
        cohort=cohort,
        people=rows,
        only_pre=len(set(pre) - both_ids),
        only_post=len(set(post) - both_ids),
        histogram=gain_histogram([g for *_rest, g in rows if g is not None]),
        objectives=objective_gains(
            {uid: _item_scores_by_objective(pre[uid], objectives) for uid in both_ids},
            {uid: _item_scores_by_objective(post[uid], objectives) for uid in both_ids},
            order=list(texts),
        ),
        objective_texts=texts,
    )


# --- Item analysis ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemReport:
    """How each question of a quiz performed, over each person's first graded attempt."""

    quiz: Quiz
    people: int
    items: list[ItemStatistics]
    #: objective id -> the module's {"id", "en", "zh"} entry, for its wording.
    objective_texts: dict[str, dict] = field(default_factory=dict)


def quiz_item_analysis(quiz: Quiz) -> ItemReport:
    """Facility and discrimination per question (analysis.item_analysis). Only each person's first
    graded attempt counts, so that people who retook the quiz after seeing feedback do not make
    questions look easier than they are."""
    first: dict[int, Attempt] = {}
    for attempt in _finished_attempts(quiz.id):
        first.setdefault(attempt.user_id, attempt)
    rows = []
    for attempt in first.values():
        answered = {a.question_id: a.score for a in attempt.answers}
        shown = [int(q) for q in (attempt.question_order or list(answered))]
        items = {q: float(answered[q]) if answered.get(q) is not None else 0.0 for q in shown}
        rows.append((float(attempt.score or 0), items))
    questions = quiz.questions
    statistics = item_analysis(rows, [q.id for q in questions])
    by_id = {q.id: q for q in questions}
    items = [replace(s, question=by_id[s.question]) for s in statistics]
    texts = {o["id"]: o for o in quiz.module.objectives or [] if "id" in o}
    return ItemReport(quiz, len(rows), items, texts)


def workshop_quizzes(workshop: Workshop) -> list[Quiz]:
    """The workshop's pre- and post-test, then the quizzes of the modules linked to it."""
    chosen = [i for i in (workshop.pre_quiz_id, workshop.post_quiz_id) if i]
    module_ids = [link.module_id for link in workshop.module_links]
    others = (
        db.session.scalars(
            sa.select(Quiz)
            .where(
                Quiz.module_id.in_(module_ids),
                Quiz.retired.is_(False),
                Quiz.id.not_in(chosen),
            )
            .order_by(Quiz.module_id, Quiz.id)
        ).all()
        if module_ids
        else []
    )
    first = [db.session.get(Quiz, i) for i in chosen]
    return [q for q in first if q is not None] + list(others)


def module_quizzes(module: Module) -> list[Quiz]:
    """A module's quizzes (retired ones only when someone took them)."""
    taken = sa.select(Attempt.quiz_id)
    return list(
        db.session.scalars(
            sa.select(Quiz)
            .where(
                Quiz.module_id == module.id,
                sa.or_(Quiz.retired.is_(False), Quiz.id.in_(taken)),
            )
            .order_by(Quiz.id)
        )
    )
