"""A small programme whose indicators can be counted by hand (the figures are in the tests).

Period 1 January - 30 June 2026 in Beijing time. Held: W1 (Fujian, March: two counting sessions and
a tea break), W2 (Shandong, April: two sessions), W3 (Fujian, starting 1 January 01:00 Beijing time,
which is still 31 December in UTC: one session). Not held: W4 (completed but in 2025), W5 (published,
not completed), W6 (cancelled). Seven participants P1-P7 with known marks; P4 trains nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from app.certificates.models import Certificate
from app.evaluations.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from app.exchanges.models import DelegationMember, Exchange, Institution
from app.extensions import db
from app.learning.models import Lesson, LessonProgress, Module
from app.quizzes.models import Attempt, Quiz
from app.workshops.models import (
    AttendanceRecord,
    Registration,
    Workshop,
    WorkshopSession,
)
from tests.conftest import make_user

PERIOD = (date(2026, 1, 1), date(2026, 6, 30))


def at(year, month, day, hour=0, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@dataclass
class Programme:
    people: dict[str, object]
    workshops: dict[str, Workshop]
    modules: dict[str, Module]


def _workshop(name, starts_at, province, status="completed", kind="capacity_building", country="CN",
              sessions=2, tea_break=False) -> Workshop:  # fmt: skip
    workshop = Workshop(
        title_en=f"Workshop {name}",
        title_zh=f"培训班{name}",
        kind=kind,
        country=country,
        province=province,
        city="City",
        timezone="Asia/Shanghai",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(days=1),
        capacity=30,
        status=status,
    )
    for number in range(sessions):
        begins = starts_at + timedelta(hours=2 * number)
        workshop.sessions.append(
            WorkshopSession(
                title_en=f"S{number + 1}",
                title_zh=f"单元{number + 1}",
                starts_at=begins,
                ends_at=begins + timedelta(hours=1),
            )
        )
    if tea_break:
        begins = starts_at + timedelta(hours=5)
        workshop.sessions.append(
            WorkshopSession(
                title_en="Tea break",
                title_zh="茶歇",
                starts_at=begins,
                ends_at=begins + timedelta(minutes=20),
                counts_for_attendance=False,
            )
        )
    db.session.add(workshop)
    db.session.flush()
    return workshop


def _attend(workshop, person, *marks, status="confirmed") -> None:
    """Register `person` and record one mark per session in agenda order (None: unmarked)."""
    db.session.add(Registration(workshop_id=workshop.id, user_id=person.id, status=status))
    ordered = sorted(workshop.sessions, key=lambda s: s.starts_at)
    for session, mark in zip(ordered, marks, strict=False):
        if mark is not None:
            db.session.add(AttendanceRecord(session_id=session.id, user_id=person.id, mark=mark))


def _module(slug, lessons, retired=0) -> Module:
    module = Module(
        slug=slug, title_en=f"Module {slug}", title_zh=f"模块{slug}", status="published"
    )
    db.session.add(module)
    db.session.flush()
    for number in range(lessons + retired):
        db.session.add(
            Lesson(
                module_id=module.id,
                slug=f"{slug}-{number}",
                position=number + 1,
                title_en=f"L{number}",
                title_zh=f"课{number}",
                retired=number >= lessons,
            )
        )
    db.session.flush()
    return module


def _done(person, module, count, last_at, include_retired=False) -> None:
    lessons = sorted(
        (lesson for lesson in db.session.query(Lesson).filter_by(module_id=module.id)),
        key=lambda lesson: (lesson.retired != include_retired, lesson.position),
    )
    for index, lesson in enumerate(lessons[:count]):
        db.session.add(
            LessonProgress(
                user_id=person.id,
                lesson_id=lesson.id,
                completed_at=last_at - timedelta(days=count - 1 - index),
            )
        )


def _institution(name, country) -> Institution:
    institution = Institution(name_en=name, name_zh=name, country=country, kind="ministry")
    db.session.add(institution)
    return institution


def _exchange(direction, status, end, sending, host, members=0, accompanying=0) -> Exchange:
    exchange = Exchange(
        title_en="Visit",
        title_zh="访问",
        direction=direction,
        status=status,
        start_date=end - timedelta(days=4),
        end_date=end,
        sending_institution=sending,
        host_institution=host,
    )
    db.session.add(exchange)
    for number in range(members + accompanying):
        db.session.add(
            DelegationMember(
                exchange=exchange,
                family_name_latin=f"Member{number}",
                accompanying=number >= members,
            )
        )
    return exchange


def _quiz(module, key, kind, pass_mark=0, grading="highest") -> Quiz:
    quiz = Quiz(
        module_id=module.id,
        key=key,
        kind=kind,
        title_en=key,
        title_zh=key,
        pass_mark=pass_mark,
        attempts_allowed=0,
        grading=grading,
    )
    db.session.add(quiz)
    db.session.flush()
    return quiz


def _attempts(quiz, person, *taken, workshop=None) -> None:
    """Graded attempts in order: (score, submitted_at) or (score, submitted_at, workshop)."""
    for number, (score, submitted_at, *rest) in enumerate(taken, start=1):
        db.session.add(
            Attempt(
                quiz_id=quiz.id,
                user_id=person.id,
                workshop_id=(rest[0] if rest else workshop).id if (rest or workshop) else None,
                number=number,
                started_at=submitted_at - timedelta(minutes=20),
                submitted_at=submitted_at,
                state="submitted",
                score=score,
                passed=score >= quiz.pass_mark,
            )
        )


def _survey(workshop, answers) -> None:
    """answers: {person: (rating 1, rating 2 or None)}; a free-text question is asked too."""
    survey = Survey(workshop_id=workshop.id, closes_at=workshop.starts_at + timedelta(days=30))
    db.session.add(survey)
    db.session.flush()
    questions = [
        SurveyQuestion(survey_id=survey.id, position=1, kind="rating",
                       text_en="The workshop was relevant to my work.", text_zh="本次培训与我的工作密切相关。"),
        SurveyQuestion(survey_id=survey.id, position=2, kind="rating",
                       text_en="The workshop was well organised.", text_zh="培训组织得当。"),
        SurveyQuestion(survey_id=survey.id, position=3, kind="text", text_en="Comments", text_zh="意见"),
    ]  # fmt: skip
    db.session.add_all(questions)
    db.session.flush()
    for person, ratings in answers.items():
        response = SurveyResponse(survey_id=survey.id, user_id=person.id)
        db.session.add(response)
        db.session.flush()
        for question, rating in zip(questions, ratings, strict=False):
            if rating is not None:
                db.session.add(
                    SurveyAnswer(response_id=response.id, question_id=question.id, rating=rating)
                )
        db.session.add(
            SurveyAnswer(response_id=response.id, question_id=questions[2].id, text="=1+1")
        )


def _certificate(kind, person, issued_at, number, status="live", supersedes=None) -> Certificate:
    certificate = Certificate(
        kind=kind,
        subject_id=1,
        holder_id=person.id,
        code=f"{number:016d}",
        status=status,
        snapshot={},
        pdf_sha256="0" * 64,
        issued_at=issued_at,
        supersedes_id=supersedes.id if supersedes else None,
    )
    db.session.add(certificate)
    db.session.flush()
    return certificate


def _outcomes(p, m, n, w1, w2, w5) -> None:
    """Quizzes, pre/post tests, evaluation surveys and certificates (figures in the tests)."""
    final = _quiz(m, "final", "final", pass_mark=70)
    practice = _quiz(m, "practice", "practice", pass_mark=50, grading="last")
    _attempts(final, p["P1"], (60, at(2026, 2, 1)), (80, at(2026, 3, 1)))
    _attempts(final, p["P2"], (65, at(2026, 4, 1)))
    _attempts(final, p["P3"], (90, at(2026, 7, 5)))  # after the period
    _attempts(final, p["P5"], (75, at(2026, 5, 1)))
    db.session.add(Attempt(quiz_id=final.id, user_id=p["P4"].id, number=1, state="in_progress"))
    _attempts(practice, p["P1"], (80, at(2026, 1, 10)), (40, at(2026, 1, 12)))
    _attempts(practice, p["P6"], (30, at(2026, 1, 10)), (55, at(2026, 1, 12)))

    pre_m, post_m = _quiz(m, "pre", "pre"), _quiz(m, "post", "post")
    pre_n, post_n = _quiz(n, "pre", "pre"), _quiz(n, "post", "post")
    w1.pre_quiz_id, w1.post_quiz_id = pre_m.id, post_m.id
    w2.pre_quiz_id, w2.post_quiz_id = pre_n.id, post_n.id
    # W1 starts on 10 March 01:00 UTC.
    _attempts(pre_m, p["P1"], (40, at(2026, 3, 1)), workshop=w1)
    _attempts(post_m, p["P1"], (70, at(2026, 3, 12)), (90, at(2026, 3, 13)), workshop=w1)
    _attempts(pre_m, p["P2"], (10, at(2026, 3, 11)), workshop=w1)  # too late to be a pre-test
    _attempts(post_m, p["P2"], (80, at(2026, 3, 12)), workshop=w1)
    _attempts(pre_m, p["P3"], (5, at(2026, 3, 5), w2), (60, at(2026, 3, 6)))  # #1 was W2's
    _attempts(post_m, p["P3"], (75, at(2026, 3, 11)))
    _attempts(pre_m, p["P7"], (20, at(2026, 3, 2)), workshop=w1)  # no post-test
    # W2 starts on 20 April 01:00 UTC.
    _attempts(pre_n, p["P5"], (50, at(2026, 4, 10)), workshop=w2)
    _attempts(post_n, p["P5"], (100, at(2026, 4, 21)), workshop=w2)
    _attempts(pre_n, p["P6"], (100, at(2026, 4, 10)), workshop=w2)
    _attempts(post_n, p["P6"], (90, at(2026, 4, 22)), workshop=w2)

    _survey(w1, {p["P1"]: (5, 2), p["P2"]: (4, None)})
    _survey(w2, {p["P5"]: (3,)})
    _survey(w5, {p["P4"]: (1, 1)})  # not held

    first = _certificate("attendance", p["P1"], at(2026, 3, 20), 1, status="superseded")
    _certificate("attendance", p["P1"], at(2026, 4, 1), 2, supersedes=first)  # a reissue
    _certificate("attendance", p["P2"], at(2026, 3, 20), 3)
    _certificate("completion", p["P5"], at(2026, 5, 10), 4)
    _certificate("participation", p["P3"], at(2025, 12, 1), 5)  # before the period


def build_programme() -> Programme:
    """Commit the programme described in the module docstring and return its parts."""
    people = {
        "P1": make_user(province="35", organisation_type="provincial_bureau", gender="female"),
        "P2": make_user(province="35", organisation_type="provincial_bureau", gender="male"),
        "P3": make_user(province="37", organisation_type="labour_inspection", gender=None),
        "P4": make_user(province="", organisation_type="", gender="female"),
        "P5": make_user(country="PL", province="", organisation_type="eu_authority", gender="male"),
        "P6": make_user(province="37", organisation_type="labour_inspection", gender="female"),
        "P7": make_user(country="", province="", organisation_type="", gender=None),
    }
    p = people
    w1 = _workshop("W1", at(2026, 3, 10, 1), "35", tea_break=True)
    w2 = _workshop("W2", at(2026, 4, 20, 1), "37", kind="law_policy_review")
    w3 = _workshop("W3", at(2025, 12, 31, 17), "35", sessions=1)
    w4 = _workshop("W4", at(2025, 12, 20, 1), "35")
    w5 = _workshop("W5", at(2026, 5, 1, 1), "35", status="published")
    w6 = _workshop("W6", at(2026, 5, 2, 1), "35", status="cancelled")

    _attend(w1, p["P1"], "present", "late")
    _attend(w1, p["P2"], "present", "absent")
    _attend(w1, p["P3"], "excused", "excused", "present")  # present only at the tea break
    _attend(w1, p["P7"], "present", None)
    _attend(w2, p["P3"], "present", "present")
    _attend(w2, p["P4"], "absent", None)
    _attend(w2, p["P5"], "late", "present")
    _attend(w2, p["P6"], "present", "excused")
    _attend(w2, p["P2"], status="withdrawn")
    _attend(w3, p["P1"], "present")
    _attend(w3, p["P6"], "absent")
    _attend(w4, p["P4"], "present", "present")
    _attend(w5, p["P4"], "present", "present")
    _attend(w6, p["P4"], "present")

    m = _module("m", lessons=3, retired=1)
    n = _module("n", lessons=2)
    _done(p["P1"], m, 3, at(2026, 2, 10, 3))
    _done(p["P2"], m, 3, at(2026, 7, 5, 3))  # completed after the period
    _done(p["P3"], m, 3, at(2026, 3, 1, 3), include_retired=True)  # one of the three is retired
    _done(p["P5"], n, 2, at(2026, 5, 5, 3))
    _done(p["P7"], n, 2, at(2026, 6, 30, 20))  # 1 July 04:00 in Beijing: after the period

    china = _institution("Ministry", "CN")
    poland = _institution("Inspectorate", "PL")
    belgium = _institution("Employment", "BE")
    italy = _institution("Labour", "IT")
    _exchange("china_to_eu", "completed", date(2026, 4, 17), china, poland, 2, accompanying=1)
    _exchange("eu_to_china", "completed", date(2026, 5, 20), belgium, china, 1)
    _exchange("china_to_eu", "completed", date(2026, 7, 10), china, poland, 4)
    _exchange("china_to_eu", "under_way", date(2026, 3, 1), china, belgium, 3)
    _exchange("multilateral", "completed", date(2026, 2, 1), belgium, italy, 0)
    _outcomes(p, m, n, w1, w2, w5)
    db.session.commit()
    return Programme(
        people, {"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6}, {"m": m, "n": n}
    )
