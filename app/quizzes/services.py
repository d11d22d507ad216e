"""Taking quizzes: starting, saving, grading once and closing attempts; results for other features.

Every function that depends on the time takes `now` explicitly, so tests freeze the clock by
passing it. Flushes, never commits. The rules that concurrency could break are held by the
database: attempt numbers are unique per trainee and quiz, one attempt may be in progress
(a partial unique index), and grading is a conditional UPDATE that only one request can win.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError
from app.core.hooks import module_progress
from app.core.i18n import localized
from app.core.personal_data import exporter, kept_on_erasure
from app.extensions import db
from app.learning.models import Module, ModuleStatus
from app.workshops.models import Registration, RegistrationStatus, Workshop, WorkshopStatus

from . import grading
from .models import (
    FINISHED_STATES,
    Answer,
    Attempt,
    AttemptState,
    Question,
    Quiz,
    QuizKind,
    ReviewShows,
    ReviewWhen,
)

#: Questions shown on one page of an attempt.
QUESTIONS_PER_PAGE = 5
#: Longest numeric answer kept (anything longer is not a number a person types).
MAX_NUMERIC_LENGTH = 40
#: Order in which a module's quizzes are listed.
KIND_ORDER = {QuizKind.PRE: 0, QuizKind.PRACTICE: 1, QuizKind.POST: 2, QuizKind.FINAL: 3}


class QuizError(DomainError):
    """A quiz rule refused an action."""


class QuizClosed(QuizError):
    """The quiz does not accept attempts now."""

    status = 409


class NoAttemptsLeft(QuizError):
    """Every allowed attempt has been used."""

    status = 409


class AttemptFinished(QuizError):
    """The attempt was already submitted or closed; nothing more can be saved to it."""

    status = 409


# --- Which quizzes, and when they are open -------------------------------------------------------


def module_quizzes(module_id: int) -> list[Quiz]:
    """A module's current quizzes: pre-test, practice, post-test, final quiz."""
    quizzes = db.session.scalars(
        sa.select(Quiz).where(Quiz.module_id == module_id, Quiz.retired.is_(False))
    ).all()
    return sorted(quizzes, key=lambda q: (KIND_ORDER.get(q.kind, 9), q.key))


def module_final_quiz(module_id: int) -> Quiz | None:
    """The final quiz of a module, which gates its completion certificate (None if it has none)."""
    return db.session.scalar(
        sa.select(Quiz)
        .where(
            Quiz.module_id == module_id,
            Quiz.kind == QuizKind.FINAL.value,
            Quiz.retired.is_(False),
        )
        .order_by(Quiz.id)
        .limit(1)
    )


def quiz_for_taker(quiz_id: int, user) -> Quiz | None:
    """The quiz if the user may see it: current, in a published module (drafts for staff)."""
    quiz = db.session.get(Quiz, quiz_id)
    if quiz is None or quiz.retired:
        return None
    if quiz.module.status != ModuleStatus.PUBLISHED and not user.has_role(
        "trainer", "coordinator", "admin"
    ):
        return None
    return quiz


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


# --- Attempts ------------------------------------------------------------------------------------


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


def page_count(attempt: Attempt) -> int:
    """How many pages the attempt's questions fill."""
    return max(1, -(-len(attempt.question_order) // QUESTIONS_PER_PAGE))


def page_question_ids(attempt: Attempt, page: int) -> list[int]:
    """The question ids shown on page `page` (from 1) of the attempt."""
    start = (page - 1) * QUESTIONS_PER_PAGE
    return attempt.question_order[start : start + QUESTIONS_PER_PAGE]


# --- Review --------------------------------------------------------------------------------------


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


# --- Results, for My page, certificates and reports ----------------------------------------------


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
    scores: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    open_ones: set[tuple[int, int]] = set()
    for quiz_id, user_id, state, score in db.session.execute(query):
        if state in FINISHED_STATES and score is not None:
            scores[(quiz_id, user_id)].append(score)
        else:
            open_ones.add((quiz_id, user_id))
    results = []
    for quiz_id, user_id in sorted(set(scores) | open_ones):
        quiz = quizzes[quiz_id]
        done = scores.get((quiz_id, user_id), [])
        counted = grading.final_score(done, quiz.grading_method)
        results.append(
            QuizResult(
                quiz=quiz,
                user_id=user_id,
                attempts_used=len(done),
                best=max(done) if done else None,
                last=done[-1] if done else None,
                counted=counted,
                passed=counted is not None and counted >= Decimal(quiz.pass_mark),
                in_progress=(quiz_id, user_id) in open_ones,
            )
        )
    return results


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
    quiz_ids = db.session.scalars(
        sa.select(Attempt.quiz_id).where(Attempt.user_id == user_id).distinct()
    ).all()
    if not quiz_ids:
        return []
    quizzes = db.session.scalars(
        sa.select(Quiz).join(Module).where(Quiz.id.in_(quiz_ids)).order_by(Module.slug)
    ).all()
    results = _results(quizzes, [user_id])
    order = {quiz.id: index for index, quiz in enumerate(quizzes)}
    return sorted(
        results, key=lambda r: (order[r.quiz.id], KIND_ORDER.get(r.quiz.kind, 9), r.quiz.key)
    )


# --- Workshops' pre- and post-tests --------------------------------------------------------------


def workshop_test_choices(language: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The pre-tests and the post-tests of published modules, for the workshop form."""
    quizzes = db.session.scalars(
        sa.select(Quiz)
        .join(Module)
        .where(
            Quiz.retired.is_(False),
            Quiz.kind.in_([QuizKind.PRE.value, QuizKind.POST.value]),
            Module.status == ModuleStatus.PUBLISHED.value,
        )
        .order_by(Module.slug, Quiz.key)
    ).all()

    def label(quiz: Quiz) -> str:
        return f"{localized(quiz.module, 'title', language)}: {localized(quiz, 'title', language)}"

    return (
        [(q.id, label(q)) for q in quizzes if q.kind == QuizKind.PRE],
        [(q.id, label(q)) for q in quizzes if q.kind == QuizKind.POST],
    )


def set_workshop_tests(workshop: Workshop, pre_quiz_id: int | None, post_quiz_id: int | None):
    """Name the workshop's pre-test and post-test (0 or None: none); each must be of its kind."""
    for quiz_id, kind, message in (
        (pre_quiz_id, QuizKind.PRE, _l("Choose a module's pre-test as the workshop's pre-test.")),
        (
            post_quiz_id,
            QuizKind.POST,
            _l("Choose a module's post-test as the workshop's post-test."),
        ),
    ):
        if quiz_id:
            quiz = db.session.get(Quiz, quiz_id)
            if quiz is None or quiz.retired or quiz.kind != kind:
                raise QuizError(message)
    workshop.pre_quiz_id = pre_quiz_id or None
    workshop.post_quiz_id = post_quiz_id or None
    db.session.flush()


kept_on_erasure(
    "quiz_attempts.user_id",
    why="scores and chosen answers stay for the quiz statistics, linked to the anonymised account",
)


@exporter("quizzes", _l("Quiz attempts"), {
    "quiz": _l("Quiz"), "attempt": _l("Attempt"), "started": _l("Started"),
    "finished": _l("Finished"), "score_percent": _l("Score (percent)"), "passed": _l("Passed"),
}, covers=("quiz_attempts.user_id",))  # fmt: skip
def _export_attempts(user) -> list:
    """A person's quiz attempts for "My data" (scores stay, with the anonymised person, as
    training records; there is nothing else personal to erase)."""
    attempts = db.session.scalars(
        sa.select(Attempt).where(Attempt.user_id == user.id).order_by(Attempt.started_at)
    ).all()
    return [
        {
            "quiz": f"{attempt.quiz.module.slug}/{attempt.quiz.key}",
            "attempt": attempt.number,
            "started": attempt.started_at.isoformat(),
            "finished": attempt.submitted_at.isoformat() if attempt.submitted_at else None,
            "score_percent": str(attempt.score) if attempt.score is not None else None,
            "passed": attempt.passed,
        }
        for attempt in attempts
    ]
