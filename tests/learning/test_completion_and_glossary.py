"""A completed module says so (module page and catalogue card, with the final score and the
certificate), and a glossary entry leads back to the lesson it was opened from (issue 18)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.core.access import Role
from app.learning import services as learning
from app.quizzes import attempts as quizzes
from tests.conftest import count_queries
from tests.learning.factories import REAL_MATERIALS, import_folder
from tests.quizzes.factories import (
    RIGHT,
    make_module_with_final_quiz,
    question_ids,
)

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


@pytest.fixture
def module_with_final_quiz(db):
    return make_module_with_final_quiz()


def _take(quiz, user, answers):
    attempt = quizzes.start_attempt(quiz, user.id, NOW)
    ids = question_ids(quiz)
    quizzes.save_answers(attempt, {ids[k]: v for k, v in answers.items()}, NOW)
    quizzes.submit_attempt(attempt, NOW)


def test_lessons_done_but_quiz_not_passed_is_not_complete(client_as, module_with_final_quiz, db):
    module, quiz = module_with_final_quiz
    trainee = client_as(Role.TRAINEE)
    for lesson in module.lessons:
        learning.mark_done(trainee.user.id, lesson)
    _take(quiz, trainee.user, {"fees": ["b"]})
    db.session.commit()
    page = trainee.get(f"/learn/modules/{module.slug}").get_data(as_text=True)
    assert "You have completed this module." not in page
    assert "Take the final quiz" in page
    card = trainee.get("/learn/").get_data(as_text=True)
    assert "Completed" not in card and "Certificate (PDF)" not in card


def test_a_completed_module_shows_completion_score_and_certificate(
    client_as, module_with_final_quiz, db
):
    module, quiz = module_with_final_quiz
    trainee = client_as(Role.TRAINEE, preferred_language="zh")
    for lesson in module.lessons:
        learning.mark_done(trainee.user.id, lesson)
    _take(quiz, trainee.user, RIGHT)
    db.session.commit()
    page = trainee.get(f"/learn/modules/{module.slug}").get_data(as_text=True)
    assert "您已完成本课程模块。" in page and "结业测验得分：100%" in page
    assert "从上次离开处继续" not in page
    [link] = [
        part.split('"')[0] for part in page.split('href="')[1:] if "/download" in part.split('"')[0]
    ]
    download = trainee.get(link)
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    card = trainee.get("/learn/").get_data(as_text=True)
    assert "已完成" in card and "结业测验得分：100%" in card and "证书（PDF）" in card


def test_the_catalogue_asks_the_same_number_of_queries_for_any_number_of_modules(client_as, db):
    trainee = client_as(Role.TRAINEE)
    trainee.get("/learn/")
    import_folder(db, REAL_MATERIALS)
    with count_queries() as few:
        trainee.get("/learn/?audience=labour-inspectors")
    with count_queries() as all_of_them:
        trainee.get("/learn/")
    assert len(all_of_them) <= len(few)


def test_a_glossary_entry_leads_back_to_the_lesson_it_was_opened_from(client_as, db):
    import_folder(db, REAL_MATERIALS)
    trainee = client_as(Role.TRAINEE)
    lesson = "/learn/modules/fair-recruitment/lessons/01-fair-recruitment-framework"
    page = trainee.get(lesson).get_data(as_text=True)
    href = "/learn/glossary/fr-fair-recruitment?module=fair-recruitment&amp;lesson=01-fair-recruitment-framework"
    assert f'href="{href}"' in page
    entry = trainee.get(href.replace("&amp;", "&")).get_data(as_text=True)
    assert f'href="{lesson}"' in entry and "Back to the lesson:" in entry


@pytest.mark.parametrize(
    "query",
    [
        "module=https://evil.example&lesson=x",
        "module=//evil.example&lesson=01-fair-recruitment-framework",
        "module=fair-recruitment&lesson=no-such-lesson",
        "module=no-such-module&lesson=01-fair-recruitment-framework",
        "lesson=01-fair-recruitment-framework",
    ],
)
def test_a_forged_way_back_is_ignored(client_as, db, query):
    import_folder(db, REAL_MATERIALS)
    trainee = client_as(Role.TRAINEE)
    response = trainee.get(f"/learn/glossary/fr-fair-recruitment?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Back to the lesson:" not in page
    assert 'href="https://evil' not in page and 'href="//evil' not in page
