"""Attempts under real concurrency: threads starting, saving and submitting at once (PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.extensions import db as _db
from app.quizzes import attempts, services
from app.quizzes.models import Attempt, Quiz
from tests.conftest import make_user, run_at_once
from tests.quizzes.factories import RIGHT, make_quiz, question_ids

pytestmark = pytest.mark.postgres

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("draw", [0, 1], ids=["fixed", "drawn"])
def test_simultaneous_starts_make_one_attempt(app, db, postgres_only, draw):
    quiz_id = make_quiz(attempts_allowed=1, draw_per_objective=draw).id
    user_id = make_user().id

    def start():
        attempt = attempts.start_attempt(_db.session.get(Quiz, quiz_id), user_id, NOW)
        return attempt.id, tuple(attempt.question_order)

    results, errors = run_at_once(app, [start] * 12)
    assert errors == []
    assert len(set(results)) == 1  # everyone got the same attempt, with the same items
    rows = db.session.scalars(sa.select(Attempt).where(Attempt.quiz_id == quiz_id)).all()
    assert len(rows) == 1 and rows[0].number == 1
    assert len(rows[0].question_order) == (2 if draw else 7)


@pytest.mark.parametrize("draw", [0, 2], ids=["fixed", "drawn"])
def test_attempt_limit_holds_under_concurrent_starts(app, db, postgres_only, draw):
    quiz = make_quiz(attempts_allowed=3, draw_per_objective=draw)
    quiz_id, user_id = quiz.id, make_user().id
    for _ in range(2):
        attempts.submit_attempt(attempts.start_attempt(quiz, user_id, NOW), NOW)
    db.session.commit()

    def start_and_submit():
        session_quiz = _db.session.get(Quiz, quiz_id)
        attempt = attempts.start_attempt(session_quiz, user_id, NOW)
        _db.session.commit()
        attempts.submit_attempt(attempt, NOW)
        return attempt.number

    results, errors = run_at_once(app, [start_and_submit] * 10)
    assert all(isinstance(e, services.NoAttemptsLeft) for e in errors), errors
    numbers = db.session.scalars(
        sa.select(Attempt.number).where(Attempt.quiz_id == quiz_id, Attempt.user_id == user_id)
    ).all()
    assert sorted(numbers) == [1, 2, 3]
    assert set(results) == {3}


def test_simultaneous_submits_grade_once(app, db, postgres_only):
    quiz = make_quiz()
    user_id = make_user().id
    attempt = attempts.start_attempt(quiz, user_id, NOW)
    ids = question_ids(quiz)
    attempts.save_answers(attempt, {ids[key]: value for key, value in RIGHT.items()}, NOW)
    db.session.commit()
    attempt_id = attempt.id

    def submit():
        return attempts.submit_attempt(_db.session.get(Attempt, attempt_id), NOW)

    results, errors = run_at_once(app, [submit] * 10)
    assert errors == []
    assert results.count(True) == 1 and results.count(False) == 9
    db.session.expire_all()
    graded = db.session.get(Attempt, attempt_id)
    assert graded.state == "submitted" and str(graded.score) == "100.00"


def test_simultaneous_autosaves_of_one_attempt_keep_one_answer_per_question(app, db, postgres_only):
    quiz = make_quiz()
    user_id = make_user().id
    attempt = attempts.start_attempt(quiz, user_id, NOW)
    db.session.commit()
    attempt_id, fees = attempt.id, question_ids(quiz)["fees"]

    def save(choice):
        def job():
            attempt = _db.session.get(Attempt, attempt_id)
            return attempts.save_answers(attempt, {fees: [choice]}, NOW)

        return job

    results, errors = run_at_once(app, [save(c) for c in "abcdabcd"])
    assert errors == [] and results == [1] * 8
    db.session.expire_all()
    saved = db.session.get(Attempt, attempt_id).answers
    assert len(saved) == 1 and saved[0].response in list("abcd")
