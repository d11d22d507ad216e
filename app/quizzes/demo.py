"""Demo data for quizzes: a past workshop whose participants took its pre-test and post-test,
and the demo trainee's own results, so the results pages and reports show real figures."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.auth import services as accounts
from app.extensions import db
from app.learning.models import Module
from app.workshops.models import AttendanceRecord, Registration, Workshop

from . import attempts, services
from .grading import QuestionType
from .models import Attempt, Question, Quiz

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 -- the demo accounts' published password
#: The workshop whose participants took its tests, and the module the tests come from.
TESTED_WORKSHOP = "Monitoring recruitment agencies, Fuzhou (demo)"
TESTED_MODULE = "c181-private-employment-agencies"
#: The upcoming workshop gets the tests of this module (the demo trainee can still take them).
UPCOMING_WORKSHOP = "Law and policy review, Jinan (demo)"
UPCOMING_MODULE = "fair-recruitment"

#: Demo participants: (family name, given name, Latin family, Latin given, province,
#: chance of a right answer before the workshop, and after it).
PARTICIPANTS = (
    ("陈", "静", "Chen", "Jing", "35", 0.35, 0.80),
    ("黄", "伟", "Huang", "Wei", "35", 0.45, 0.85),
    ("吴", "芳", "Wu", "Fang", "35", 0.25, 0.60),
    ("刘", "洋", "Liu", "Yang", "44", 0.55, 0.90),
    ("赵", "敏", "Zhao", "Min", "44", 0.40, 0.55),
    ("孙", "磊", "Sun", "Lei", "32", 0.30, 0.75),
    ("周", "婷", "Zhou", "Ting", "32", 0.60, 0.70),
    ("郑", "强", "Zheng", "Qiang", "37", 0.20, 0.65),
    ("何", "丽", "He", "Li", "37", 0.50, 0.95),
    ("高", "鹏", "Gao", "Peng", "33", 0.70, 0.60),
    ("马", "欣", "Ma", "Xin", "33", 0.35, 0.85),
    ("罗", "军", "Luo", "Jun", "51", 0.45, 0.70),
    ("梁", "雪", "Liang", "Xue", "51", 1.00, 1.00),
    ("宋", "涛", "Song", "Tao", "42", 0.30, 0.50),
    ("谢", "娜", "Xie", "Na", "42", 0.55, 0.80),
    ("韩", "斌", "Han", "Bin", "35", 0.40, 0.90),
)


def _email(number: int) -> str:
    return f"participant{number:02d}.demo@example.org"


def _quiz(module_slug: str, kind: str) -> Quiz | None:
    return db.session.scalar(
        sa.select(Quiz)
        .join(Module)
        .where(Module.slug == module_slug, Quiz.kind == kind, Quiz.retired.is_(False))
    )


def _workshop(title: str) -> Workshop | None:
    return db.session.scalar(sa.select(Workshop).where(Workshop.title_en == title))


def _response(question: Question, right: bool, rng: random.Random) -> list[str]:
    """An answer as the answer page would post it: right, or a plausible mistake."""
    correct = [c.key for c in question.choices if c.correct]
    wrong = [c.key for c in question.choices if not c.correct]
    if question.type == QuestionType.SINGLE:
        return correct if right else [rng.choice(wrong)]
    if question.type == QuestionType.MULTIPLE:
        if right:
            return correct
        return correct[:1] + [rng.choice(wrong)] if rng.random() < 0.5 else correct[:-1]
    if question.type == QuestionType.TRUE_FALSE:
        return ["true" if question.answer_truth == right else "false"]
    number = question.answer_number if question.answer_number is not None else Decimal(0)
    typed = number if right else number + rng.choice((-3, 2, 10))
    return [format(typed.normalize(), "f")]


def take(quiz: Quiz, user_id: int, chance: float, started_at, rng: random.Random) -> Attempt:
    """A finished attempt answered right with probability `chance` per question."""
    attempt = attempts.start_attempt(quiz, user_id, started_at, rng=rng)
    questions = {q.id: q for q in quiz.questions}
    responses = {
        qid: _response(questions[qid], rng.random() < chance, rng) for qid in attempt.question_order
    }
    attempts.save_answers(attempt, responses, started_at + timedelta(minutes=8))
    attempts.submit_attempt(attempt, started_at + timedelta(minutes=11))
    return attempt


def seed_quizzes() -> int:
    """Add the demo quiz results once; returns how many attempts were added (0 if they exist)."""
    workshop = _workshop(TESTED_WORKSHOP)
    pre, post = _quiz(TESTED_MODULE, "pre"), _quiz(TESTED_MODULE, "post")
    if workshop is None or pre is None or post is None:
        return 0
    if db.session.scalar(sa.select(Attempt.id).where(Attempt.quiz_id == pre.id).limit(1)):
        return 0
    services.set_workshop_tests(workshop, pre.id, post.id)
    upcoming = _workshop(UPCOMING_WORKSHOP)
    upcoming_pre, upcoming_post = _quiz(UPCOMING_MODULE, "pre"), _quiz(UPCOMING_MODULE, "post")
    if upcoming is not None and upcoming_pre is not None and upcoming_post is not None:
        services.set_workshop_tests(upcoming, upcoming_pre.id, upcoming_post.id)
    counting = [s for s in workshop.sessions if s.counts_for_attendance]
    rng = random.Random(2026)  # the same figures on every machine
    added = 0
    for number, (family, given, family_latin, given_latin, province, before, after) in enumerate(
        PARTICIPANTS, start=1
    ):
        user = accounts.find_user_by_email(_email(number)) or accounts.create_user(
            _email(number),
            DEMO_PASSWORD,
            {
                "family_name_zh": family,
                "given_name_zh": given,
                "family_name_latin": family_latin,
                "given_name_latin": given_latin,
                "organisation": "人力资源和社会保障局（演示）",
                "organisation_type": "provincial_bureau",
                "position": "Licensing officer (demo)",
                "country": "CN",
                "province": province,
                "preferred_language": "zh",
                "timezone": "Asia/Shanghai",
            },
            consent_version=accounts.PRIVACY_NOTICE_VERSION,
            is_demo=True,
        )
        db.session.add(Registration(workshop_id=workshop.id, user_id=user.id, status="confirmed"))
        workshop.seats_taken += 1
        for index, session in enumerate(counting):
            mark = "absent" if (number + index) % 11 == 0 else "present"
            db.session.add(AttendanceRecord(session_id=session.id, user_id=user.id, mark=mark))
        db.session.flush()
        pre_start = workshop.starts_at - timedelta(days=2, hours=number % 5)
        take(pre, user.id, before, pre_start, rng)
        take(post, user.id, after, workshop.ends_at - timedelta(hours=1, minutes=number), rng)
        added += 2
    trainee = accounts.find_user_by_email("trainee@example.org")
    if trainee is not None:
        take(pre, trainee.id, 0.5, workshop.starts_at - timedelta(days=1), rng)
        take(post, trainee.id, 0.85, workshop.ends_at - timedelta(hours=2), rng)
        final = _quiz(UPCOMING_MODULE, "final")
        if final is not None:
            take(final, trainee.id, 0.4, workshop.ends_at + timedelta(days=3), rng)
            take(final, trainee.id, 0.95, workshop.ends_at + timedelta(days=5), rng)
            added += 2
        added += 2
    db.session.flush()
    return added


def seed_demo() -> list[str]:
    """The demo seeder: the demo workshops' tests and their participants' attempts."""
    return [f"{seed_quizzes()} demo quiz attempt(s) added."]
