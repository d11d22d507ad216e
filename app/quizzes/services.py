"""Quizzes' shared rules: their errors, which quizzes a module has and who may see them,
workshops' pre- and post-tests, and a person's attempts for "My data".

Taking a quiz lives in attempts.py (its dates in windows.py, its pages and review in review.py);
results for other features in results.py. Flushes, never commits.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.errors import DomainError
from app.core.i18n import localized
from app.core.personal_data import exporter, kept_on_erasure
from app.extensions import db
from app.learning.models import Module, ModuleStatus
from app.workshops.models import Workshop

from .models import (
    Attempt,
    Quiz,
    QuizKind,
)

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


# --- Which quizzes -------------------------------------------------------


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
