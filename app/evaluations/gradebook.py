"""The gradebook: each trainee's standing in a module's quizzes, by quiz and by learning objective.

Reads only: bounded queries whatever the number of trainees."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.extensions import db
from app.learning.models import Module
from app.quizzes.grading import GradingMethod, final_score
from app.quizzes.models import FINISHED_STATES, Attempt, Question, Quiz
from app.workshops.participants import name_sort_key


@dataclass(frozen=True)
class GradeCell:
    """One trainee's results on one quiz."""

    attempts: int
    best: Decimal | None
    last: Decimal | None
    #: The score that counts under the quiz's grading method.
    counted: Decimal | None
    #: True/False once attempted and the quiz has a pass mark; None otherwise.
    passed: bool | None


@dataclass(frozen=True)
class ObjectiveRow:
    """How the gradebook's trainees did on one learning objective, quiz by quiz."""

    module: Module
    objective: str
    #: The module's {"id", "en", "zh"} entry, for its wording (None: no longer in the module).
    text: dict | None
    #: Mean share of the points (percent) on the objective's items, per quiz of the gradebook;
    #: None where nobody met an item of it.
    means: list[float | None]


@dataclass(frozen=True)
class Gradebook:
    """Trainees down the side, quizzes across the top; then the objectives, quiz by quiz."""

    quizzes: list[Quiz]
    rows: list[tuple[User, list[GradeCell]]]
    objectives: list[ObjectiveRow] = field(default_factory=list)


def _objective_rows(quizzes: list[Quiz], attempts: list[Attempt]) -> list[ObjectiveRow]:
    """Per objective, the mean item score of each quiz's graded attempts. Items are what each
    attempt asked (its own draw, its own form), so drawn and parallel forms compare fairly."""
    question_ids = {int(q) for a in attempts for q in a.question_order or []}
    objectives = (
        dict(
            db.session.execute(
                sa.select(Question.id, Question.objective).where(Question.id.in_(question_ids))
            ).all()
        )
        if question_ids
        else {}
    )
    column = {quiz.id: index for index, quiz in enumerate(quizzes)}
    modules = {quiz.id: quiz.module for quiz in quizzes}
    scores: dict[tuple[int, str], list[list[float]]] = {}
    for attempt in attempts:
        answered = {a.question_id: a.score for a in attempt.answers}
        module = modules[attempt.quiz_id]
        for question_id in attempt.question_order or []:
            objective = objectives.get(int(question_id))
            if not objective:
                continue
            cells = scores.setdefault((module.id, objective), [[] for _ in quizzes])
            score = answered.get(int(question_id))
            cells[column[attempt.quiz_id]].append(float(score) if score is not None else 0.0)
    rows = []
    seen_modules: dict[int, Module] = {}
    for quiz in quizzes:
        seen_modules.setdefault(quiz.module_id, quiz.module)
    for module in seen_modules.values():
        texts = {o["id"]: o for o in module.objectives or [] if "id" in o}
        keys = [k for k in texts if (module.id, k) in scores]
        keys += sorted(k for m, k in scores if m == module.id and k not in texts)
        for key in keys:
            cells = scores[(module.id, key)]
            means = [100 * sum(c) / len(c) if c else None for c in cells]
            rows.append(ObjectiveRow(module, key, texts.get(key), means))
    return rows


def _cell(quiz: Quiz, attempts: list[Attempt]) -> GradeCell:
    scores = [a.score for a in attempts if a.score is not None]
    if not scores:
        return GradeCell(0, None, None, None, None)
    counted = final_score(scores, GradingMethod(quiz.grading))
    passed = counted >= quiz.pass_mark if quiz.pass_mark else None
    return GradeCell(len(attempts), max(scores), scores[-1], counted, passed)


def gradebook(quizzes: list[Quiz], users: list[User] | None) -> Gradebook:
    """Each trainee's best and last score, attempts used and pass/fail per quiz. `users` None:
    everyone who made an attempt at one of the quizzes."""
    quiz_ids = [q.id for q in quizzes]
    attempts = (
        list(
            db.session.scalars(
                sa.select(Attempt)
                .where(Attempt.quiz_id.in_(quiz_ids), Attempt.state.in_(FINISHED_STATES))
                .options(selectinload(Attempt.answers))
                .order_by(Attempt.number)
            )
        )
        if quiz_ids
        else []
    )
    if users is None:
        ids = {a.user_id for a in attempts}
        users = sorted(
            db.session.scalars(sa.select(User).where(User.id.in_(ids))).all(), key=name_sort_key
        )
    grouped: dict[tuple[int, int], list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        grouped[(attempt.user_id, attempt.quiz_id)].append(attempt)
    rows = [(u, [_cell(q, grouped.get((u.id, q.id), [])) for q in quizzes]) for u in users]
    listed = {u.id for u in users}
    return Gradebook(
        quizzes, rows, _objective_rows(quizzes, [a for a in attempts if a.user_id in listed])
    )
