"""Taking a quiz through the pages: start, answer page by page, resume, switch language, submit,
see the result; and nothing on the question pages gives the answers away."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from app.core.db import utcnow
from app.quizzes.models import Attempt
from tests.conftest import make_user, sign_in
from tests.i18n_check import chinese_in, english_ui_strings_in, visible_text
from tests.quizzes.factories import RIGHT, make_quiz, question_ids


def _client(app, **profile):
    user = make_user(**profile)
    client = app.test_client()
    sign_in(client, user)
    client.user = user
    return client


def _start(client, quiz) -> Attempt:
    response = client.post(f"/quizzes/{quiz.id}/start")
    assert response.status_code == 303
    assert re.search(r"/quizzes/attempts/\d+/page/1$", response.headers["Location"])
    return _attempt(client)


def _attempt(client) -> Attempt:
    from app.extensions import db

    return db.session.scalar(sa.select(Attempt).where(Attempt.user_id == client.user.id))


def _page_form(quiz, keys, answers, go="next"):
    ids = question_ids(quiz)
    data = {"shown": [str(ids[key]) for key in keys], "go": go}
    for key in keys:
        if key in answers:
            data[f"q-{ids[key]}"] = answers[key]
    return data


FIRST_PAGE = ["fees", "licence", "register", "red-flags", "documents"]
SECOND_PAGE = ["ratified", "months"]


def test_start_page_states_the_rules_in_chinese(app, db):
    quiz = make_quiz()
    client = _client(app, preferred_language="zh")
    html = client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert "职业中介机构结业测试" in html
    assert "每勾选一个正确选项可得相应份额的分数" in html  # the partial-credit rule
    assert "20 分钟" in html and "70%" in html
    assert english_ui_strings_in(visible_text(html)) == []


def test_start_page_in_english_has_no_chinese(app, db):
    quiz = make_quiz()
    client = _client(app, family_name_zh="", given_name_zh="")
    html = client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert "each wrong choice you tick takes one share away" in html
    assert "Start the quiz" in html
    assert chinese_in(visible_text(html)) == []


def test_a_whole_attempt_page_by_page(app, db):
    quiz = make_quiz()
    client = _client(app)
    attempt = _start(client, quiz)
    base = f"/quizzes/attempts/{attempt.id}"
    page = client.get(f"{base}/page/1").get_data(as_text=True)
    assert "Question fees in English?" in page and "Question ratified" not in page
    assert 'id="quiz-timer"' in page and "js/quiz.js" in page
    moved = client.post(f"{base}/page/1", data=_page_form(quiz, FIRST_PAGE, RIGHT))
    assert moved.status_code == 303 and moved.headers["Location"].endswith(f"{base}/page/2")
    # Leave and come back: the saved answers are there.
    again = client.get(f"{base}/page/1").get_data(as_text=True)
    ids = question_ids(quiz)
    assert re.search(rf'name="q-{ids["fees"]}" value="a" checked', again)
    resumed = client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert "Continue your attempt" in resumed
    done = client.post(f"{base}/page/2", data=_page_form(quiz, SECOND_PAGE, RIGHT, go="submit"))
    assert done.headers["Location"].endswith(f"{base}/submit")
    confirm = client.get(f"{base}/submit").get_data(as_text=True)
    assert "You have answered every question." in confirm
    submitted = client.post(f"{base}/submit")
    assert submitted.headers["Location"].endswith(base)
    result = client.get(base).get_data(as_text=True)
    assert "100%" in result and "Passed" in result
    assert "Because of the law (fees)." in result  # feedback, allowed immediately
    assert re.search(r"Correct answer:\s*12\s*months", result)
    # Submitting again grades nothing and changes nothing.
    client.post(f"{base}/submit")
    assert _attempt(client).submitted_at is not None
    assert client.get(f"{base}/page/1").headers["Location"].endswith(base)


def test_clearing_an_answer_on_a_page(app, db):
    quiz = make_quiz()
    client = _client(app)
    attempt = _start(client, quiz)
    base = f"/quizzes/attempts/{attempt.id}"
    client.post(f"{base}/page/1", data=_page_form(quiz, FIRST_PAGE, RIGHT, go="page-1"))
    client.post(f"{base}/page/1", data=_page_form(quiz, FIRST_PAGE, {}, go="next"))
    confirm = client.get(f"{base}/submit").get_data(as_text=True)
    assert "7 questions have no answer yet" in confirm


def test_unanswered_questions_are_listed_before_submitting(app, db):
    quiz = make_quiz()
    client = _client(app)
    attempt = _start(client, quiz)
    base = f"/quizzes/attempts/{attempt.id}"
    client.post(f"{base}/page/1", data=_page_form(quiz, FIRST_PAGE, RIGHT))
    confirm = client.get(f"{base}/submit").get_data(as_text=True)
    assert "2 questions have no answer yet" in confirm
    assert f"{base}/page/2#question-6" in confirm


def test_switching_language_mid_attempt_saves_the_answers(app, db):
    quiz = make_quiz()
    client = _client(app)
    attempt = _start(client, quiz)
    page = f"/quizzes/attempts/{attempt.id}/page/1"
    html = client.get(page).get_data(as_text=True)
    assert 'form="quiz-form"' in html  # the language buttons send the quiz form
    data = _page_form(quiz, FIRST_PAGE, {"fees": "b", "red-flags": ["a", "c"]})
    del data["go"]
    switched = client.post(f"/language?lang=zh&next={page}", data={**data, "lang": "zh"})
    assert switched.status_code == 303 and switched.headers["Location"] == page
    chinese = client.get(page).get_data(as_text=True)
    ids = question_ids(quiz)
    assert "中文问题 fees" in chinese
    assert re.search(rf'name="q-{ids["fees"]}" value="b" checked', chinese)
    from app.quizzes import attempts

    saved = attempts.responses_of(_attempt(client))
    assert saved[ids["fees"]] == "b" and saved[ids["red-flags"]] == ["a", "c"]
    assert english_ui_strings_in(visible_text(chinese)) == []


def test_autosave_answers_json_without_correctness(app, db):
    quiz = make_quiz()
    client = _client(app)
    attempt = _start(client, quiz)
    response = client.post(
        f"/quizzes/attempts/{attempt.id}/autosave",
        data=_page_form(quiz, ["fees", "months"], {"fees": "a", "months": "12"}),
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["state"] == "in_progress" and body["saved"] == 2
    assert 0 < body["remaining_seconds"] <= 20 * 60
    assert set(body) == {"state", "saved", "remaining_seconds"}


def test_question_pages_and_autosave_hold_no_correctness(app, db):
    """Nothing before review: no correct flags, no feedback, no answers, in either language."""
    quiz = make_quiz()
    client = _client(app)
    attempt = _start(client, quiz)
    base = f"/quizzes/attempts/{attempt.id}"
    answers = {"fees": "b", "months": "11"}
    client.post(f"{base}/autosave", data=_page_form(quiz, ["fees", "months"], answers))
    pages = []
    for language in ("en", "zh"):
        client.post("/language", data={"lang": language, "next": "/"})
        for number in (1, 2):
            pages.append(client.get(f"{base}/page/{number}").get_data(as_text=True))
        pages.append(client.get(f"{base}/submit").get_data(as_text=True))
    pages.append(
        client.post(f"{base}/autosave", data=_page_form(quiz, ["months"], answers)).get_data(
            as_text=True
        )
    )
    forbidden = [
        "Choice feedback",
        "选项反馈",
        "Because of the law",
        "依据法律",
        "correct",
        "Correct",
        "正确答案",
        "data-correct",
        ">12<",
        "answer_number",
    ]
    for html in pages:
        for text in forbidden:
            assert text not in html, text
    # The page really shows the questions (so the test above cannot pass on empty pages).
    assert "Option A of fees" in pages[0] and "fees 的选项A" in pages[3]
    assert "Question months in English?" in pages[1] and 'value="11"' in pages[1]


def test_review_after_close_is_withheld_until_then(app, db):
    quiz = make_quiz(review_when="after_close", closes_at=utcnow() + timedelta(days=1))
    client = _client(app)
    attempt = _start(client, quiz)
    base = f"/quizzes/attempts/{attempt.id}"
    client.post(f"{base}/page/1", data=_page_form(quiz, FIRST_PAGE, {"fees": "b"}))
    client.post(f"{base}/submit")
    html = client.get(base).get_data(as_text=True)
    assert "You can review your answers after the quiz closes" in html
    assert "Choice feedback" not in html and "Because of the law" not in html
    assert "Option A of fees" not in html


def test_review_without_correct_answers_marks_only_what_was_ticked(app, db):
    quiz = make_quiz(review_shows=["answers", "correctness"])
    client = _client(app)
    attempt = _start(client, quiz)
    base = f"/quizzes/attempts/{attempt.id}"
    client.post(f"{base}/page/1", data=_page_form(quiz, FIRST_PAGE, {"fees": "b"}))
    client.post(f"{base}/submit")
    html = client.get(base).get_data(as_text=True)
    assert "Your answer" in html and "Wrong" in html and "Incorrect" in html
    assert "Correct answer" not in html and "Because of the law" not in html


def test_result_in_chinese(app, db):
    quiz = make_quiz()
    client = _client(app, preferred_language="zh")
    attempt = _start(client, quiz)
    base = f"/quizzes/attempts/{attempt.id}"
    client.post(f"{base}/page/1", data=_page_form(quiz, FIRST_PAGE, RIGHT))
    client.post(f"{base}/submit")
    html = client.get(base).get_data(as_text=True)
    assert "71.43%" in html and "依据法律（fees）。" in html
    assert english_ui_strings_in(visible_text(html)) == []


def test_time_up_closes_the_attempt_on_the_next_request(app, db):
    quiz = make_quiz(time_limit_minutes=5)
    client = _client(app)
    attempt = _start(client, quiz)
    base = f"/quizzes/attempts/{attempt.id}"
    client.post(f"{base}/page/1", data=_page_form(quiz, FIRST_PAGE, RIGHT))
    from app.extensions import db as _db

    _db.session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id)
        .values(deadline=utcnow() - timedelta(minutes=1))
    )
    _db.session.commit()
    late = client.post(f"{base}/page/2", data=_page_form(quiz, SECOND_PAGE, RIGHT))
    assert late.status_code == 303 and late.headers["Location"].endswith(base)
    closed = _attempt(client)
    assert closed.state == "expired" and str(closed.score) == "71.43"
    again = client.post(f"{base}/autosave", data=_page_form(quiz, SECOND_PAGE, RIGHT))
    assert again.status_code == 409 and again.get_json()["result_url"].endswith(base)


def test_lazy_close_on_the_quiz_page(app, db):
    quiz = make_quiz(time_limit_minutes=5)
    client = _client(app)
    attempt = _start(client, quiz)
    from app.extensions import db as _db

    _db.session.execute(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id)
        .values(deadline=utcnow() - timedelta(minutes=1))
    )
    _db.session.commit()
    html = client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert "ran out of time and has been graded" in html
    assert _attempt(client).state == "expired"


def test_someone_elses_attempt_is_not_found(app, db):
    quiz = make_quiz()
    owner_client = _client(app)
    attempt = _start(owner_client, quiz)
    other = _client(app)
    base = f"/quizzes/attempts/{attempt.id}"
    for url in (f"{base}/page/1", f"{base}/submit", base):
        assert other.get(url).status_code == 404
    assert other.post(f"{base}/autosave", data={}).status_code == 404
    assert other.post(f"{base}/submit").status_code == 404
    assert _attempt(owner_client).state == "in_progress"


def test_a_draft_modules_quiz_is_hidden_from_trainees(app, db):
    from tests.quizzes.factories import make_module

    quiz = make_quiz(module=make_module(status="draft"))
    assert _client(app).get(f"/quizzes/{quiz.id}").status_code == 404


def test_no_attempts_left_is_explained(app, db):
    quiz = make_quiz(attempts_allowed=1)
    client = _client(app)
    attempt = _start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.id}/submit")
    html = client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert "You have used every attempt this quiz allows." in html
    refused = client.post(f"/quizzes/{quiz.id}/start")
    assert refused.status_code == 303
    assert "You have used every attempt" in client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)


def test_csrf_is_required_for_autosave(app, db, csrf_enabled):
    quiz = make_quiz()
    client = _client(app)
    from app.quizzes import attempts

    attempt = attempts.start_attempt(quiz, client.user.id, utcnow())
    from app.extensions import db as _db

    _db.session.commit()
    response = client.post(
        f"/quizzes/attempts/{attempt.id}/autosave",
        data=_page_form(quiz, ["fees"], {"fees": "a"}),
    )
    assert response.status_code != 200
    assert attempts.responses_of(_attempt(client)) == {}


def test_module_page_and_my_page_link_the_quizzes(app, db):
    quiz = make_quiz()
    client = _client(app)
    module_page = client.get(f"/learn/modules/{quiz.module.slug}").get_data(as_text=True)
    assert "Take the final quiz" in module_page and f"/quizzes/{quiz.id}" in module_page
    attempt = _start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.id}/page/1", data=_page_form(quiz, FIRST_PAGE, RIGHT))
    client.post(f"/quizzes/attempts/{attempt.id}/submit")
    my_page = client.get("/my").get_data(as_text=True)
    assert "My quiz results" in my_page and "71.43%" in my_page and "Passed" in my_page


def test_my_data_lists_quiz_attempts(app, db):
    quiz = make_quiz()
    client = _client(app)
    attempt = _start(client, quiz)
    client.post(f"/quizzes/attempts/{attempt.id}/page/1", data=_page_form(quiz, FIRST_PAGE, RIGHT))
    client.post(f"/quizzes/attempts/{attempt.id}/submit")
    exported = client.get("/account/my-data.json").get_json()
    [row] = exported["quizzes"]
    assert row["quiz"] == f"{quiz.module.slug}/final" and row["score_percent"] == "71.43"
    assert "Quiz attempts" in client.get("/account/my-data").get_data(as_text=True)
