"""Drawn quizzes (a pool, N items per objective per attempt) and answers withheld until the last
attempt; pre-tests that never reveal answers."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.core.db import utcnow
from app.evaluations.reports import quiz_item_analysis
from app.extensions import db
from app.quizzes import attempts, grading, review
from app.quizzes.models import Attempt, Question
from tests.conftest import make_user, sign_in
from tests.quizzes.factories import RIGHT, make_quiz, question_ids

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
#: The default bank's objectives: five single/multiple items test "fees", two others "law".
FEES = {"fees", "licence", "register", "red-flags", "documents"}
LAW = {"ratified", "months"}


def _drawn(**settings):
    values = {"draw_per_objective": 2, "answers_after_last_attempt": True}
    values.update(settings)
    return make_quiz(**values)


def _keys(quiz, attempt) -> list[str]:
    by_id = {q.id: q.key for q in quiz.questions}
    return [by_id[qid] for qid in attempt.question_order]


# --- The pure draw -------------------------------------------------------------------------------


def test_draw_items_keeps_the_blueprint_in_objective_order():
    pool = [(1, "b"), (2, "a"), (3, "b"), (4, "a"), (5, "a"), (6, "c")]
    drawn = grading.draw_items(pool, 2, random.Random(1), objective_order=["a", "b", "c"])
    objective = dict(pool)
    assert [objective[q] for q in drawn] == ["a", "a", "b", "b", "c"]  # c has only one item
    assert len(set(drawn)) == len(drawn)
    assert grading.items_per_attempt(pool, 2) == 5
    assert grading.items_per_attempt(pool, 1) == 3


def test_draw_items_differs_between_draws_but_repeats_with_the_same_seed():
    pool = [(n, "a") for n in range(1, 11)]
    draws = {tuple(grading.draw_items(pool, 3, random.Random(seed))) for seed in range(20)}
    assert len(draws) > 10
    assert grading.draw_items(pool, 3, random.Random(7)) == grading.draw_items(
        pool, 3, random.Random(7)
    )


def test_objectives_outside_the_given_order_come_last_by_name():
    pool = [(1, "z"), (2, "y"), (3, "a")]
    drawn = grading.draw_items(pool, 1, random.Random(0), objective_order=["a"])
    assert drawn == [3, 2, 1]


# --- Attempts of a drawn quiz --------------------------------------------------------------------


def test_each_attempt_draws_per_objective_from_the_pool(db):
    quiz = _drawn(attempts_allowed=0)
    user = make_user()
    orders = set()
    for number in range(8):
        attempt = attempts.start_attempt(quiz, user.id, NOW, rng=random.Random(number))
        keys = _keys(quiz, attempt)
        assert len(keys) == 4 and len(set(keys)) == 4
        assert keys[:2] and set(keys[:2]) <= FEES and set(keys[2:]) == LAW  # fees, then law
        assert set(attempt.choice_order) <= {str(qid) for qid in attempt.question_order}
        orders.add(tuple(keys))
        attempts.submit_attempt(attempt, NOW + timedelta(minutes=1))
    assert len(orders) > 1  # attempts differ
    assert attempts.questions_per_attempt(quiz) == 4


def test_retired_items_are_never_drawn(db):
    quiz = _drawn()
    ids = question_ids(quiz)
    for key in ("fees", "licence", "register"):
        db.session.get(Question, ids[key]).retired = True
    db.session.commit()
    for seed in range(5):
        user = make_user()
        attempt = attempts.start_attempt(quiz, user.id, NOW, rng=random.Random(seed))
        assert set(_keys(quiz, attempt)) == {"red-flags", "documents", "ratified", "months"}


def test_grading_and_saving_consider_only_the_drawn_items(db):
    quiz = _drawn()
    ids = question_ids(quiz)
    attempt = attempts.start_attempt(quiz, make_user().id, NOW, rng=random.Random(3))
    drawn = _keys(quiz, attempt)
    # Every key of the bank is posted; only the drawn ones are saved.
    saved = attempts.save_answers(attempt, {ids[k]: v for k, v in RIGHT.items()}, NOW)
    assert saved == 4
    assert {a.question_id for a in attempt.answers} == {ids[k] for k in drawn}
    assert attempts.submit_attempt(attempt, NOW + timedelta(minutes=1))
    assert str(attempt.score) == "100.00" and attempt.passed
    # One of the four wrong: 75 %, whatever the undrawn items are.
    other = attempts.start_attempt(quiz, make_user().id, NOW, rng=random.Random(4))
    keys = _keys(quiz, other)
    answers = {ids[k]: RIGHT[k] for k in keys}
    answers[ids["months"]] = ["11"]
    attempts.save_answers(other, answers, NOW)
    attempts.submit_attempt(other, NOW + timedelta(minutes=1))
    assert str(other.score) == "75.00"


def test_deadline_closes_a_drawn_attempt_with_its_drawn_items(db):
    quiz = _drawn(time_limit_minutes=10)
    attempt = attempts.start_attempt(quiz, make_user().id, NOW, rng=random.Random(2))
    ids = question_ids(quiz)
    attempts.save_answers(attempt, {ids["months"]: ["12"], ids["ratified"]: ["false"]}, NOW)
    assert attempts.close_expired(NOW + timedelta(minutes=11)) == 1
    assert attempt.state == "expired" and str(attempt.score) == "50.00"  # 2 of the 4 drawn


def test_item_analysis_counts_each_item_only_where_it_was_drawn(db):
    quiz = _drawn(attempts_allowed=0)
    ids = question_ids(quiz)
    drawn_count: Counter[str] = Counter()
    for seed in range(6):
        attempt = attempts.start_attempt(quiz, make_user().id, NOW, rng=random.Random(seed))
        keys = _keys(quiz, attempt)
        drawn_count.update(keys)
        attempts.save_answers(attempt, {ids[k]: RIGHT[k] for k in keys}, NOW)
        attempts.submit_attempt(attempt, NOW + timedelta(minutes=1))
    report = quiz_item_analysis(quiz)
    answered = {item.question.key: item.answered for item in report.items}
    assert answered == {key: drawn_count[key] for key in question_ids(quiz)}
    assert answered["months"] == answered["ratified"] == 6
    assert all(
        item.facility == 1.0 for item in report.items if item.answered
    )  # never counted as 0 where not drawn


# --- Review: correctness now, correct answers after the last attempt ------------------------------


def _client(app):
    user = make_user()
    client = app.test_client()
    sign_in(client, user)
    client.user = user
    return client


def _take(client, quiz, wrong: bool = True) -> tuple[Attempt, str]:
    response = client.post(f"/quizzes/{quiz.id}/start")
    assert response.status_code == 303
    attempt_id = int(re.search(r"/attempts/(\d+)/", response.headers["Location"])[1])
    attempt = db.session.get(Attempt, attempt_id)
    keys = _keys(quiz, attempt)
    data = {"shown": [str(qid) for qid in attempt.question_order], "go": "submit"}
    ids = question_ids(quiz)
    for key in keys:
        # The first fees item is answered wrongly (b is wrong for fees, right for licence...).
        value = RIGHT[key]
        if wrong and key in FEES:
            value = ["d"] if key != "documents" else ["b"]
        data[f"q-{ids[key]}"] = value
    client.post(f"/quizzes/attempts/{attempt_id}/page/1", data=data)
    client.post(f"/quizzes/attempts/{attempt_id}/submit")
    html = client.get(f"/quizzes/attempts/{attempt_id}").get_data(as_text=True)
    return attempt, html


GIVEAWAYS = (
    "Correct answer",
    "Because of the law",
    "Choice feedback",
    "choice-correct",
    "± ",
    ">正确答案<",
    "依据法律",
    "选项反馈",
)


def test_review_shows_correctness_but_no_correct_answer_until_the_last_attempt(app, db):
    quiz = _drawn(attempts_allowed=2)
    client = _client(app)
    first, html = _take(client, quiz)
    assert "Your answer" in html and "Incorrect" in html and ">Wrong<" in html
    assert 'id="answers-withheld"' in html
    for text in GIVEAWAYS:
        assert text not in html, text
    assert review.review_shows(first, utcnow()) == {"answers", "correctness"}
    client.post("/language", data={"lang": "zh", "next": "/"})
    zh_html = client.get(f"/quizzes/attempts/{first.id}").get_data(as_text=True)
    for text in GIVEAWAYS:
        assert text not in zh_html, text
    client.post("/language", data={"lang": "en", "next": "/"})
    # The last attempt is used: now both reviews show the correct answers and the feedback.
    second, html = _take(client, quiz)
    assert "Correct answer" in html and "Because of the law" in html
    assert 'id="answers-withheld"' not in html
    again = client.get(f"/quizzes/attempts/{first.id}").get_data(as_text=True)
    assert "Correct answer" in again and "Because of the law" in again


def test_answers_stay_held_back_while_the_last_attempt_is_in_progress(db):
    quiz = _drawn(attempts_allowed=2)
    user = make_user()
    first = attempts.start_attempt(quiz, user.id, NOW)
    attempts.submit_attempt(first, NOW)
    last = attempts.start_attempt(quiz, user.id, NOW + timedelta(minutes=1))
    # Every attempt is used, but the last one is being answered: the first review must not help.
    assert review.review_shows(first, NOW + timedelta(minutes=2)) == {"answers", "correctness"}
    attempts.submit_attempt(last, NOW + timedelta(minutes=3))
    assert "correct_answers" in review.review_shows(first, NOW + timedelta(minutes=4))


def test_correct_answers_are_shown_once_the_quiz_has_closed(app, db):
    quiz = _drawn(attempts_allowed=3, closes_at=utcnow() + timedelta(hours=1))
    client = _client(app)
    attempt, html = _take(client, quiz)
    assert "Correct answer" not in html
    assert review.review_shows(attempt, utcnow() + timedelta(hours=2)) == set(quiz.review_shows)


def test_unlimited_attempts_withhold_the_answers_until_the_close(db):
    quiz = _drawn(attempts_allowed=0)
    attempt = attempts.start_attempt(quiz, make_user().id, NOW)
    attempts.submit_attempt(attempt, NOW)
    assert review.review_shows(attempt, NOW) == {"answers", "correctness"}


def test_a_pre_test_never_reveals_answers_whatever_its_settings(app, db):
    quiz = make_quiz(kind="pre", review_when="immediately", attempts_allowed=1)
    client = _client(app)
    attempt, html = _take(client, quiz)
    assert review.review_shows(attempt, utcnow() + timedelta(days=400)) == frozenset()
    assert "This quiz does not show the answers." in html
    for text in (*GIVEAWAYS, ">Your answer<", "Option A of fees"):
        assert text not in html, text
    start = client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert "Only your score is shown after you submit." in start


def test_start_page_of_a_drawn_quiz_counts_the_draw_and_says_it_is_drawn(app, db):
    quiz = _drawn()
    client = _client(app)
    html = client.get(f"/quizzes/{quiz.id}").get_data(as_text=True)
    assert re.search(r"<dt>Questions</dt><dd>4</dd>", html)
    assert 'id="drawn-quiz"' in html
    assert "once you have used your last attempt" in html


def test_concurrent_starts_of_a_drawn_quiz_make_one_attempt(db):
    quiz = _drawn(attempts_allowed=1)
    user = make_user()
    first = attempts.start_attempt(quiz, user.id, NOW, rng=random.Random(1))
    again = attempts.start_attempt(quiz, user.id, NOW, rng=random.Random(2))
    assert again.id == first.id and again.question_order == first.question_order
    attempts.submit_attempt(first, NOW)
    count = db.session.scalar(sa.select(sa.func.count(Attempt.id)))
    assert count == 1


def test_the_bank_page_says_a_quiz_is_drawn_from_a_pool(client_as, db):
    from app.core.access import Role

    quiz = _drawn()
    url = f"/learn/modules/{quiz.module.slug}/author/quizzes"
    english = client_as(Role.TRAINER).get(url).get_data(True)
    assert "a pool: each attempt draws 2 per objective" in english
    chinese = client_as(Role.TRAINER, preferred_language="zh").get(url).get_data(True)
    assert "题库：每次作答每个学习目标抽取 2 道题" in chinese
