"""Attempts: starting, resuming, saving, grading once, timing (frozen clock), results."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.quizzes import attempts, review, services, windows
from app.quizzes import results as quizzes_results
from app.quizzes.models import Answer, Attempt, AttemptState
from app.workshops.models import Registration
from tests.conftest import make_user
from tests.quizzes.factories import RIGHT, make_quiz, question_ids
from tests.workshops.factories import make_workshop

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def _answer_all(quiz, attempt, now, answers=None):
    ids = question_ids(quiz)
    answers = RIGHT if answers is None else answers
    attempts.save_answers(attempt, {ids[key]: value for key, value in answers.items()}, now)


def test_start_stores_the_order_and_resumes_the_same_attempt(db):
    quiz = make_quiz(shuffle_questions=True, shuffle_choices=True)
    user = make_user()
    attempt = attempts.start_attempt(quiz, user.id, NOW, rng=random.Random(4))
    db.session.commit()
    assert attempt.number == 1 and attempt.state == "in_progress"
    assert sorted(attempt.question_order) == sorted(question_ids(quiz).values())
    assert attempt.question_order != [q.id for q in quiz.questions]  # shuffled with this seed
    assert all(sorted(keys) == list("abcd") for keys in attempt.choice_order.values())
    assert attempt.deadline == NOW + timedelta(minutes=20)
    again = attempts.start_attempt(quiz, user.id, NOW + timedelta(minutes=5))
    assert again.id == attempt.id and again.question_order == attempt.question_order


def test_no_shuffle_keeps_the_authored_order(db):
    quiz = make_quiz()
    attempt = attempts.start_attempt(quiz, make_user().id, NOW)
    assert attempt.question_order == [q.id for q in quiz.questions]
    first = quiz.questions[0]
    assert attempt.choice_order[str(first.id)] == ["a", "b", "c", "d"]


def test_full_marks_pass_and_answer_scores_are_recorded(db):
    quiz = make_quiz()
    attempt = attempts.start_attempt(quiz, make_user().id, NOW)
    _answer_all(quiz, attempt, NOW + timedelta(minutes=1))
    assert attempts.submit_attempt(attempt, NOW + timedelta(minutes=2))
    db.session.commit()
    assert attempt.state == "submitted" and attempt.score == Decimal("100.00") and attempt.passed
    assert attempt.submitted_at == NOW + timedelta(minutes=2)
    assert {a.score for a in attempt.answers} == {Decimal(1)}


def test_partial_credit_and_a_failing_score(db):
    quiz = make_quiz()
    attempt = attempts.start_attempt(quiz, make_user().id, NOW)
    answers = dict(RIGHT)
    answers["red-flags"] = ["a", "c"]  # one right (+1/2), one wrong (-1/2): 0
    answers["documents"] = ["a", "c"]  # two of three right: 2/3
    answers["months"] = ["11"]
    answers["ratified"] = []  # left blank
    _answer_all(quiz, attempt, NOW, answers)
    attempts.submit_attempt(attempt, NOW + timedelta(minutes=1))
    # 3 singles right + 2/3: (3 + 2/3) / 7 = 52.38 %
    assert attempt.score == Decimal("52.38") and attempt.passed is False
    scores = {a.question_id: a.score for a in attempt.answers}
    ids = question_ids(quiz)
    assert scores[ids["documents"]] == Decimal("0.6667")
    assert scores[ids["red-flags"]] == Decimal(0)


def test_saving_normalises_what_the_form_sent(db):
    quiz = make_quiz()
    attempt = attempts.start_attempt(quiz, make_user().id, NOW)
    ids = question_ids(quiz)
    attempts.save_answers(
        attempt,
        {
            ids["fees"]: ["z"],  # not a choice
            ids["licence"]: ["a", "b"],  # two values for a single-choice question
            ids["red-flags"]: ["b", "a", "x"],
            ids["ratified"]: ["maybe"],
            ids["months"]: ["  １２ "],
            999999: ["a"],  # not in the attempt
        },
        NOW,
    )
    saved = attempts.responses_of(attempt)
    assert saved[ids["fees"]] is None and saved[ids["licence"]] is None
    assert saved[ids["red-flags"]] == ["a", "b"]
    assert saved[ids["ratified"]] is None
    assert saved[ids["months"]] == "１２"
    assert 999999 not in saved
    attempts.submit_attempt(attempt, NOW)
    assert attempts.responses_of(attempt)[ids["months"]] == "１２"
    assert next(a.score for a in attempt.answers if a.question_id == ids["months"]) == 1


def test_second_submit_grades_nothing(db):
    quiz = make_quiz()
    attempt = attempts.start_attempt(quiz, make_user().id, NOW)
    _answer_all(quiz, attempt, NOW)
    assert attempts.submit_attempt(attempt, NOW + timedelta(minutes=1)) is True
    db.session.commit()
    assert attempts.submit_attempt(attempt, NOW + timedelta(minutes=3)) is False
    assert attempts.finish_attempt(attempt, NOW, AttemptState.SUBMITTED) is False
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).submitted_at == NOW + timedelta(minutes=1)
    with pytest.raises(services.AttemptFinished):
        attempts.save_answers(attempt, {question_ids(quiz)["fees"]: ["b"]}, NOW)


def test_saving_after_the_deadline_closes_and_grades_what_was_saved(db):
    quiz = make_quiz(time_limit_minutes=10)
    attempt = attempts.start_attempt(quiz, make_user().id, NOW)
    ids = question_ids(quiz)
    attempts.save_answers(attempt, {ids["fees"]: ["a"]}, NOW + timedelta(minutes=9))
    # Within the few seconds of grace a save still counts ...
    attempts.save_answers(attempt, {ids["licence"]: ["b"]}, NOW + timedelta(minutes=10, seconds=3))
    # ... after it, nothing is saved and the attempt is closed.
    with pytest.raises(services.AttemptFinished):
        attempts.save_answers(
            attempt, {ids["register"]: ["c"]}, NOW + timedelta(minutes=10, seconds=6)
        )
    assert attempt.state == "expired"
    assert attempt.submitted_at == NOW + timedelta(minutes=10)
    assert attempt.score == Decimal("28.57")  # 2 of 7
    assert ids["register"] not in attempts.responses_of(attempt)


def test_submitting_late_counts_as_expired(db):
    quiz = make_quiz(time_limit_minutes=10)
    attempt = attempts.start_attempt(quiz, make_user().id, NOW)
    _answer_all(quiz, attempt, NOW)
    assert attempts.submit_attempt(attempt, NOW + timedelta(minutes=30))
    assert attempt.state == "expired" and attempt.submitted_at == NOW + timedelta(minutes=10)
    assert attempt.score == Decimal("100.00")


def test_lazy_close_and_the_close_expired_command(db):
    quiz = make_quiz(time_limit_minutes=5)
    early, late = make_user(), make_user()
    first = attempts.start_attempt(quiz, early.id, NOW)
    second = attempts.start_attempt(quiz, late.id, NOW + timedelta(minutes=4))
    db.session.commit()
    at = NOW + timedelta(minutes=6)
    assert attempts.close_overdue_of(late.id, at) == 0
    assert attempts.close_expired(at) == 1
    db.session.commit()
    assert first.state == "expired" and second.state == "in_progress"
    assert attempts.close_overdue_of(late.id, NOW + timedelta(minutes=10)) == 1
    assert second.state == "expired"


def test_attempt_limit_and_a_new_attempt_after_finishing(db):
    quiz = make_quiz(attempts_allowed=2)
    user = make_user()
    for number in (1, 2):
        attempt = attempts.start_attempt(quiz, user.id, NOW)
        assert attempt.number == number
        attempts.submit_attempt(attempt, NOW)
    with pytest.raises(services.NoAttemptsLeft):
        attempts.start_attempt(quiz, user.id, NOW)


def test_unlimited_attempts(db):
    quiz = make_quiz(attempts_allowed=0)
    user = make_user()
    for _ in range(5):
        attempts.submit_attempt(attempts.start_attempt(quiz, user.id, NOW), NOW)
    assert len(attempts.attempts_of(quiz.id, user.id)) == 5


def test_open_and_close_dates(db):
    quiz = make_quiz(opens_at=NOW, closes_at=NOW + timedelta(hours=1), time_limit_minutes=90)
    user = make_user()
    with pytest.raises(services.QuizClosed):
        attempts.start_attempt(quiz, user.id, NOW - timedelta(seconds=1))
    attempt = attempts.start_attempt(quiz, user.id, NOW + timedelta(minutes=30))
    assert attempt.deadline == NOW + timedelta(hours=1)  # the close comes before the limit
    attempts.submit_attempt(attempt, NOW + timedelta(minutes=40))
    with pytest.raises(services.QuizClosed):
        attempts.start_attempt(quiz, user.id, NOW + timedelta(hours=1))


def _participant(workshop, **profile):
    user = make_user(**profile)
    from app.extensions import db

    db.session.add(Registration(workshop_id=workshop.id, user_id=user.id, status="confirmed"))
    db.session.commit()
    return user


def test_a_workshops_pre_test_closes_when_the_workshop_starts(app, db):
    pre = make_quiz(kind="pre", pass_mark=0, attempts_allowed=1, time_limit_minutes=15)
    post = make_quiz(kind="post", same_questions_as=pre, pass_mark=0, attempts_allowed=1)
    workshop = make_workshop()
    services.set_workshop_tests(workshop, pre.id, post.id)
    db.session.commit()
    starts = workshop.starts_at
    participant = _participant(workshop)
    outsider = make_user()

    window = windows.window_for(pre, participant.id, starts - timedelta(minutes=5))
    assert window.closes_at == starts and window.closed_by_workshop
    attempt = attempts.start_attempt(pre, participant.id, starts - timedelta(minutes=5))
    assert attempt.workshop_id == workshop.id
    assert attempt.deadline == starts  # not 15 minutes later
    late = _participant(workshop)
    with pytest.raises(services.QuizClosed) as refused:
        attempts.start_attempt(pre, late.id, starts)
    with app.test_request_context():
        assert "workshop started" in str(refused.value)
    # Someone outside the workshop may take the module's pre-test on their own.
    own = attempts.start_attempt(pre, outsider.id, starts + timedelta(days=1))
    assert own.workshop_id is None
    # The post-test opens when the workshop starts, and is recorded against it too.
    with pytest.raises(services.QuizClosed):
        attempts.start_attempt(post, participant.id, starts - timedelta(minutes=1))
    after = attempts.start_attempt(post, participant.id, starts + timedelta(hours=30))
    assert after.workshop_id == workshop.id and after.deadline is not None


def test_set_workshop_tests_refuses_the_wrong_kind(db):
    final = make_quiz(kind="final")
    workshop = make_workshop()
    with pytest.raises(services.QuizError):
        services.set_workshop_tests(workshop, final.id, None)
    with pytest.raises(services.QuizError):
        services.set_workshop_tests(workshop, None, final.id)
    services.set_workshop_tests(workshop, 0, 0)
    assert workshop.pre_quiz_id is None and workshop.post_quiz_id is None


def test_review_timing(db):
    quiz = make_quiz(review_when="after_close", closes_at=NOW + timedelta(days=2))
    attempt = attempts.start_attempt(quiz, make_user().id, NOW)
    assert review.review_shows(attempt, NOW) == frozenset()  # not finished
    attempts.submit_attempt(attempt, NOW)
    assert review.review_shows(attempt, NOW + timedelta(days=1)) == frozenset()
    assert review.review_shows(attempt, NOW + timedelta(days=2)) == {
        "answers",
        "correctness",
        "correct_answers",
        "feedback",
    }
    quiz.review_when = "never"
    assert review.review_shows(attempt, NOW + timedelta(days=3)) == frozenset()
    quiz.review_when = "immediately"
    quiz.review_shows = ["answers"]
    assert review.review_shows(attempt, NOW) == {"answers"}


def _finish(quiz, user, answers, now):
    attempt = attempts.start_attempt(quiz, user.id, now)
    _answer_all(quiz, attempt, now, answers)
    attempts.submit_attempt(attempt, now)
    return attempt


def test_final_quiz_passed_by_highest_and_by_last(db):
    quiz = make_quiz(pass_mark=70, attempts_allowed=0)
    module_id = quiz.module_id
    poor = {"fees": ["a"]}
    rises, falls, never, absent = make_user(), make_user(), make_user(), make_user()
    _finish(quiz, rises, poor, NOW)
    _finish(quiz, rises, RIGHT, NOW)
    _finish(quiz, falls, RIGHT, NOW)
    _finish(quiz, falls, poor, NOW)
    _finish(quiz, never, poor, NOW)
    attempts.start_attempt(quiz, absent.id, NOW)  # in progress: not passed
    db.session.commit()
    everyone = [rises.id, falls.id, never.id, absent.id]
    assert services.module_final_quiz(module_id).id == quiz.id
    assert quizzes_results.final_quiz_passed(everyone, module_id) == {rises.id, falls.id}
    quiz.grading = "last"
    db.session.commit()
    assert quizzes_results.final_quiz_passed(everyone, module_id) == {rises.id}
    assert quizzes_results.final_quiz_passed([falls.id], module_id) == set()
    results = quizzes_results.quiz_results(quiz, everyone)
    assert results[falls.id].best == Decimal("100.00")
    assert results[falls.id].last == Decimal("14.29")
    assert results[absent.id].in_progress and results[absent.id].attempts_used == 0


def test_a_module_without_a_final_quiz(db):
    quiz = make_quiz(kind="practice")
    assert services.module_final_quiz(quiz.module_id) is None
    assert quizzes_results.final_quiz_passed([make_user().id], quiz.module_id) == set()


def test_my_quiz_results(db):
    quiz = make_quiz()
    user = make_user()
    assert quizzes_results.my_quiz_results(user.id) == []
    _finish(quiz, user, RIGHT, NOW)
    [result] = quizzes_results.my_quiz_results(user.id)
    assert result.quiz.id == quiz.id and result.passed and result.attempts_used == 1


def test_answers_are_unique_per_attempt_and_question(db):
    quiz = make_quiz()
    attempt = attempts.start_attempt(quiz, make_user().id, NOW)
    db.session.commit()
    question_id = quiz.questions[0].id
    db.session.add(Answer(attempt_id=attempt.id, question_id=question_id, response="a"))
    db.session.add(Answer(attempt_id=attempt.id, question_id=question_id, response="b"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_database_allows_one_attempt_in_progress(db):
    quiz = make_quiz()
    user = make_user()
    db.session.add(Attempt(quiz_id=quiz.id, user_id=user.id, number=1, state="in_progress"))
    db.session.commit()
    db.session.add(Attempt(quiz_id=quiz.id, user_id=user.id, number=2, state="in_progress"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    # Finished attempts are not limited by the index.
    db.session.add(Attempt(quiz_id=quiz.id, user_id=user.id, number=2, state="submitted"))
    db.session.add(Attempt(quiz_id=quiz.id, user_id=user.id, number=3, state="expired"))
    db.session.commit()


def test_close_expired_command(runner, db):
    quiz = make_quiz(time_limit_minutes=1)
    user = make_user()
    attempt = attempts.start_attempt(quiz, user.id, datetime.now(UTC) - timedelta(minutes=5))
    db.session.commit()
    result = runner.invoke(args=["quizzes", "close-expired"])
    assert result.exit_code == 0, result.output
    assert "Closed and graded 1 attempt(s)" in result.output
    db.session.expire_all()
    assert db.session.get(Attempt, attempt.id).state == "expired"


def test_first_attempt_scores(db):
    quiz = make_quiz(attempts_allowed=0)
    improver, once, never = make_user(), make_user(), make_user()
    _finish(quiz, improver, {"fees": ["a"]}, NOW)
    _finish(quiz, improver, RIGHT, NOW)
    _finish(quiz, once, RIGHT, NOW)
    attempts.start_attempt(quiz, never.id, NOW)
    scores = quizzes_results.first_attempt_scores(quiz.id, [improver.id, once.id, never.id])
    assert scores == {improver.id: Decimal("14.29"), once.id: Decimal("100.00")}
