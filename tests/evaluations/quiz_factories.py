"""Hand-made quiz data for report tests: a module with objectives, questions, quizzes, attempts."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from app.auth.models import User
from app.core.db import utcnow
from app.extensions import db
from app.learning.models import Module
from app.quizzes.models import Answer, Attempt, Question, Quiz, QuizQuestion

OBJECTIVES = [
    {"id": "fees", "en": "Explain who pays recruitment fees", "zh": "说明由谁支付招聘费用"},
    {"id": "licensing", "en": "Apply the licensing rules", "zh": "适用许可规则"},
]


def make_module(slug: str = "fair-recruitment", owner: str = "files") -> Module:
    """A published module with two learning objectives."""
    module = Module(
        slug=slug,
        title_en="Fair recruitment",
        title_zh="公平招聘",
        objectives=OBJECTIVES,
        status="published",
        owner=owner,
    )
    db.session.add(module)
    db.session.commit()
    return module


def make_questions(module: Module, objectives: list[str]) -> list[Question]:
    """True/false questions, one per objective given, keyed q1, q2 ..."""
    questions = [
        Question(
            module_id=module.id,
            key=f"q{number}",
            type="truefalse",
            objective=objective,
            stem_en=f"Statement {number}",
            stem_zh=f"陈述{number}",
            answer_truth=True,
        )
        for number, objective in enumerate(objectives, start=1)
    ]
    db.session.add_all(questions)
    db.session.commit()
    return questions


def make_quiz(
    module: Module,
    questions: list[Question],
    key: str = "final",
    kind: str = "final",
    pass_mark: int = 0,
    grading: str = "highest",
    attempts_allowed: int = 0,
) -> Quiz:
    """A quiz of the module asking the questions in order."""
    quiz = Quiz(
        module_id=module.id,
        key=key,
        kind=kind,
        title_en=f"Quiz {key}",
        title_zh=f"测验{key}",
        pass_mark=pass_mark,
        grading=grading,
        attempts_allowed=attempts_allowed,
        review_shows=[],
    )
    for position, question in enumerate(questions, start=1):
        quiz.quiz_questions.append(QuizQuestion(question_id=question.id, position=position))
    db.session.add(quiz)
    db.session.commit()
    return quiz


def make_attempt(
    quiz: Quiz,
    user: User,
    item_scores: list[float],
    number: int = 1,
    submitted_at: datetime | None = None,
    workshop_id: int | None = None,
    score: float | None = None,
    state: str = "submitted",
) -> Attempt:
    """A graded attempt with one answer per question (item scores in quiz order); its score is
    the mean item score in percent unless given."""
    questions = quiz.questions
    submitted_at = submitted_at or utcnow()
    if score is None:
        score = 100 * sum(item_scores) / len(item_scores)
    attempt = Attempt(
        quiz_id=quiz.id,
        user_id=user.id,
        workshop_id=workshop_id,
        number=number,
        started_at=submitted_at - timedelta(minutes=5),
        submitted_at=submitted_at if state != "in_progress" else None,
        state=state,
        score=Decimal(str(round(score, 2))) if state != "in_progress" else None,
        question_order=[q.id for q in questions],
        choice_order={},
    )
    for question, item in zip(questions, item_scores, strict=True):
        attempt.answers.append(
            Answer(question_id=question.id, response=item >= 1, score=Decimal(str(item)))
        )
    db.session.add(attempt)
    db.session.commit()
    return attempt
