"""`flask seed-demo --scale`: a programme of the asked size, deterministic, loaded once, and
indicators that agree with counting the same rows one by one in Python."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa

from app.auth.models import User
from app.core.db import utcnow
from app.dashboard import completions as dashboard_completions
from app.dashboard import indicators
from app.dashboard.indicators import ABROAD, NOT_RECORDED, Period
from app.demo.scale import seed_scale, sizes
from app.exchanges.models import DelegationMember, Exchange
from app.learning.models import Lesson, LessonProgress
from app.workshops.attendance import ATTENDED
from app.workshops.models import AttendanceRecord, Registration, Workshop, WorkshopSession
from tests.conftest import empty_all_tables


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_sizes_grow_with_the_scale():
    assert sizes(1) == {
        "users": 100_000,
        "workshops": 2_000,
        "exchanges": 300,
        "attempts": 1_000_000,
    }
    assert sizes(0.01) == {"users": 1_000, "workshops": 20, "exchanges": 3, "attempts": 10_000}


def test_seed_demo_scale_writes_a_programme_of_that_size_once(runner, db):
    result = runner.invoke(args=["seed-demo", "--scale", "0.001"])
    assert result.exit_code == 0, result.output
    scaled = sa.select(sa.func.count()).select_from(User).where(User.email.like("scale-%"))
    assert db.session.scalar(scaled) == 100
    scaled_workshops = sa.select(Workshop.id).where(Workshop.title_en.like("Scale workshop %"))
    assert len(db.session.scalars(scaled_workshops).all()) == 3
    sessions = sa.select(sa.func.count()).where(WorkshopSession.workshop_id.in_(scaled_workshops))
    assert db.session.scalar(sessions) == 3 * 5
    registrations = sa.select(sa.func.count()).where(Registration.workshop_id.in_(scaled_workshops))
    assert db.session.scalar(registrations) == 3 * 30
    assert count(db, AttendanceRecord) > 0 and count(db, LessonProgress) > 2
    scaled_exchanges = sa.select(sa.func.count()).where(Exchange.title_en.like("Scale exchange %"))
    assert db.session.scalar(scaled_exchanges) == 2
    assert "users" in result.output and "100 rows" in result.output
    again = runner.invoke(args=["seed-demo", "--scale", "0.001"])
    assert again.exit_code == 0
    assert "loaded already" in again.output
    assert db.session.scalar(scaled) == 100
    # New rows after the bulk load get fresh ids (the sequences moved past the explicit ones).
    from tests.conftest import make_user

    assert make_user().id > db.session.scalar(
        sa.select(sa.func.max(User.id)).where(User.email.like("scale-%"))
    )


def test_refused_scales(runner):
    assert runner.invoke(args=["seed-demo", "--scale", "0"]).exit_code != 0
    assert runner.invoke(args=["seed-demo", "--scale", "lots"]).exit_code != 0


def _fingerprint(db) -> tuple:
    users = db.session.execute(
        sa.select(User.email, User.province, User.gender, User.organisation_type).order_by(User.id)
    ).all()
    marks = db.session.execute(
        sa.select(
            AttendanceRecord.session_id, AttendanceRecord.user_id, AttendanceRecord.mark
        ).order_by(AttendanceRecord.id)
    ).all()
    members = db.session.execute(
        sa.select(DelegationMember.exchange_id, DelegationMember.user_id).order_by(
            DelegationMember.id
        )
    ).all()
    return tuple(users), tuple(marks), tuple(members)


def test_the_scaled_programme_is_deterministic(db):
    seed_scale(0.0005, "pass-word-2026")
    db.session.commit()
    first = _fingerprint(db)
    empty_all_tables()
    seed_scale(0.0005, "pass-word-2026")
    db.session.commit()
    assert _fingerprint(db) == first
    assert len(first[1]) > 100


def test_indicators_agree_with_counting_row_by_row(db):
    seed_scale(0.001, "pass-word-2026")
    db.session.commit()
    today = utcnow().date()
    period = Period(today - timedelta(days=3 * 365), today, timezone="UTC")
    first, after = period.utc_bounds()

    held = {
        w.id: w
        for w in db.session.scalars(sa.select(Workshop))
        if w.status == "completed" and first <= w.starts_at < after
    }
    assert indicators.workshops_held(period).total == len(held) > 0

    sessions = {s.id: s for s in db.session.scalars(sa.select(WorkshopSession))}
    trained = {
        r.user_id
        for r in db.session.scalars(sa.select(AttendanceRecord))
        if sessions[r.session_id].workshop_id in held
        and sessions[r.session_id].counts_for_attendance
        and r.mark in ATTENDED
    }
    users = {u.id: u for u in db.session.scalars(sa.select(User))}
    result = indicators.participants_trained(period)
    assert result.total == len(trained)

    def province(user):
        if user.province:
            return user.province
        return ABROAD if user.country not in ("", "CN") else NOT_RECORDED

    assert {r.key: r.count for r in result.by_province} == Counter(
        province(users[i]) for i in trained
    )
    assert {r.key: r.count for r in result.by_gender} == Counter(
        users[i].gender or NOT_RECORDED for i in trained
    )

    records = {
        (r.session_id, r.user_id): r.mark for r in db.session.scalars(sa.select(AttendanceRecord))
    }
    attended = counted = 0
    for registration in db.session.scalars(sa.select(Registration)):
        if registration.workshop_id not in held or registration.status != "confirmed":
            continue
        for session in sessions.values():
            if session.workshop_id != registration.workshop_id or not session.counts_for_attendance:
                continue
            mark = records.get((session.id, registration.user_id), "absent")
            if mark != "excused":
                counted += 1
                attended += mark in ATTENDED
    rate = indicators.attendance(period)
    assert (rate.attended, rate.counted) == (attended, counted)

    lessons = {lesson.id: lesson for lesson in db.session.scalars(sa.select(Lesson))}
    per_module = Counter(lesson.module_id for lesson in lessons.values() if not lesson.retired)
    done: dict[tuple[int, int], list] = {}
    for progress in db.session.scalars(sa.select(LessonProgress)):
        lesson = lessons[progress.lesson_id]
        done.setdefault((lesson.module_id, progress.user_id), []).append(progress.completed_at)
    completions = sum(
        1
        for (module_id, _user), moments in done.items()
        if len(moments) == per_module[module_id] and first <= max(moments) < after
    )
    assert dashboard_completions.module_completions(period).total == completions

    trend = indicators.monthly_trend(period)
    assert sum(m.workshops for m in trend) == len(held)
    assert trend[0].month == date(period.start.year, period.start.month, 1)


def test_quiz_indicators_agree_with_counting_row_by_row(db):
    from app.dashboard import outcomes
    from app.quizzes.models import Attempt, Quiz

    seed_scale(0.002, "pass-word-2026")
    db.session.commit()
    attempts = db.session.scalars(sa.select(Attempt).order_by(Attempt.number)).all()
    assert 0.6 * 2000 < len(attempts) < 1.4 * 2000
    today = utcnow().date()
    period = Period(today - timedelta(days=3 * 365), today, timezone="UTC")
    first, after = period.utc_bounds()

    gains = outcomes.knowledge_gain(period)
    assert gains.people > 0
    workshops = {
        w.id: w
        for w in db.session.scalars(sa.select(Workshop))
        if w.status == "completed" and first <= w.starts_at < after and w.pre_quiz_id
    }
    confirmed = {
        (r.workshop_id, r.user_id)
        for r in db.session.scalars(sa.select(Registration))
        if r.status == "confirmed"
    }

    def first_score(workshop, quiz_id, user_id, before):
        for a in attempts:
            if (
                a.quiz_id != quiz_id
                or a.user_id != user_id
                or a.workshop_id not in (None, workshop.id)
            ):
                continue
            if (
                (a.submitted_at <= workshop.starts_at)
                if before
                else (a.submitted_at >= workshop.starts_at)
            ):
                return float(a.score)
        return None

    expected = {}
    for workshop in workshops.values():
        pairs = []
        for workshop_id, user_id in confirmed:
            if workshop_id != workshop.id:
                continue
            pre = first_score(workshop, workshop.pre_quiz_id, user_id, True)
            post = first_score(workshop, workshop.post_quiz_id, user_id, False)
            if pre is not None and post is not None:
                pairs.append((pre, post))
        if pairs:
            expected[workshop.id] = (
                len(pairs),
                sum(p for p, _ in pairs) / len(pairs),
                sum(q for _, q in pairs) / len(pairs),
            )
    assert {
        w.workshop_id: (w.people, round(w.mean_pre, 6), round(w.mean_post, 6))
        for w in gains.by_workshop
    } == {k: (n, round(pre, 6), round(post, 6)) for k, (n, pre, post) in expected.items()}

    quizzes = {q.id: q for q in db.session.scalars(sa.select(Quiz))}
    results: dict[str, list[int]] = {}
    by_person: dict[tuple[int, int], list] = {}
    for a in attempts:
        by_person.setdefault((a.quiz_id, a.user_id), []).append(a)
    for (quiz_id, _user), taken in by_person.items():
        quiz = quizzes[quiz_id]
        if quiz.pass_mark <= 0 or not (first <= taken[-1].submitted_at < after):
            continue
        passed = taken[-1].passed if quiz.grading == "last" else any(a.passed for a in taken)
        counts = results.setdefault(quiz.kind, [0, 0])
        counts[0] += 1
        counts[1] += passed
    assert {r.kind: [r.results, r.passed] for r in outcomes.quiz_pass_rates(period)} == results
