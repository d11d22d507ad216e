"""Where a person stands with training modules: complete or not, the final quiz score and the
completion certificate, for the module page and the catalogue (answers the module_standing hook).

One person and any number of modules in four queries, whatever the number of modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from app.extensions import db
from app.learning.services import lesson_counts
from app.quizzes.models import Quiz, QuizKind
from app.quizzes.results import results_of_user

from . import eligibility
from .eligibility import Kind
from .models import Certificate, Status


@dataclass(frozen=True)
class ModuleStanding:
    """One person's standing in one module."""

    #: every lesson done and the final quiz (if the module has one) passed
    complete: bool
    #: the score that counts in the final quiz (None: no final quiz, or not graded yet)
    score: Decimal | None
    #: the person's valid completion certificate of the module, if any
    certificate: Certificate | None


def _lesson_counts(user_id: int, module_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    rows = lesson_counts(user_id, module_ids)
    totals = {module_id: total for module_id, total, _done in rows}
    done = {module_id: done for module_id, _total, done in rows if done}
    return totals, done


def _final_quizzes(module_ids: list[int]) -> dict[int, Quiz]:
    """module id -> its final quiz (the first current one, as module_final_quiz picks it)."""
    finals: dict[int, Quiz] = {}
    for quiz in db.session.scalars(
        sa.select(Quiz)
        .where(
            Quiz.module_id.in_(module_ids),
            Quiz.kind == QuizKind.FINAL.value,
            Quiz.retired.is_(False),
        )
        .order_by(Quiz.id)
    ):
        finals.setdefault(quiz.module_id, quiz)
    return finals


def module_standings(user_id: int, module_ids: list[int]) -> dict[int, ModuleStanding]:
    """module id -> the person's standing in it, for every module given."""
    module_ids = list(module_ids)
    if not module_ids:
        return {}
    totals, done = _lesson_counts(user_id, module_ids)
    finals = _final_quizzes(module_ids)
    results = results_of_user(finals.values(), user_id)
    certificates = {
        c.subject_id: c
        for c in db.session.scalars(
            sa.select(Certificate).where(
                Certificate.holder_id == user_id,
                Certificate.kind == Kind.COMPLETION.value,
                Certificate.subject_id.in_(module_ids),
                Certificate.status == Status.LIVE.value,
            )
        )
    }
    standings = {}
    for module_id in module_ids:
        final = finals.get(module_id)
        result = results.get(final.id) if final is not None else None
        passed = None if final is None else bool(result and result.passed)
        verdict = eligibility.completion(
            int(done.get(module_id, 0)), int(totals.get(module_id, 0)), passed
        )
        standings[module_id] = ModuleStanding(
            complete=verdict.qualifies,
            score=result.counted if result is not None else None,
            certificate=certificates.get(module_id),
        )
    return standings
