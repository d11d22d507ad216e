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

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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

#: Rows per statement or COPY batch.
CHUNK = 5_000
EMAIL_PREFIX = "scale-"
SEED = 20_261_128

USERS_AT_1 = 100_000
WORKSHOPS_AT_1 = 2_000
EXCHANGES_AT_1 = 300
ATTEMPTS_AT_1 = 1_000_000
PARTICIPANTS_PER_WORKSHOP = 30
#: Months back from the current one that the programme covers.
MONTHS = 36

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


@dataclass
class Counts:
    """Rows written, by table."""

    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + count


class BulkWriter:
    """Bulk inserts with explicit ids: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, counts: Counts):
        self.connection = db.session.connection()
        self.postgres = self.connection.dialect.name == "postgresql"
        self.counts = counts

    def next_id(self, table: sa.Table) -> int:
        """The first id free after every existing row."""
        return (db.session.scalar(sa.select(sa.func.max(table.c.id))) or 0) + 1

    def write(self, table: sa.Table, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
        """Insert rows (tuples in `columns` order); other columns take their Python defaults."""
        filled = [
            c
            for c in table.columns
            if c.name not in columns
            and c.default is not None
            and not (c.primary_key and c.autoincrement)
        ]
        extra_names = [c.name for c in filled]
        extra_values = tuple(
            c.default.arg(None) if c.default.is_callable else c.default.arg for c in filled
        )
        names = [*columns, *extra_names]
        batch: list[tuple] = []
        for row in rows:
            batch.append((*row, *extra_values))
            if len(batch) >= CHUNK:
                self._flush(table, names, batch)
                batch = []
        if batch:
            self._flush(table, names, batch)

    def _flush(self, table: sa.Table, names: list[str], batch: list[tuple]) -> None:
        if self.postgres:
            batch = [tuple(_copy_value(v) for v in row) for row in batch]
            cursor = self.connection.connection.driver_connection.cursor()
            quoted = ", ".join(f'"{n}"' for n in names)
            with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            self.connection.execute(
                table.insert(), [dict(zip(names, r, strict=True)) for r in batch]
            )
        self.counts.add(table.name, len(batch))

    def reset_sequences(self, tables: Iterable[sa.Table]) -> None:
        """After explicit ids, move PostgreSQL's id sequences past them."""
        if not self.postgres:
            return
        for table in tables:
            highest = sa.select(sa.func.coalesce(sa.func.max(table.c.id), 1)).scalar_subquery()
            sequence = sa.func.pg_get_serial_sequence(table.name, "id")
            self.connection.execute(sa.select(sa.func.setval(sequence, highest)))


def _copy_value(value):
    """COPY writes lists and dicts (JSON columns) as their JSON text."""
    return json.dumps(value) if isinstance(value, list | dict) else value


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
        confirmed = []
        for user_id in chosen:
            state = _weighted(rng, (("confirmed", 92), ("withdrawn", 5), ("waiting", 3)))
            registrations.append(
                (
                    registration_id,
                    wid,
                    user_id,
                    state,
                    "",
                    "",
                    False,
                    starts_at - timedelta(days=20),
                )
            )
            registration_id += 1
            if state == "confirmed":
                confirmed.append(user_id)
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
    return test_attempts


# --- Learning ------------------------------------------------------------------------------------


def _lessons_by_module(writer) -> dict[int, list[int]]:
    """Current lessons of every module with some, creating three demo modules when none has."""
    rows = db.session.execute(
        sa.select(Lesson.module_id, Lesson.id)
        .where(Lesson.retired.is_(False))
        .order_by(Lesson.module_id, Lesson.position)
    ).all()
    modules: dict[int, list[int]] = {}
    for module_id, lesson_id in rows:
        modules.setdefault(module_id, []).append(lesson_id)
    if modules:
        return modules
    module_id = writer.next_id(Module.__table__)
    lesson_id = writer.next_id(Lesson.__table__)
    module_rows, lesson_rows, result = [], [], {}
    for number in range(3):
        module_rows.append(
            (module_id + number, f"scale-module-{number + 1}", f"Scale module {number + 1} (demo)",
             f"规模测试模块 {number + 1}（演示）", "published", "browser")
        )  # fmt: skip
        ids = []
        for position in range(1, 6):
            lesson_rows.append(
                (lesson_id, module_id + number, f"lesson-{position}", position,
                 f"Lesson {position}", f"第{position}课", False)
            )  # fmt: skip
            ids.append(lesson_id)
            lesson_id += 1
        result[module_id + number] = ids
    writer.write(
        Module.__table__, ("id", "slug", "title_en", "title_zh", "status", "owner"), module_rows
    )
    writer.write(
        Lesson.__table__,
        ("id", "module_id", "slug", "position", "title_en", "title_zh", "retired"),
        lesson_rows,
    )
    return result


def _progress(writer, rng, user_ids, anchor, lessons_by_module) -> None:
    modules = list(lessons_by_module.values())
    progress_id = writer.next_id(LessonProgress.__table__)
    rows = []
    span_days = MONTHS * 30
    for user_id in user_ids:
        if rng.random() >= 0.3:
            continue
        for lessons in rng.sample(modules, min(len(modules), rng.choice((1, 1, 2)))):
            done = len(lessons) if rng.random() < 0.5 else rng.randrange(1, len(lessons) + 1)
            moment = anchor - timedelta(days=rng.randrange(1, span_days), hours=rng.randrange(24))
            for lesson_id in lessons[:done]:
                rows.append((progress_id, user_id, lesson_id, moment))
                progress_id += 1
                moment += timedelta(hours=rng.randrange(1, 72))
    writer.write(LessonProgress.__table__, ("id", "user_id", "lesson_id", "completed_at"), rows)


# --- Quizzes -------------------------------------------------------------------------------------


def _quizzes(writer, modules: dict[int, list[int]]) -> list[tuple[int, int, str, int, str]]:
    """(id, module, kind, pass mark, grading) of every current quiz; when there are none, a
    pre-test, a post-test and a final quiz for each module."""
    columns = (Quiz.id, Quiz.module_id, Quiz.kind, Quiz.pass_mark, Quiz.grading)
    found = db.session.execute(
        sa.select(*columns).where(Quiz.retired.is_(False)).order_by(Quiz.id)
    ).all()
    if found:
        return [tuple(row) for row in found]
    quiz_id = writer.next_id(Quiz.__table__)
    rows = []
    for module_id in sorted(modules):
        for key, kind, pass_mark in (
            ("pre", "pre", 0),
            ("post", "post", 0),
            ("final", "final", 70),
        ):
            rows.append((quiz_id, module_id, key, kind, f"{kind} (demo)", f"{kind}（演示）",
                         pass_mark, 0, "highest"))  # fmt: skip
            quiz_id += 1
    writer.write(
        Quiz.__table__,
        ("id", "module_id", "key", "kind", "title_en", "title_zh", "pass_mark",
         "attempts_allowed", "grading"),
        rows,
    )  # fmt: skip
    return [(r[0], r[1], r[3], r[6], r[8]) for r in rows]


def _workshop_tests(quizzes) -> list[tuple[int, int]]:
    """(pre-test, post-test) pairs of the modules that have both."""
    by_module: dict[int, dict[str, int]] = {}
    for quiz_id, module_id, kind, _mark, _grading in quizzes:
        by_module.setdefault(module_id, {}).setdefault(kind, quiz_id)
    return [
        (k["pre"], k["post"]) for _m, k in sorted(by_module.items()) if "pre" in k and "post" in k
    ]


def _number(numbers: dict[tuple[int, int], int], quiz_id: int, user_id: int) -> int:
    numbers[(quiz_id, user_id)] = numbers.get((quiz_id, user_id), 0) + 1
    return numbers[(quiz_id, user_id)]


def _score(value: float) -> float:
    return round(min(100.0, max(0.0, value)), 2)


def _test_pair(rng, workshop_id, user_id, pre_quiz, post_quiz, starts_at, numbers) -> list[tuple]:
    """A participant's pre-test before the workshop and post-test after it (either may be missing):
    (quiz, user, workshop, number, submitted at, score, pass mark)."""
    pre = _score(rng.gauss(48, 16))
    gain = min(1.0, max(-0.5, rng.gauss(0.4, 0.25)))
    taken = []
    if rng.random() < 0.9:
        moment = starts_at - timedelta(days=rng.randrange(1, 10), minutes=rng.randrange(600))
        taken.append(
            (pre_quiz, user_id, workshop_id, _number(numbers, pre_quiz, user_id), moment, pre, 0)
        )
    if rng.random() < 0.85:
        moment = starts_at + timedelta(days=rng.randrange(1, 6), minutes=rng.randrange(600))
        post = _score(pre + (100 - pre) * gain)
        taken.append(
            (post_quiz, user_id, workshop_id, _number(numbers, post_quiz, user_id), moment, post, 0)
        )
    return taken


def _attempts(writer, rng, quizzes, user_ids, anchor, test_attempts, numbers, total) -> None:
    """The workshops' tests, then module quizzes taken online until `total` attempts in all."""
    others = [q for q in quizzes if q[2] not in ("pre", "post")] or quizzes
    pass_marks = {q[0]: q[3] for q in quizzes}
    per_user = max(0, total - len(test_attempts)) / max(len(user_ids), 1)
    span_minutes = MONTHS * 30 * 24 * 60

    def online():
        for user_id in user_ids:
            taken = sorted(  # numbered in the order they were taken
                (
                    anchor - timedelta(minutes=rng.randrange(60, span_minutes)),
                    rng.choice(others)[0],
                    _score(rng.gauss(72, 15)),
                )
                for _ in range(rng.randrange(0, int(2 * per_user) + 1))
            )
            for moment, quiz_id, score in taken:
                yield quiz_id, user_id, None, _number(numbers, quiz_id, user_id), moment, score

    def rows():
        attempt_id = writer.next_id(Attempt.__table__)
        for quiz_id, user_id, workshop_id, number, moment, score, *_rest in test_attempts:
            yield _attempt_row(
                attempt_id, quiz_id, user_id, workshop_id, number, moment, score, pass_marks
            )
            attempt_id += 1
        for quiz_id, user_id, workshop_id, number, moment, score in online():
            yield _attempt_row(
                attempt_id, quiz_id, user_id, workshop_id, number, moment, score, pass_marks
            )
            attempt_id += 1

    writer.write(
        Attempt.__table__,
        ("id", "quiz_id", "user_id", "workshop_id", "number", "started_at", "submitted_at",
         "state", "score", "passed"),
        rows(),
    )  # fmt: skip


def _attempt_row(attempt_id, quiz_id, user_id, workshop_id, number, moment, score, pass_marks):
    started = moment - timedelta(minutes=25)
    passed = score >= pass_marks[quiz_id]
    return (attempt_id, quiz_id, user_id, workshop_id, number, started, moment, "submitted",
            score, passed)  # fmt: skip


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
