"""Real-browser journey of a timed quiz in Chinese: answers survive a reload and a language
switch, the countdown runs, and the trainee submits and sees the result."""

from __future__ import annotations

import re

import sqlalchemy as sa
from playwright.sync_api import expect

from app.core.access import Role
from app.quizzes.models import Answer
from tests.conftest import PASSWORD, make_user
from tests.i18n_check import english_ui_strings_in, visible_text
from tests.quizzes.factories import make_quiz, question_ids


def _sign_in(page, live, email: str) -> None:
    page.goto(live.url + "/account/login")
    page.get_by_label("电子邮箱").fill(email)
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/my$"))


def _countdown_seconds(page) -> int:
    text = page.locator("#quiz-countdown").inner_text().strip()
    minutes, seconds = text.split(":")[-2:]
    return int(minutes) * 60 + int(seconds)


def test_timed_quiz_in_chinese_survives_a_reload_and_is_graded(live, page_for, db):
    quiz = make_quiz(time_limit_minutes=20)
    ids = question_ids(quiz)
    trainee = make_user(
        email="quiz-taker@example.org", roles=(Role.TRAINEE,), preferred_language="zh"
    )
    page = page_for("zh")
    _sign_in(page, live, trainee.email)

    page.goto(f"{live.url}/quizzes/{quiz.id}")
    assert "职业中介机构结业测试" in page.locator("h1").inner_text()
    assert page.locator("#partial-credit").is_visible()
    page.get_by_role("button", name="开始测验").click()
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+/page/1$"))
    attempt_url = page.url

    # The countdown comes from the server's deadline and runs.
    countdown = page.locator("#quiz-countdown")
    expect(countdown).to_have_text(re.compile(r"^\d+:\d\d$"))
    shown = countdown.inner_text().strip()
    assert 19 * 60 < _countdown_seconds(page) <= 20 * 60
    expect(countdown).not_to_have_text(shown)  # it counts down

    # Answer two questions; the script saves them without leaving the page.
    page.get_by_label("fees 的选项A").check()
    page.get_by_label("red-flags 的选项A").check()
    page.get_by_label("red-flags 的选项B").check()
    page.locator("#autosave-status", has_text="所有答案均已保存。").wait_for()
    assert english_ui_strings_in(visible_text(page.content())) == []

    # Reload mid-attempt: nothing is lost.
    page.reload()
    assert page.get_by_label("fees 的选项A").is_checked()
    assert page.get_by_label("red-flags 的选项B").is_checked()
    assert not page.get_by_label("red-flags 的选项C").is_checked()

    # Next page: a numeric answer, then a language switch keeps and saves it.
    page.get_by_role("button", name="下一页").click()
    page.wait_for_url(re.compile(r"/page/2$"))
    page.get_by_label("错误", exact=True).check()
    page.get_by_label("您的答案（数字）").fill("12")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile(r"/page/2$"))
    assert page.get_by_label("Your answer (a number)").input_value() == "12"
    saved = db.session.scalars(
        sa.select(Answer.response).where(Answer.question_id == ids["months"])
    ).all()
    assert saved == ["12"]
    page.get_by_role("button", name="简体中文").click()
    page.wait_for_url(re.compile(r"/page/2$"))

    # Submit, confirm, and see the result in Chinese.
    page.get_by_role("button", name="完成并提交…").click()
    page.wait_for_url(re.compile(r"/submit$"))
    assert "有 3 道题尚未作答" in page.content()
    page.get_by_role("button", name="立即提交").click()
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+$"))
    # fees, red-flags, ratified and months are right: 4 of 7.
    assert page.locator("#score").inner_text() == "57.14%"
    assert "未通过" in page.content()
    assert "依据法律（fees）。" in page.content()
    assert english_ui_strings_in(visible_text(page.content())) == []

    # Going back to the attempt's pages shows the result, not the questions.
    page.goto(attempt_url)
    page.wait_for_url(re.compile(r"/quizzes/attempts/\d+$"))
