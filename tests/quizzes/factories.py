"""Small builders for quiz data, shared by every feature's tests: a module with a bank of
questions and a quiz over it; and, for report tests, true/false questions, plain quizzes and
graded attempts made by hand."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from decimal import Decimal

from app.auth.models import User
from app.core.db import utcnow
from app.extensions import db
from app.learning.models import Module, ModuleStatus
from app.quizzes.models import Answer, Attempt, Choice, Question, Quiz, QuizQuestion
from tests.learning.factories import add_lessons

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


def make_module(
    slug: str | None = None, status: str = ModuleStatus.PUBLISHED.value, **fields
) -> Module:
    """A committed module with three objectives and no lessons; `fields` override the defaults."""
    number = next(_numbers)
    values = {
        "title_en": "Monitoring agencies",
        "title_zh": "监管职业中介机构",
        "objectives": [
            {"id": "fees", "en": "Explain fees.", "zh": "说明收费。"},
            {"id": "licence", "en": "Check licences.", "zh": "核查许可证。"},
            {"id": "law", "en": "Know the law.", "zh": "了解法律。"},
        ],
    }
    values.update(fields)
    module = Module(slug=slug or f"quiz-module-{number}", status=status, **values)
    db.session.add(module)
    db.session.commit()
    return module


#: Two objectives, for report tests that group questions by objective.
REPORT_OBJECTIVES = [
    {"id": "fees", "en": "Explain who pays recruitment fees", "zh": "说明由谁支付招聘费用"},
    {"id": "licensing", "en": "Apply the licensing rules", "zh": "适用许可规则"},
]


def make_fair_recruitment_module(slug: str = "fair-recruitment", owner: str = "files") -> Module:
    """A published module "Fair recruitment" with the two report objectives."""
    return make_module(
        slug,
        title_en="Fair recruitment",
        title_zh="公平招聘",
        objectives=REPORT_OBJECTIVES,
        owner=owner,
    )


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
    questions: list[Question] | None = None,
    **settings,
) -> Quiz:
    """A committed quiz, no shuffling, asking `questions` in order (by default a new copy of the
    default bank: 7 questions, two pages)."""
    if same_questions_as is not None:
        module = same_questions_as.module
        questions = list(same_questions_as.questions)
    elif questions is None:
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


def make_true_false_questions(module: Module, objectives: list[str]) -> list[Question]:
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


def make_plain_quiz(
    module: Module,
    questions: list[Question],
    key: str = "final",
    kind: str = "final",
    **settings,
) -> Quiz:
    """A quiz "Quiz <key>" asking the questions in order: untimed, no pass mark, unlimited
    attempts, nothing shown in review, unless `settings` say otherwise."""
    values = {
        "key": key,
        "title_en": f"Quiz {key}",
        "title_zh": f"测验{key}",
        "pass_mark": 0,
        "grading": "highest",
        "attempts_allowed": 0,
        "time_limit_minutes": 0,
        "review_shows": [],
    }
    values.update(settings)
    return make_quiz(module, kind, questions=questions, **values)


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


def make_module_with_final_quiz(lessons: int = 2) -> tuple[Module, Quiz]:
    """A published module of `lessons` short lessons and a final quiz of the default bank."""
    module = make_module()
    add_lessons(module, lessons)
    db.session.commit()
    return module, make_quiz(module)
