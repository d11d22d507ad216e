"""Taking quizzes: starting, saving, grading once and closing attempts.

Every function that depends on the time takes `now` explicitly, so tests freeze the clock by
passing it. Flushes, never commits. The rules that concurrency could break are held by the
database: attempt numbers are unique per trainee and quiz, one attempt may be in progress
(a partial unique index), and grading is a conditional UPDATE that only one request can win."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.hooks import module_progress
from app.extensions import db

from . import grading
from .models import (
    Answer,
    Attempt,
    AttemptState,
    Question,
    Quiz,
    QuizKind,
)
from .services import (
    AttemptFinished,
    NoAttemptsLeft,
    QuizClosed,
)
from .windows import window_for

#: Longest numeric answer kept (anything longer is not a number a person types).
MAX_NUMERIC_LENGTH = 40


def attempts_of(quiz_id: int, user_id: int) -> list[Attempt]:
    """A trainee's attempts at a quiz, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Attempt)
            .where(Attempt.quiz_id == quiz_id, Attempt.user_id == user_id)
            .order_by(Attempt.number)
        )
    )


def in_progress_attempt(quiz_id: int, user_id: int) -> Attempt | None:
    """The trainee's attempt in progress at this quiz, if any."""
    return db.session.scalar(
        sa.select(Attempt).where(
            Attempt.quiz_id == quiz_id,
            Attempt.user_id == user_id,
            Attempt.state == AttemptState.IN_PROGRESS.value,
        )
    )


def start_attempt(
    quiz: Quiz, user_id: int, now: datetime, rng: random.Random | None = None
) -> Attempt:
    """Start an attempt, or return the one in progress (leave and come back resumes it).

    Refuses when the quiz is closed for the trainee or no attempt is left. Concurrent starts
    cannot make two attempts: the database refuses a second in-progress attempt or a repeated
    number, and the loser returns the winner's attempt.
    """
    current = in_progress_attempt(quiz.id, user_id)
    if current is not None and not close_if_overdue(current, now):
        return current
    window = window_for(quiz, user_id, now)
    if not window.is_open(now):
        if window.opens_at and now < window.opens_at:
            raise QuizClosed(_l("This quiz is not open yet."))
        if window.closed_by_workshop:
            raise QuizClosed(_l("The pre-test closed when the workshop started."))
        raise QuizClosed(_l("This quiz is closed."))
    used = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(Attempt.number), 0)).where(
            Attempt.quiz_id == quiz.id, Attempt.user_id == user_id
        )
    )
    if grading.attempts_left(quiz.attempts_allowed, used) == 0:
        # A simultaneous request may have just started the last attempt: resume that one.
        winner = in_progress_attempt(quiz.id, user_id)
        if winner is not None:
            return winner
        raise NoAttemptsLeft(_l("You have used every attempt this quiz allows."))
    rng = rng or random.SystemRandom()
    questions = [q for q in quiz.questions if not q.retired]
    if quiz.is_drawn:
        # Each attempt draws its own items, per objective, from the pool: the same blueprint.
        by_id = {q.id: q for q in questions}
        drawn = grading.draw_items(
            [(q.id, q.objective) for q in questions],
            quiz.draw_per_objective,
            rng,
            [o.get("id") for o in quiz.module.objectives or []],
        )
        questions = [by_id[question_id] for question_id in drawn]
    if quiz.shuffle_questions:
        questions = rng.sample(questions, len(questions))
    choice_order = {}
    for question in questions:
        keys = [c.key for c in question.choices]
        if quiz.shuffle_choices:
            keys = rng.sample(keys, len(keys))
        if keys:
            choice_order[str(question.id)] = keys
    attempt = Attempt(
        quiz_id=quiz.id,
        user_id=user_id,
        workshop_id=window.workshop.id if window.workshop else None,
        number=used + 1,
        started_at=now,
        deadline=grading.attempt_deadline(now, quiz.time_limit, window.closes_at),
        state=AttemptState.IN_PROGRESS.value,
        question_order=[q.id for q in questions],
        choice_order=choice_order,
    )
    try:
        with db.session.begin_nested():
            db.session.add(attempt)
    except sa.exc.IntegrityError:
        # Another request started an attempt at the same moment: use that one.
        winner = in_progress_attempt(quiz.id, user_id)
        if winner is not None:
            return winner
        raise NoAttemptsLeft(
            _l("Another attempt was started at the same time. Please open the quiz again.")
        ) from None
    return attempt


def questions_per_attempt(quiz: Quiz) -> int:
    """How many questions an attempt asks: all of a fixed form's, or a drawn quiz's draw."""
    questions = [q for q in quiz.questions if not q.retired]
    if quiz.is_drawn:
        return grading.items_per_attempt(
            [(q.id, q.objective) for q in questions], quiz.draw_per_objective
        )
    return len(questions)


def _locked(attempt: Attempt) -> Attempt:
    """Lock the attempt's row (PostgreSQL) so saves and grading of one attempt run in turn."""
    db.session.execute(
        sa.select(Attempt.id).where(Attempt.id == attempt.id).with_for_update()
    ).all()
    db.session.expire(attempt)  # read the state and answers as they are now, under the lock
    return attempt


def normalise_response(question: Question, value: object) -> object:
    """A response as stored: only choice keys the question has, real booleans, trimmed text.

    `value` comes from a form: a string, or a list of strings for multiple-response questions.
    Anything else becomes None (unanswered), so nothing malformed is ever graded.
    """
    keys = [c.key for c in question.choices]
    values = value if isinstance(value, list) else ([] if value is None else [value])
    values = [v for v in values if isinstance(v, str)]
    if question.type == grading.QuestionType.SINGLE:
        return values[0] if len(values) == 1 and values[0] in keys else None
    if question.type == grading.QuestionType.MULTIPLE:
        ticked = [k for k in keys if k in values]
        return ticked or None
    if question.type == grading.QuestionType.TRUE_FALSE:
        if len(values) == 1 and values[0] in ("true", "false"):
            return values[0] == "true"
        return None
    text = values[0].strip() if values else ""
    return text[:MAX_NUMERIC_LENGTH] or None


def save_answers(attempt: Attempt, responses: Mapping[int, object], now: datetime) -> int:
    """Save responses {question id: form value} of an attempt in progress; return how many.

    Past the deadline nothing is saved: the attempt is closed and graded with what was saved
    before, and AttemptFinished is raised. Questions that are not part of the attempt are ignored.
    """
    _locked(attempt)
    if attempt.state != AttemptState.IN_PROGRESS.value:
        raise AttemptFinished(_l("This attempt has already been submitted."))
    if close_if_overdue(attempt, now):
        raise AttemptFinished(
            _l("Time is up: your attempt was closed and graded with the answers saved before.")
        )
    allowed = set(attempt.question_order)
    wanted = {qid: value for qid, value in responses.items() if qid in allowed}
    if not wanted:
        return 0
    questions = {
        q.id: q for q in db.session.scalars(sa.select(Question).where(Question.id.in_(wanted)))
    }
    normalised = {qid: normalise_response(questions[qid], value) for qid, value in wanted.items()}
    try:
        with db.session.begin_nested():
            _write_answers(attempt, normalised, now)
    except sa.exc.IntegrityError:
        # Where rows are not locked (SQLite), a simultaneous save may have added a row first:
        # read the answers again and update them instead.
        db.session.expire(attempt)
        with db.session.begin_nested():
            _write_answers(attempt, normalised, now)
    return len(wanted)


def _write_answers(attempt: Attempt, responses: dict[int, object], now: datetime) -> None:
    existing = {a.question_id: a for a in attempt.answers}
    for question_id, response in responses.items():
        answer = existing.get(question_id)
        if answer is None:
            attempt.answers.append(Answer(question_id=question_id, response=response, saved_at=now))
        elif answer.response != response:
            answer.response = response
            answer.saved_at = now
    db.session.flush()


def responses_of(attempt: Attempt) -> dict[int, object]:
    """The saved responses of an attempt, by question id."""
    return {answer.question_id: answer.response for answer in attempt.answers}


def _grade(attempt: Attempt) -> tuple[grading.AttemptResult, list[int]]:
    questions = {
        q.id: q
        for q in db.session.scalars(
            sa.select(Question).where(Question.id.in_(attempt.question_order))
        )
    }
    saved = responses_of(attempt)
    order = [qid for qid in attempt.question_order if qid in questions]
    keys = [questions[qid].grading_key() for qid in order]
    return grading.grade_attempt(keys, [saved.get(qid) for qid in order]), order


def finish_attempt(attempt: Attempt, now: datetime, state: AttemptState) -> bool:
    """Grade the attempt and close it; return False when another request had already done so.

    The state changes by one conditional UPDATE (WHERE state = 'in_progress'), so a double
    click, a second tab or a retried request grades the attempt exactly once.
    """
    result, graded_ids = _grade(attempt)
    ended_at = attempt.deadline if state is AttemptState.EXPIRED and attempt.deadline else now
    score = result.percent
    won = db.session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == AttemptState.IN_PROGRESS.value)
        .values(
            state=state.value,
            submitted_at=min(ended_at, now),
            score=score,
            passed=result.passed(attempt.quiz.pass_mark),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if won == 1:
        fractions = dict(zip(graded_ids, result.per_question, strict=True))
        for answer in attempt.answers:
            fraction = fractions.get(answer.question_id, Fraction(0))
            answer.score = (Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(
                Decimal("0.0001")
            )
    db.session.flush()
    db.session.expire(attempt, ["state", "submitted_at", "score", "passed"])
    if won == 1 and attempt.quiz.kind == QuizKind.FINAL.value:
        # a graded final quiz may complete a self-paced module: its certificate comes at once
        module_progress.fire(attempt.user_id, attempt.quiz.module_id)
    return won == 1


def submit_attempt(attempt: Attempt, now: datetime) -> bool:
    """The trainee submits: grade once (as expired when past the deadline); True if this call
    graded it."""
    _locked(attempt)
    if attempt.state != AttemptState.IN_PROGRESS.value:
        return False
    overdue = grading.is_overdue(now, attempt.deadline)
    return finish_attempt(attempt, now, AttemptState.EXPIRED if overdue else AttemptState.SUBMITTED)


def close_if_overdue(attempt: Attempt, now: datetime) -> bool:
    """Close and grade an in-progress attempt past its deadline; True if it is now closed."""
    if attempt.state != AttemptState.IN_PROGRESS.value:
        return False
    if not grading.is_overdue(now, attempt.deadline):
        return False
    finish_attempt(attempt, now, AttemptState.EXPIRED)
    return True


def close_expired(now: datetime) -> int:
    """Close and grade every attempt past its deadline (`flask quizzes close-expired`)."""
    candidates = db.session.scalars(
        sa.select(Attempt).where(
            Attempt.state == AttemptState.IN_PROGRESS.value,
            Attempt.deadline.is_not(None),
            Attempt.deadline < now,
        )
    ).all()
    return sum(1 for attempt in candidates if close_if_overdue(attempt, now))


def close_overdue_of(user_id: int, now: datetime, quiz_id: int | None = None) -> int:
    """The lazy close: grade the trainee's overdue attempts when they next come by."""
    query = sa.select(Attempt).where(
        Attempt.user_id == user_id,
        Attempt.state == AttemptState.IN_PROGRESS.value,
        Attempt.deadline.is_not(None),
        Attempt.deadline < now,
    )
    if quiz_id is not None:
        query = query.where(Attempt.quiz_id == quiz_id)
    return sum(1 for attempt in db.session.scalars(query).all() if close_if_overdue(attempt, now))
