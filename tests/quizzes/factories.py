"""Small builders for quiz tests: a published module with a bank of questions and a quiz."""

from __future__ import annotations

import itertools
from decimal import Decimal

from app.extensions import db
from app.learning.models import Module, ModuleStatus
from app.quizzes.models import Choice, Question, Quiz, QuizQuestion

_numbers = itertools.count(1)

#: The default bank: key -> (type, correct answer). Single and multiple have choices a-d.
BANK = {
    "fees": ("single", "a"),
    "licence": ("single", "b"),
    "register": ("single", "c"),
    "red-flags": ("multiple", ["a", "b"]),
    "documents": ("multiple", ["a", "c", "d"]),
    "ratified": ("truefalse", False),
    "months": ("numeric", Decimal(12)),
}

#: Answers that earn every point, in the form the answer page posts them.
RIGHT = {
    "fees": ["a"],
    "licence": ["b"],
    "register": ["c"],
    "red-flags": ["a", "b"],
    "documents": ["a", "c", "d"],
    "ratified": ["false"],
    "months": ["12"],
}


def make_module(slug: str | None = None, status: str = ModuleStatus.PUBLISHED.value) -> Module:
    """A module with three objectives and no lessons."""
    number = next(_numbers)
    module = Module(
        slug=slug or f"quiz-module-{number}",
        title_en="Monitoring agencies",
        title_zh="监管职业中介机构",
        status=status,
        objectives=[
            {"id": "fees", "en": "Explain fees.", "zh": "说明收费。"},
            {"id": "licence", "en": "Check licences.", "zh": "核查许可证。"},
            {"id": "law", "en": "Know the law.", "zh": "了解法律。"},
        ],
    )
    db.session.add(module)
    db.session.flush()
    return module


def make_question(module: Module, key: str, kind: str, correct) -> Question:
    """A question of the given type; choices a-d for single and multiple ones."""
    question = Question(
        module_id=module.id,
        key=key,
        type=kind,
        objective="fees" if kind in ("single", "multiple") else "law",
        source="C181",
        stem_en=f"Question {key} in English?",
        stem_zh=f"中文问题 {key}？",
        feedback_en=f"Because of the law ({key}).",
        feedback_zh=f"依据法律（{key}）。",
    )
    if kind in ("single", "multiple"):
        right = {correct} if isinstance(correct, str) else set(correct)
        for position, choice_key in enumerate("abcd", start=1):
            question.choices.append(
                Choice(
                    key=choice_key,
                    text_en=f"Option {choice_key.upper()} of {key}",
                    text_zh=f"{key} 的选项{choice_key.upper()}",
                    correct=choice_key in right,
                    feedback_en=f"Choice feedback {key}-{choice_key}",
                    feedback_zh=f"选项反馈 {key}-{choice_key}",
                    position=position,
                )
            )
    elif kind == "truefalse":
        question.answer_truth = correct
    else:
        question.answer_number = correct
        question.tolerance = Decimal(0)
        question.unit_en = "months"
        question.unit_zh = "个月"
    db.session.add(question)
    return question


def make_quiz(
    module: Module | None = None,
    kind: str = "final",
    same_questions_as: Quiz | None = None,
    **settings,
) -> Quiz:
    """A committed quiz over the default bank (7 questions: two pages), no shuffling."""
    if same_questions_as is not None:
        module = same_questions_as.module
        questions = list(same_questions_as.questions)
    else:
        module = module or make_module()
        questions = [make_question(module, key, *spec) for key, spec in BANK.items()]
    values = {
        "key": kind,
        "kind": kind,
        "title_en": "Final quiz on agencies",
        "title_zh": "职业中介机构结业测试",
        "pass_mark": 70,
        "attempts_allowed": 3,
        "grading": "highest",
        "time_limit_minutes": 20,
        "shuffle_questions": False,
        "shuffle_choices": False,
        "review_when": "immediately",
        "review_shows": ["answers", "correctness", "correct_answers", "feedback"],
    }
    values.update(settings)
    quiz = Quiz(module_id=module.id, **values)
    quiz.quiz_questions = [
        QuizQuestion(question=q, position=n) for n, q in enumerate(questions, start=1)
    ]
    db.session.add(quiz)
    db.session.commit()
    return quiz


def question_ids(quiz: Quiz) -> dict[str, int]:
    """The quiz's question ids by key."""
    return {q.key: q.id for q in quiz.questions}
