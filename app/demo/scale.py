"""A large demo programme for `flask seed-demo --scale N`, so the dashboard can be measured.

N = 1 makes about 100,000 users and 2,000 workshops (with their sessions, registrations,
attendance and pre-/post-tests), learners' progress through the modules, 1,000,000 quiz attempts in
all and a few hundred exchanges; N = 0.01 makes 1 % of that. Attempts carry their grade only (no
per-question answers: the dashboard reads grades). Rows go in with bulk inserts (COPY on PostgreSQL, executemany elsewhere) and explicit ids.
The data is deterministic: a seeded random generator, and dates counted back from the first day of
the current month, so two runs in the same month make the same programme. Every account is a
demo account (is_demo) with an address scale-NNNNNN@example.org and the demo password.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.auth.models import User, UserRole
from app.auth.services import hash_password
from app.core.db import utcnow
from app.core.places import EU_MEMBER_STATES, PROVINCES, USUAL_TIMEZONES
from app.exchanges.models import DelegationMember, Exchange, Institution, StatusChange
from app.extensions import db
from app.learning.models import Lesson, LessonProgress, Module
from app.quizzes.models import Attempt, Quiz
from app.workshops.models import (
    AttendanceRecord,
    Registration,
    Workshop,
    WorkshopSession,
)

from .bulk import BulkWriter, Counts
from .scale_activity import (
    MONTHS,
    _attempts,
    _lessons_by_module,
    _progress,
    _quizzes,
    _test_pair,
    _workshop_tests,
)

EMAIL_PREFIX = "scale-"
SEED = 20_261_128

USERS_AT_1 = 100_000
WORKSHOPS_AT_1 = 2_000
EXCHANGES_AT_1 = 300
ATTEMPTS_AT_1 = 1_000_000
PARTICIPANTS_PER_WORKSHOP = 30

SURNAMES = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"),
    ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("林", "Lin"), ("何", "He"),
)  # fmt: skip
GIVEN_NAMES = (
    ("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("磊", "Lei"),
    ("强", "Qiang"), ("洋", "Yang"), ("艳", "Yan"), ("杰", "Jie"), ("晓燕", "Xiaoyan"),
    ("建国", "Jianguo"), ("海燕", "Haiyan"), ("志强", "Zhiqiang"),
)  # fmt: skip
EU_NAMES = (("Novak", "Petra"), ("Rossi", "Marco"), ("Kowalska", "Anna"), ("Dubois", "Claire"),
            ("Müller", "Jonas"), ("García", "Lucía"), ("Horvat", "Ivana"), ("Jansen", "Pieter"))  # fmt: skip
ORGANISATION_TYPES = (
    ("provincial_bureau", 30), ("local_bureau", 30), ("labour_inspection", 12),
    ("public_employment_service", 8), ("ministry", 4), ("recruitment_agency", 6),
    ("industry_association", 2), ("employer", 2), ("trade_union", 1), ("ngo", 1),
    ("academic", 1), ("", 3),
)  # fmt: skip
WORKSHOP_KINDS = (
    ("capacity_building", 60), ("law_policy_review", 15), ("employers_dialogue", 10),
    ("awareness_training", 12), ("other", 3),
)  # fmt: skip
MARKS = (("present", 80), ("late", 7), ("excused", 5), ("absent", 5), (None, 3))
DIRECTIONS = (("china_to_eu", 55), ("eu_to_china", 35), ("multilateral", 10))
AGENDA = (  # (hour offset from the start, minutes, counts, English, Chinese)
    (0, 90, True, "Licensing recruitment agencies", "职业中介机构许可"),
    (2, 20, False, "Tea break", "茶歇"),
    (2.5, 90, True, "Inspection case study", "检查案例研究"),
    (24, 120, True, "Fair recruitment and self-regulation", "公平招聘与行业自律"),
    (27, 90, True, "Complaints and remedies", "投诉与救济"),
)


def _weighted(rng: random.Random, pairs: Sequence[tuple[object, int]]):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def sizes(scale: float) -> dict[str, int]:
    """How many users, workshops and exchanges a scale makes."""
    return {
        "users": max(40, round(USERS_AT_1 * scale)),
        "workshops": max(3, round(WORKSHOPS_AT_1 * scale)),
        "exchanges": max(2, round(EXCHANGES_AT_1 * scale)),
        "attempts": max(100, round(ATTEMPTS_AT_1 * scale)),
    }


def already_loaded() -> bool:
    """Whether a scaled programme is in the database already."""
    return (
        db.session.scalar(sa.select(User.id).where(User.email.like(f"{EMAIL_PREFIX}%")).limit(1))
        is not None
    )


def seed_scale(scale: float, password: str) -> Counts:
    """Write a programme of the given scale (refuses to add a second one)."""
    if already_loaded():
        return Counts()
    rng = random.Random(SEED)
    counts = Counts()
    writer = BulkWriter(counts)
    anchor = utcnow().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    size = sizes(scale)
    user_ids = _users(writer, rng, size["users"], hash_password(password), anchor)
    modules = _lessons_by_module(writer)
    quizzes = _quizzes(writer, modules)
    tests = _workshop_tests(quizzes)
    numbers: dict[tuple[int, int], int] = {}
    test_attempts = _workshops(writer, rng, size["workshops"], user_ids, anchor, tests, numbers)
    _progress(writer, rng, user_ids, anchor, modules)
    _attempts(writer, rng, quizzes, user_ids, anchor, test_attempts, numbers, size["attempts"])
    _exchanges(writer, rng, size["exchanges"], user_ids, anchor)
    writer.reset_sequences(
        t.__table__
        for t in (
            User, UserRole, Workshop, WorkshopSession, Registration, AttendanceRecord,
            LessonProgress, Module, Lesson, Institution, Exchange, DelegationMember, StatusChange,
            Quiz, Attempt,
        )
    )  # fmt: skip
    return counts


# --- People --------------------------------------------------------------------------------------


def _users(writer, rng, count, password_hash, anchor) -> list[int]:
    first = writer.next_id(User.__table__)
    consent = anchor - timedelta(days=400)
    eu = list(EU_MEMBER_STATES)
    provinces = [code for code, _en, _zh in PROVINCES if code not in ("71", "81", "82")]
    rows = []
    for index in range(count):
        number = first + index
        european = rng.random() < 0.08
        if european:
            family_latin, given_latin = rng.choice(EU_NAMES)
            family_zh = given_zh = ""
            country = rng.choice(eu)
            province = ""
            organisation_type = rng.choice(("eu_authority", "labour_inspection", "ministry"))
            language, zone = "en", USUAL_TIMEZONES.get(country, "Europe/Brussels")
        else:
            family_zh, family_latin = rng.choice(SURNAMES)
            given_zh, given_latin = rng.choice(GIVEN_NAMES)
            country = "CN"
            province = "" if rng.random() < 0.05 else rng.choice(provinces)
            organisation_type = _weighted(rng, ORGANISATION_TYPES)
            language, zone = rng.choice(("zh", "zh", "en")), "Asia/Shanghai"
        gender = _weighted(rng, (("female", 45), ("male", 45), ("other", 1), (None, 9)))
        rows.append(
            (
                number,
                f"{EMAIL_PREFIX}{number:06d}@example.org",
                password_hash,
                family_zh,
                given_zh,
                family_latin,
                given_latin,
                "Demo organisation (scale)",
                organisation_type,
                "Official (demo)",
                country,
                province,
                gender,
                language,
                zone,
                "2026-01",
                consent,
                True,
                True,
                consent,
            )
        )
    writer.write(
        User.__table__,
        (
            "id", "email", "password_hash", "family_name_zh", "given_name_zh",
            "family_name_latin", "given_name_latin", "organisation", "organisation_type",
            "position", "country", "province", "gender", "preferred_language", "timezone",
            "privacy_consent_version", "privacy_consented_at", "active", "is_demo", "created_at",
        ),
        rows,
    )  # fmt: skip
    ids = [row[0] for row in rows]
    first_role = writer.next_id(UserRole.__table__)
    writer.write(
        UserRole.__table__,
        ("id", "user_id", "role"),
        ((first_role + i, user_id, "trainee") for i, user_id in enumerate(ids)),
    )
    return ids


# --- Workshops -----------------------------------------------------------------------------------


def _registrations(rng, chosen, wid, starts_at, registrations, registration_id):
    """Register the chosen people for a workshop (most confirmed); returns who is confirmed and
    the next registration id."""
    confirmed = []
    for user_id in chosen:
        state = _weighted(rng, (("confirmed", 92), ("withdrawn", 5), ("waiting", 3)))
        created = starts_at - timedelta(days=20)
        registrations.append((registration_id, wid, user_id, state, "", "", False, created))
        registration_id += 1
        if state == "confirmed":
            confirmed.append(user_id)
    return confirmed, registration_id


def _write_workshops(writer, workshops, sessions, registrations, records) -> None:
    """Write the workshops' rows, then their sessions, registrations and attendance."""
    writer.write(
        Workshop.__table__,
        ("id", "title_en", "title_zh", "kind", "country", "province", "city", "timezone",
         "starts_at", "ends_at", "capacity", "seats_taken", "status", "created_at", "pre_quiz_id",
         "post_quiz_id"),
        workshops,
    )  # fmt: skip
    writer.write(
        WorkshopSession.__table__,
        ("id", "workshop_id", "title_en", "title_zh", "starts_at", "ends_at",
         "counts_for_attendance"),
        sessions,
    )  # fmt: skip
    writer.write(
        Registration.__table__,
        ("id", "workshop_id", "user_id", "status", "dietary_needs", "accessibility_needs",
         "needs_interpretation", "created_at"),
        registrations,
    )  # fmt: skip
    writer.write(
        AttendanceRecord.__table__,
        ("id", "session_id", "user_id", "mark", "marked_at"),
        records,
    )


def _workshops(writer, rng, count, user_ids, anchor, tests, numbers) -> list[tuple]:
    """Workshops with their agenda, registrations and attendance; returns the pre- and post-test
    attempts of completed workshops' participants, for _attempts to write."""
    test_attempts: list[tuple] = []
    workshop_id = writer.next_id(Workshop.__table__)
    session_id = writer.next_id(WorkshopSession.__table__)
    registration_id = writer.next_id(Registration.__table__)
    record_id = writer.next_id(AttendanceRecord.__table__)
    now = utcnow()
    provinces = [code for code, _en, _zh in PROVINCES if code not in ("71", "81", "82")]
    workshops, sessions, registrations, records = [], [], [], []
    span_days = MONTHS * 30
    # Spread over the past three years and the next two months, numbered in date order so that
    # participants' test attempts are numbered in the order they were taken.
    days = sorted(rng.randrange(-span_days, 60) for _ in range(count))
    for index in range(count):
        wid = workshop_id + index
        day = anchor + timedelta(days=days[index])  # 09:00 Beijing is 01:00 UTC
        starts_at = day.replace(hour=1)
        ends_at = starts_at + timedelta(days=1, hours=8)
        abroad = rng.random() < 0.05
        country = rng.choice(EU_MEMBER_STATES) if abroad else "CN"
        province = "" if abroad else rng.choice(provinces)
        if ends_at < now:
            status = "cancelled" if rng.random() < 0.04 else "completed"
        else:
            status = "published"
        seats = min(PARTICIPANTS_PER_WORKSHOP, len(user_ids))
        chosen = rng.sample(user_ids, seats)
        confirmed, registration_id = _registrations(
            rng, chosen, wid, starts_at, registrations, registration_id
        )
        pre_quiz, post_quiz = rng.choice(tests) if tests and rng.random() < 0.8 else (None, None)
        if status == "completed" and pre_quiz:
            for user_id in confirmed:
                test_attempts.extend(
                    _test_pair(rng, wid, user_id, pre_quiz, post_quiz, starts_at, numbers)
                )
        workshops.append(
            (
                wid,
                f"Scale workshop {index + 1} (demo)",
                f"规模测试培训班 {index + 1}（演示）",
                _weighted(rng, WORKSHOP_KINDS),
                country,
                province,
                "City (demo)",
                "Asia/Shanghai",
                starts_at,
                ends_at,
                40,
                len(confirmed),
                status,
                starts_at - timedelta(days=60),
                pre_quiz,
                post_quiz,
            )
        )
        for offset, minutes, counts, en, zh in AGENDA:
            begins = starts_at + timedelta(hours=offset)
            sessions.append(
                (session_id, wid, en, zh, begins, begins + timedelta(minutes=minutes), counts)
            )
            if status == "completed" and counts:
                for user_id in confirmed:
                    mark = _weighted(rng, MARKS)
                    if mark is not None:
                        records.append((record_id, session_id, user_id, mark, begins))
                        record_id += 1
            session_id += 1
    _write_workshops(writer, workshops, sessions, registrations, records)
    return test_attempts


# --- Learning ------------------------------------------------------------------------------------


# --- Quizzes -------------------------------------------------------------------------------------


# --- Exchanges -----------------------------------------------------------------------------------


def _exchanges(writer, rng, count, user_ids, anchor) -> None:
    institution_id = writer.next_id(Institution.__table__)
    places = ("CN", "CN", "CN", "PL", "IT", "BE", "DE", "FR", "ES", "NL")
    institutions = [
        (institution_id + i, f"Scale institution {i + 1} (demo)", f"规模测试机构 {i + 1}（演示）",
         country, "ministry")
        for i, country in enumerate(places)
    ]  # fmt: skip
    writer.write(
        Institution.__table__, ("id", "name_en", "name_zh", "country", "kind"), institutions
    )
    chinese = [row[0] for row in institutions if row[3] == "CN"]
    european = [row[0] for row in institutions if row[3] != "CN"]
    exchange_id = writer.next_id(Exchange.__table__)
    member_id = writer.next_id(DelegationMember.__table__)
    change_id = writer.next_id(StatusChange.__table__)
    exchanges, members, changes = [], [], []
    today = anchor.date()
    for index in range(count):
        eid = exchange_id + index
        direction = _weighted(rng, DIRECTIONS)
        if direction == "china_to_eu":
            sending, host = rng.choice(chinese), rng.choice(european)
        elif direction == "eu_to_china":
            sending, host = rng.choice(european), rng.choice(chinese)
        else:
            sending, host = rng.sample(european, 2)
        start = today + timedelta(days=rng.randrange(-MONTHS * 30, 120))
        end = start + timedelta(days=rng.randrange(3, 12))
        status = ("completed" if rng.random() < 0.9 else "cancelled") if end < today else "approved"
        exchanges.append(
            (eid, f"Scale exchange {index + 1} (demo)", f"规模测试交流 {index + 1}（演示）",
             direction, sending, host, start, end, status, datetime.combine(start, datetime.min.time(), UTC))
        )  # fmt: skip
        changes.append((change_id, eid, "proposed", status, anchor))
        change_id += 1
        for user_id in rng.sample(user_ids, min(len(user_ids), rng.randrange(3, 12))):
            members.append((member_id, eid, user_id, "member", rng.random() < 0.08))
            member_id += 1
    writer.write(
        Exchange.__table__,
        ("id", "title_en", "title_zh", "direction", "sending_institution_id",
         "host_institution_id", "start_date", "end_date", "status", "created_at"),
        exchanges,
    )  # fmt: skip
    writer.write(
        DelegationMember.__table__,
        ("id", "exchange_id", "user_id", "role", "accompanying"),
        members,
    )
    writer.write(
        StatusChange.__table__,
        ("id", "exchange_id", "from_status", "to_status", "changed_at"),
        changes,
    )
