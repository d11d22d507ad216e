"""Quiz results for other features: My page, certificates, evaluations and reports.

Reads only: one query per call, whatever the number of trainees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from app.extensions import db
from app.learning.models import Module

from . import grading
from .models import (
    FINISHED_STATES,
    Attempt,
    Quiz,
)
from .services import (
    KIND_ORDER,
    module_final_quiz,
)


@dataclass(frozen=True)
class QuizResult:
    """One trainee's standing in one quiz."""

    quiz: Quiz
    user_id: int
    #: Graded attempts (submitted or closed at the deadline).
    attempts_used: int
    best: Decimal | None
    last: Decimal | None
    #: The score that counts under the quiz's grading method.
    counted: Decimal | None
    passed: bool
    in_progress: bool


def _results(quizzes: Iterable[Quiz], user_ids: Iterable[int] | None) -> list[QuizResult]:
    quizzes = {quiz.id: quiz for quiz in quizzes}
    if not quizzes:
        return []
    query = (
        sa.select(Attempt.quiz_id, Attempt.user_id, Attempt.state, Attempt.score)
        .where(Attempt.quiz_id.in_(quizzes))
        .order_by(Attempt.quiz_id, Attempt.user_id, Attempt.number)
    )
    if user_ids is not None:
        query = query.where(Attempt.user_id.in_(list(user_ids)))
    attempts: dict[tuple[int, int], list[tuple[str, Decimal | None]]] = defaultdict(list)
    for quiz_id, user_id, state, score in db.session.execute(query):
        attempts[(quiz_id, user_id)].append((state, score))
    return [
        _result(quizzes[quiz_id], user_id, attempts[(quiz_id, user_id)])
        for quiz_id, user_id in sorted(attempts)
    ]


def _result(quiz: Quiz, user_id: int, attempts: list[tuple[str, Decimal | None]]) -> QuizResult:
    """One trainee's result from their attempts' (state, score), oldest first."""
    done = [score for state, score in attempts if state in FINISHED_STATES and score is not None]
    counted = grading.final_score(done, quiz.grading_method)
    return QuizResult(
        quiz=quiz,
        user_id=user_id,
        attempts_used=len(done),
        best=max(done) if done else None,
        last=done[-1] if done else None,
        counted=counted,
        passed=counted is not None and counted >= Decimal(quiz.pass_mark),
        in_progress=len(done) < len(attempts),
    )


def result_from_attempts(quiz: Quiz, user_id: int, attempts: list[Attempt]) -> QuizResult | None:
    """What `results_of_user([quiz], user_id)` gives, from the trainee's attempts already loaded
    (oldest first): the quiz page has them in hand. None before a first attempt."""
    if not attempts:
        return None
    return _result(quiz, user_id, [(attempt.state, attempt.score) for attempt in attempts])


def quiz_results(quiz: Quiz, user_ids: Iterable[int] | None = None) -> dict[int, QuizResult]:
    """Each trainee's result in a quiz (only those who started it), by user id."""
    return {result.user_id: result for result in _results([quiz], user_ids)}


def results_of_user(quizzes: Iterable[Quiz], user_id: int) -> dict[int, QuizResult]:
    """One trainee's result in each of these quizzes that they started, by quiz id."""
    return {result.quiz.id: result for result in _results(quizzes, [user_id])}


def first_attempt_scores(quiz_id: int, user_ids: Iterable[int]) -> dict[int, Decimal]:
    """Each trainee's score in their first graded attempt at a quiz (what pre/post gains use)."""
    rows = db.session.execute(
        sa.select(Attempt.user_id, Attempt.score)
        .where(
            Attempt.quiz_id == quiz_id,
            Attempt.user_id.in_(list(user_ids)),
            Attempt.state.in_(FINISHED_STATES),
            Attempt.score.is_not(None),
        )
        .order_by(Attempt.user_id, Attempt.number)
    )
    first: dict[int, Decimal] = {}
    for user_id, score in rows:
        first.setdefault(user_id, score)
    return first


def final_quiz_passed(user_ids: Iterable[int], module_id: int) -> set[int]:
    """The users who passed the module's final quiz, by its grading method (highest or last)."""
    quiz = module_final_quiz(module_id)
    if quiz is None:
        return set()
    return {r.user_id for r in _results([quiz], list(user_ids)) if r.passed}


def my_quiz_results(user_id: int) -> list[QuizResult]:
    """The quizzes a trainee has taken, for "My page": module by module, in kind order."""
    taken = sa.select(Attempt.quiz_id).where(Attempt.user_id == user_id)
    quizzes = db.session.scalars(
        sa.select(Quiz)
        .join(Module)
        .where(Quiz.id.in_(taken))
        .options(contains_eager(Quiz.module))  # the page names each quiz's module
        .order_by(Module.slug, Quiz.id)
    ).all()
    if not quizzes:
        return []
    results = _results(quizzes, [user_id])
    order = {quiz.id: index for index, quiz in enumerate(quizzes)}
    return sorted(
        results, key=lambda r: (order[r.quiz.id], KIND_ORDER.get(r.quiz.kind, 9), r.quiz.key)
    )
