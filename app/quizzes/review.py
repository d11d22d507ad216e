"""Paging an attempt and what its review shows: pages of questions, answers held back.

Reads only; every function that depends on the time takes `now`."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db

from . import grading
from .models import (
    Attempt,
    AttemptState,
    QuizKind,
    ReviewShows,
    ReviewWhen,
)
from .windows import attempt_closes_at

#: Questions shown on one page of an attempt.
QUESTIONS_PER_PAGE = 5


def page_count(attempt: Attempt) -> int:
    """How many pages the attempt's questions fill."""
    return max(1, -(-len(attempt.question_order) // QUESTIONS_PER_PAGE))


def page_question_ids(attempt: Attempt, page: int) -> list[int]:
    """The question ids shown on page `page` (from 1) of the attempt."""
    start = (page - 1) * QUESTIONS_PER_PAGE
    return attempt.question_order[start : start + QUESTIONS_PER_PAGE]


def review_shows(attempt: Attempt, now: datetime) -> frozenset[str]:
    """What the trainee may see of a finished attempt now: a subset of the quiz's review_shows."""
    if not attempt.is_finished:
        return frozenset()
    quiz = attempt.quiz
    # A pre-test never reveals answers: its feedback would teach the post-test.
    if quiz.review_when == ReviewWhen.NEVER.value or quiz.kind == QuizKind.PRE.value:
        return frozenset()
    closes_at = attempt_closes_at(attempt)
    closed = closes_at is not None and now >= closes_at
    if quiz.review_when == ReviewWhen.AFTER_CLOSE.value and not closed:
        return frozenset()
    shows = frozenset(quiz.review_shows or ())
    if quiz.answers_after_last_attempt and not closed and not _no_attempt_left(attempt):
        # Correctness now; what is right (and why) once no attempt can use it.
        shows -= {ReviewShows.CORRECT_ANSWERS.value, ReviewShows.FEEDBACK.value}
    return shows


def answers_withheld(attempt: Attempt, shows: frozenset[str]) -> bool:
    """Whether a review (`shows`, from review_shows) holds back the correct answers and feedback
    until the last attempt is used or the quiz closes."""
    held = {ReviewShows.CORRECT_ANSWERS.value, ReviewShows.FEEDBACK.value}
    quiz = attempt.quiz
    return (
        quiz.answers_after_last_attempt
        and bool(shows)
        and bool(held & set(quiz.review_shows or ()))
        and not held & shows
    )


def _no_attempt_left(attempt: Attempt) -> bool:
    """Whether the trainee has used and finished every attempt at the quiz (never, when
    unlimited): while the last attempt is in progress, the answers stay held back."""
    states = db.session.scalars(
        sa.select(Attempt.state).where(
            Attempt.quiz_id == attempt.quiz_id, Attempt.user_id == attempt.user_id
        )
    ).all()
    return (
        grading.attempts_left(attempt.quiz.attempts_allowed, len(states)) == 0
        and AttemptState.IN_PROGRESS.value not in states
    )
