"""Completion certificates and the module's final quiz (from the quizzes feature)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from app.certificates.models import Certificate
from app.certificates.participants import final_quiz_results, module_rows
from app.learning import services as learning
from app.learning.models import Lesson
from app.quizzes import attempts as quizzes_attempts
from tests.certificates.factories import people
from tests.quizzes.factories import RIGHT, make_module, make_quiz, question_ids

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def _module_with_final_quiz(db):
    module = make_module()
    for number in range(2):
        db.session.add(
            Lesson(
                module_id=module.id, slug=f"l{number}", position=number, title_en="L", body_en="x"
            )
        )
    quiz = make_quiz(module)
    return module, quiz


def _take(quiz, user, answers):
    attempt = quizzes_attempts.start_attempt(quiz, user.id, NOW)
    ids = question_ids(quiz)
    quizzes_attempts.save_answers(attempt, {ids[k]: v for k, v in answers.items()}, NOW)
    quizzes_attempts.submit_attempt(attempt, NOW)


def test_lessons_alone_do_not_complete_a_module_with_a_final_quiz(db):
    module, quiz = _module_with_final_quiz(db)
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    for lesson in module.lessons:
        learning.mark_done(zhang.id, lesson)
    db.session.commit()
    assert db.session.scalar(sa.select(Certificate)) is None
    [row] = module_rows(module)
    assert [r.code.value for r in row.verdict.reasons] == ["final_quiz_not_passed"]


def test_passing_the_final_quiz_after_the_lessons_issues_the_certificate(db):
    module, quiz = _module_with_final_quiz(db)
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    for lesson in module.lessons:
        learning.mark_done(zhang.id, lesson)
    _take(quiz, zhang, {"fees": ["b"]})  # fails: one answer of seven, and wrong
    db.session.commit()
    assert db.session.scalar(sa.select(Certificate)) is None
    _take(quiz, zhang, RIGHT)
    db.session.commit()
    certificate = db.session.scalar(sa.select(Certificate))
    assert certificate is not None and certificate.kind == "completion"
    assert certificate.holder_id == zhang.id and certificate.issued_by_id is None


def test_a_pre_test_never_gates_completion(db):
    module = make_module()
    db.session.add(Lesson(module_id=module.id, slug="l0", position=0, title_en="L", body_en="x"))
    make_quiz(module, kind="pre")
    [zhang] = people(("张", "伟", "Zhang", "Wei"))
    assert final_quiz_results([zhang.id], module.id) == {zhang.id: None}
    learning.mark_done(zhang.id, module.lessons[0])
    db.session.commit()
    assert db.session.scalar(sa.select(Certificate)) is not None
