"""Loading a module's checked question bank and quizzes into the database, in place, by key.

Called by the learning import (app/learning/loading.py) for each module, through the
module_loaded hook. Questions and quizzes
are never deleted, since attempts may refer to them: removed from the files, they are retired
(hidden) and keep their answers. Flushes, never commits.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.core.db import utcnow
from app.extensions import db
from app.learning.models import Module

from .bank_files import QuestionSource, QuizSource
from .models import Choice, Question, Quiz, QuizQuestion


def load_module_bank(module: Module, source) -> bool:
    """The module_loaded hook: write a checked module source's bank; whether anything changed."""
    return import_bank(module, source.questions, source.quizzes)


def _assign(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def import_bank(
    module: Module, questions: tuple[QuestionSource, ...], quizzes: tuple[QuizSource, ...]
) -> bool:
    """Create or update the module's questions and quizzes; return whether anything changed."""
    by_key, changed = _import_questions(module, questions)
    return _import_quizzes(module, quizzes, by_key) or changed


def _import_questions(
    module: Module, sources: tuple[QuestionSource, ...]
) -> tuple[dict[str, Question], bool]:
    existing = {
        q.key: q
        for q in db.session.scalars(sa.select(Question).where(Question.module_id == module.id))
    }
    changed = False
    wanted = {}
    for source in sources:
        question = existing.get(source.key)
        if question is None:
            question = Question(module_id=module.id, key=source.key)
            db.session.add(question)
            changed = True
        changed = (
            _assign(
                question,
                {
                    "type": source.type,
                    "objective": source.objective,
                    "source": source.source,
                    "stem_en": source.stem_en,
                    "stem_zh": source.stem_zh,
                    "feedback_en": source.feedback_en,
                    "feedback_zh": source.feedback_zh,
                    "answer_truth": source.answer_truth,
                    "answer_number": source.answer_number,
                    "tolerance": source.tolerance,
                    "unit_en": source.unit_en,
                    "unit_zh": source.unit_zh,
                    "scenario": source.scenario,
                    "retired": False,
                },
            )
            or changed
        )
        changed = _import_choices(question, source) or changed
        wanted[source.key] = question
    for key, question in existing.items():
        if key not in wanted and not question.retired:
            # Hidden, never deleted: answers and attempts in progress may refer to it.
            question.retired = True
            changed = True
    db.session.flush()
    return wanted, changed


def _import_choices(question: Question, source: QuestionSource) -> bool:
    existing = {choice.key: choice for choice in question.choices}
    changed = False
    keep = []
    for position, choice_source in enumerate(source.choices, start=1):
        choice = existing.get(choice_source.key)
        if choice is None:
            choice = Choice(key=choice_source.key)
            question.choices.append(choice)
            changed = True
        changed = (
            _assign(
                choice,
                {
                    "text_en": choice_source.text_en,
                    "text_zh": choice_source.text_zh,
                    "correct": choice_source.correct,
                    "feedback_en": choice_source.feedback_en,
                    "feedback_zh": choice_source.feedback_zh,
                    "position": position,
                },
            )
            or changed
        )
        keep.append(choice)
    for choice in list(question.choices):
        if choice not in keep:
            question.choices.remove(choice)  # answers store choice keys, not rows
            changed = True
    return changed


def _import_quizzes(
    module: Module, sources: tuple[QuizSource, ...], questions: dict[str, Question]
) -> bool:
    existing = {
        q.key: q for q in db.session.scalars(sa.select(Quiz).where(Quiz.module_id == module.id))
    }
    changed = False
    for source in sources:
        quiz = existing.get(source.key)
        if quiz is None:
            quiz = Quiz(module_id=module.id, key=source.key)
            db.session.add(quiz)
            changed = True
        quiz_changed = _assign(
            quiz,
            {
                "kind": source.kind,
                "title_en": source.title_en,
                "title_zh": source.title_zh,
                "pass_mark": source.pass_mark,
                "attempts_allowed": source.attempts_allowed,
                "grading": source.grading,
                "time_limit_minutes": source.time_limit_minutes,
                "shuffle_questions": source.shuffle_questions,
                "shuffle_choices": source.shuffle_choices,
                "review_when": source.review_when,
                "review_shows": list(source.review_shows),
                "draw_per_objective": source.draw_per_objective,
                "answers_after_last_attempt": source.answers_after_last_attempt,
                "retired": False,
            },
        )
        wanted_ids = [questions[key].id for key in source.questions]
        current_ids = [link.question_id for link in quiz.quiz_questions]
        if current_ids != wanted_ids:
            links = {link.question_id: link for link in quiz.quiz_questions}
            ordered = []
            for position, question_id in enumerate(wanted_ids, start=1):
                link = links.get(question_id) or QuizQuestion(question_id=question_id)
                link.position = position
                ordered.append(link)
            quiz.quiz_questions = ordered
            quiz_changed = True
        if quiz_changed:
            quiz.updated_at = utcnow()
            changed = True
    wanted = {source.key for source in sources}
    for key, quiz in existing.items():
        if key not in wanted and not quiz.retired:
            quiz.retired = True  # hidden; its attempts and grades stay
            changed = True
    db.session.flush()
    return changed
