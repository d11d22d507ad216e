"""Demo data for evaluations: the answered evaluation survey of the demo workshop whose
participants took its pre- and post-test, so the results page shows real figures."""

from __future__ import annotations

import random
from datetime import timedelta

import sqlalchemy as sa

from app.auth import services as accounts
from app.core.db import utcnow
from app.extensions import db
from app.quizzes.demo import PARTICIPANTS, TESTED_WORKSHOP
from app.quizzes.demo import _email as participant_email
from app.workshops.models import Workshop

from . import services
from .models import QuestionKind

#: What demo participants wrote: (most useful, to improve); '' leaves the question unanswered.
WRITTEN = (
    (
        "检查案例研究非常实用，可以直接用于我们的日常监管工作。",
        "希望增加关于网络招聘平台监管的内容。",
    ),
    ("The comparison of licensing systems in EU member states.", ""),
    ("关于招聘费用由雇主承担原则的讲解很清楚。", "分组讨论时间太短。"),
    ("", "口译设备有时信号不好。"),
    ("学习了如何处理劳动者投诉。", "希望会后提供中文版课件。"),
    ("The case study on deceptive job advertisements.", "More time for questions to the trainers."),
    ("国际劳工组织第181号公约的条文解读。", ""),
    ("与其他省份同事交流经验。", "建议安排一次实地考察职业中介机构。"),
    ("", ""),
    ("行业自律部分给了我们新的思路。", "第一天日程安排过满。"),
    ("风险信号清单很有用。", "希望提供更多本地案例。"),
    ("", "培训材料可以早一些发放。"),
)
#: The rating each demo participant tends to give (their ratings vary around it).
TENDENCY = (5, 4, 4, 3, 5, 4, 4, 5, 3, 4, 5, 4)


def seed_evaluations() -> int:
    """Set up the demo workshop's survey and its answers once; returns how many answered."""
    workshop = db.session.scalar(sa.select(Workshop).where(Workshop.title_en == TESTED_WORKSHOP))
    if workshop is None or services.survey_of(workshop) is not None:
        return 0
    coordinator = accounts.find_user_by_email("coordinator@example.org")
    survey = services.create_survey(coordinator, workshop)
    # Kept open a while in the demo, so the demo trainee (who attended) can answer it too.
    survey.closes_at = max(survey.closes_at, utcnow() + timedelta(days=14))
    rng = random.Random(2026)  # the same figures on every machine
    answered = 0
    for number in range(1, len(PARTICIPANTS) + 1):
        if number > len(WRITTEN):
            break  # the last few did not answer: a realistic response rate
        user = accounts.find_user_by_email(participant_email(number))
        if user is None or not services.attended_workshop(user, workshop):
            continue
        useful, improve = WRITTEN[number - 1]
        tendency = TENDENCY[number - 1]
        answers: dict[int, str] = {}
        texts = iter((useful, improve))
        for question in survey.questions:
            if question.kind == QuestionKind.RATING:
                rating = min(5, max(1, tendency + rng.choice((-1, 0, 0, 0, 1))))
                if question.required or rng.random() < 0.8:
                    answers[question.id] = str(rating)
            else:
                answers[question.id] = next(texts, "")
        services.submit_answers(user, survey, answers, now=workshop.ends_at + timedelta(hours=1))
        answered += 1
    db.session.flush()
    return answered


def seed_demo() -> list[str]:
    """The demo seeder: the tested demo workshop's evaluation and its answers."""
    return [f"{seed_evaluations()} demo workshop evaluation(s) added."]
