"""The scale demo's activity: learners' progress through the lessons, the quizzes' attempts and the
workshops' pre-/post-tests (deterministic, from the seeded generator that scale.py passes in)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.learning.models import Lesson, LessonProgress, Module
from app.quizzes.models import Attempt, Quiz

#: Months back from the current one that the programme covers.
MONTHS = 36


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
