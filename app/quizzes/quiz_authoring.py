"""Editing quizzes in the browser: the quiz settings form's values checked by the same rules as the
files, then saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from app.core.audit import record
from app.core.db import utcnow
from app.extensions import db
from app.learning.lesson_rules import Problem
from app.learning.models import Module

from . import quiz_files
from .authoring import (
    _WHERE,
    Invalid,
    _next_key,
    _raise_problems,
    _require_editable,
)
from .bank_files import QuizSource
from .models import Question, Quiz, QuizQuestion


@dataclass
class QuizInput:
    """A quiz's settings and ordered questions as typed."""

    kind: str
    title_en: str
    title_zh: str
    pass_mark: int | None
    attempts_allowed: int | None
    grading: str
    time_limit_minutes: int | None
    opens_at: datetime | None
    closes_at: datetime | None
    shuffle_questions: bool
    shuffle_choices: bool
    review_when: str
    review_shows: list[str]
    #: Question keys in the order the quiz asks them.
    questions: list[str]


def check_quiz(module: Module, key: str, typed: QuizInput, quiz: Quiz | None) -> QuizSource:
    """Check a typed quiz with the importer's rules, plus the dates and the rules that tie the
    module's quizzes together (one pre-, post- and final test; pre and post share no question)."""
    bank = {
        q.key: q
        for q in db.session.scalars(sa.select(Question).where(Question.module_id == module.id))
    }
    # bank_files checks question ids against validated sources; stored questions are valid.
    sources = {k: object() for k in bank}
    entry = {
        "id": key,
        "kind": typed.kind,
        "title_en": typed.title_en,
        "title_zh": typed.title_zh,
        "pass_mark": typed.pass_mark,
        "attempts": typed.attempts_allowed,
        "grading": typed.grading,
        "time_limit_minutes": typed.time_limit_minutes,
        "shuffle_questions": typed.shuffle_questions,
        "shuffle_choices": typed.shuffle_choices,
        "review": typed.review_when,
        "review_shows": list(typed.review_shows),
        "questions": list(typed.questions),
    }
    problems: list[Problem] = []
    checked = quiz_files._check_quiz(entry, _WHERE, None, sources, problems)  # type: ignore[arg-type]
    _raise_problems(problems)
    assert checked is not None
    messages = []
    if typed.opens_at and typed.closes_at and typed.closes_at <= typed.opens_at:
        messages.append(str(_l("The quiz must close after it opens.")))
    others = db.session.scalars(
        sa.select(Quiz).where(
            Quiz.module_id == module.id,
            Quiz.retired.is_(False),
            Quiz.id != (quiz.id if quiz else -1),
        )
    ).all()
    if typed.kind in ("pre", "post", "final") and any(o.kind == typed.kind for o in others):
        messages.append(str(_l("The module already has a quiz of this kind.")))
    twin_kind = {"pre": "post", "post": "pre"}.get(typed.kind)
    twin = next((o for o in others if o.kind == twin_kind), None)
    if twin is not None and {q.key for q in twin.questions} & set(typed.questions):
        messages.append(
            str(
                _l(
                    "The pre-test and the post-test are parallel forms: they must not share a question, so the post-test measures learning, not recall of the pre-test."
                )
            )
        )
    if messages:
        raise Invalid(messages)
    return checked


def save_quiz(module: Module, quiz: Quiz | None, typed: QuizInput, user) -> Quiz:
    """Create a quiz or change one: its settings and its ordered questions."""
    _require_editable(module)
    key = quiz.key if quiz else _next_key(module, f"{typed.kind}-", Quiz)
    checked = check_quiz(module, key, typed, quiz)
    creating = quiz is None
    if quiz is None:
        quiz = Quiz(module_id=module.id, key=key)
        db.session.add(quiz)
    quiz.kind, quiz.title_en, quiz.title_zh = checked.kind, checked.title_en, checked.title_zh
    quiz.pass_mark, quiz.attempts_allowed = checked.pass_mark, checked.attempts_allowed
    quiz.grading, quiz.time_limit_minutes = checked.grading, checked.time_limit_minutes
    quiz.shuffle_questions, quiz.shuffle_choices = (
        checked.shuffle_questions,
        checked.shuffle_choices,
    )
    quiz.review_when, quiz.review_shows = checked.review_when, list(checked.review_shows)
    quiz.opens_at, quiz.closes_at = typed.opens_at, typed.closes_at
    quiz.updated_at = utcnow()
    ids = dict(
        db.session.execute(
            sa.select(Question.key, Question.id).where(Question.module_id == module.id)
        ).all()
    )
    existing = {link.question_id: link for link in quiz.quiz_questions}
    links = []
    for position, question_key in enumerate(checked.questions, start=1):
        link = existing.pop(ids[question_key], None) or QuizQuestion(question_id=ids[question_key])
        link.position = position
        links.append(link)
    quiz.quiz_questions = links
    db.session.flush()
    record(user, "quiz.created" if creating else "quiz.edited", quiz, after={"key": key})
    return quiz
