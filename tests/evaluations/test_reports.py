"""Knowledge gain, item analysis and gradebooks, against hand-computed figures."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from app.core.access import Role
from app.evaluations import gradebook, reports
from app.extensions import db as _db
from app.workshops.models import WorkshopModule
from tests.conftest import make_user
from tests.evaluations.factories import finished_workshop, participant
from tests.export_check import export_both_ways
from tests.i18n_check import chinese_in, english_ui_strings_in, visible_text
from tests.quizzes.factories import (
    make_attempt,
    make_fair_recruitment_module,
    make_plain_quiz,
    make_true_false_questions,
)


def _rows(response_or_bytes):
    data = getattr(response_or_bytes, "data", response_or_bytes)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.fixture
def gain_workshop():
    """A finished workshop whose pre- and post-test were taken as follows (item scores per
    question; q1 and q2 test "fees", q3 and q4 "licensing"):

    Ann   pre 50 (1,0,1,0)   post 100 (1,1,1,1)   g = 1
    Bo    pre 25 (1,0,0,0)   post 50  (1,1,0,0)   g = 25/75 = 1/3
    Chen  pre 100 (1,1,1,1)  post 75  (1,1,1,0)   g undefined (pre = 100)
    Dai   pre 50             no post-test          only the pre-test
    Eva   pre 0 (0,0,0,0), then a second pre 100 (ignored: first attempt counts)
          post 25 (1,0,0,0)  g = 0.25
    Fang  pre-test taken after the workshop started (does not count); post 100: only post
    Gus   not a participant: took both, not counted
    """
    module = make_fair_recruitment_module()
    questions = make_true_false_questions(module, ["fees", "fees", "licensing", "licensing"])
    pre = make_plain_quiz(module, questions, key="pre", kind="pre")
    post = make_plain_quiz(module, questions, key="post", kind="post")
    workshop = finished_workshop(pre_quiz_id=pre.id, post_quiz_id=post.id)
    before = workshop.starts_at - timedelta(days=2)
    after = workshop.ends_at + timedelta(hours=1)
    people = {}
    for name in ("Ann", "Bo", "Chen", "Dai", "Eva", "Fang"):
        people[name] = participant(workshop, family_name_latin=name, given_name_latin="X")
    people["Gus"] = make_user(family_name_latin="Gus")
    plan = {
        "Ann": ([1, 0, 1, 0], [1, 1, 1, 1]),
        "Bo": ([1, 0, 0, 0], [1, 1, 0, 0]),
        "Chen": ([1, 1, 1, 1], [1, 1, 1, 0]),
        "Dai": ([1, 0, 1, 0], None),
        "Eva": ([0, 0, 0, 0], [1, 0, 0, 0]),
        "Gus": ([0, 0, 0, 0], [1, 1, 1, 1]),
    }
    for name, (pre_items, post_items) in plan.items():
        make_attempt(pre, people[name], pre_items, submitted_at=before, workshop_id=workshop.id)
        if post_items:
            make_attempt(post, people[name], post_items, submitted_at=after)
    make_attempt(pre, people["Eva"], [1, 1, 1, 1], number=2, submitted_at=before)
    make_attempt(
        pre, people["Fang"], [1, 1, 1, 1], submitted_at=workshop.starts_at + timedelta(hours=1)
    )
    make_attempt(post, people["Fang"], [1, 1, 1, 1], submitted_at=after)
    return workshop


def test_knowledge_gain_figures(gain_workshop):
    report = reports.knowledge_gain(gain_workshop)
    assert report.participants == 6
    assert [u.family_name_latin for u, *_ in report.people] == ["Ann", "Bo", "Chen", "Eva"]
    gains = {u.family_name_latin: g for u, _pre, _post, g in report.people}
    assert gains["Ann"] == pytest.approx(1)
    assert gains["Bo"] == pytest.approx(1 / 3)
    assert gains["Chen"] is None
    assert gains["Eva"] == pytest.approx(0.25)
    assert (report.only_pre, report.only_post) == (1, 1)
    assert report.cohort.mean_pre == pytest.approx(43.75)  # (50 + 25 + 100 + 0) / 4
    assert report.cohort.mean_post == pytest.approx(62.5)  # (100 + 50 + 75 + 25) / 4
    assert report.cohort.cohort_gain == pytest.approx(18.75 / 56.25)
    assert len(report.cohort.ceiling) == 1
    assert report.histogram == [0, 1, 1, 1]  # Eva 0.25, Bo 0.33, Ann 1; Chen left out
    fees, licensing = report.objectives
    assert (fees.objective, fees.people) == ("fees", 4)
    assert fees.mean_pre == pytest.approx(50)  # 50, 50, 100, 0
    assert fees.mean_post == pytest.approx(87.5)  # 100, 100, 100, 50
    assert fees.gain == pytest.approx(0.75)
    assert licensing.mean_pre == pytest.approx(37.5)  # 50, 0, 100, 0
    assert licensing.mean_post == pytest.approx(37.5)  # 100, 0, 50, 0
    assert licensing.gain == pytest.approx(0)


def test_knowledge_gain_with_parallel_forms_compares_each_objective(client_as):
    """Pre and post ask different items of the same objectives (q1, q3 before; q2, q4 after):
    an objective's gain compares its share of the points in each form.

    Ann pre (fees 0, licensing 1) 50   post (fees 1, licensing 1) 100
    Bo  pre (fees 0, licensing 0) 0    post (fees 1, licensing 0) 50
    """
    module = make_fair_recruitment_module()
    q1, q2, q3, q4 = make_true_false_questions(module, ["fees", "fees", "licensing", "licensing"])
    pre = make_plain_quiz(module, [q1, q3], key="pre", kind="pre")
    post = make_plain_quiz(module, [q2, q4], key="post", kind="post")
    workshop = finished_workshop(pre_quiz_id=pre.id, post_quiz_id=post.id)
    before = workshop.starts_at - timedelta(days=1)
    after = workshop.ends_at + timedelta(hours=1)
    for name, pre_items, post_items in (("Ann", [0, 1], [1, 1]), ("Bo", [0, 0], [1, 0])):
        person = participant(workshop, family_name_latin=name)
        make_attempt(pre, person, pre_items, submitted_at=before, workshop_id=workshop.id)
        make_attempt(post, person, post_items, submitted_at=after)
    report = reports.knowledge_gain(workshop)
    assert report.cohort.mean_pre == pytest.approx(25)
    assert report.cohort.mean_post == pytest.approx(75)
    assert report.cohort.cohort_gain == pytest.approx(50 / 75)
    fees, licensing = report.objectives
    assert (fees.objective, fees.people, fees.mean_pre, fees.mean_post) == ("fees", 2, 0, 100)
    assert fees.gain == pytest.approx(1)
    assert (licensing.mean_pre, licensing.mean_post, licensing.gain) == (50, 50, 0)
    chinese = client_as(Role.COORDINATOR, preferred_language="zh")
    body = chinese.get(f"/evaluations/workshops/{workshop.id}/knowledge-gain").get_data(True)
    assert "说明由谁支付招聘费用" in body and "适用许可规则" in body


def test_knowledge_gain_page_and_csv(client_as, gain_workshop):
    coordinator = client_as(Role.COORDINATOR)
    page = coordinator.get(f"/evaluations/workshops/{gain_workshop.id}/knowledge-gain")
    assert page.status_code == 200
    body = page.get_data(True)
    for text in ("43.8", "62.5", "0.33", "0.75", "undefined (pre-test 100)", "<svg", "g ≥ 0.7"):
        assert text in body, text
    assert "Explain who pays recruitment fees" in body
    assert "Gus" not in body and "Dai" not in body
    rows = _rows(
        export_both_ways(
            coordinator, f"/evaluations/workshops/{gain_workshop.id}/knowledge-gain.csv"
        )
    )
    assert rows[0] == ["Participant", "Pre-test score", "Post-test score", "Normalised gain"]
    assert rows[1] == ["Ann X (张伟)", "50.00", "100.00", "1.00"]
    assert rows[3][1:] == ["100.00", "75.00", "undefined (pre-test 100)"]
    assert rows[6] == ["Cohort (4 people)", "43.75", "62.50", "0.33"]
    assert rows[7] == [
        "Objective: Explain who pays recruitment fees (4 people)",
        "50.00",
        "87.50",
        "0.75",
    ]
    assert rows[8][1:] == ["37.50", "37.50", "0.00"]


def test_knowledge_gain_without_tests_says_so(client_as):
    workshop = finished_workshop()
    coordinator = client_as(Role.COORDINATOR)
    body = coordinator.get(f"/evaluations/workshops/{workshop.id}/knowledge-gain").get_data(True)
    assert "No pre-test and post-test" in body


def test_workshop_reports_are_for_its_own_trainers(client_as, gain_workshop):
    other_trainer = client_as(Role.TRAINER)
    for url in (
        f"/evaluations/workshops/{gain_workshop.id}/knowledge-gain",
        f"/evaluations/workshops/{gain_workshop.id}/knowledge-gain.csv",
        f"/evaluations/workshops/{gain_workshop.id}/gradebook",
        f"/evaluations/workshops/{gain_workshop.id}/gradebook.csv",
    ):
        assert other_trainer.get(url).status_code == 404, url
    trainer = client_as(Role.TRAINER)
    gain_workshop.trainers.append(trainer.user)
    _db.session.commit()
    assert (
        trainer.get(f"/evaluations/workshops/{gain_workshop.id}/knowledge-gain").status_code == 200
    )
    trainee = client_as(Role.TRAINEE)
    assert (
        trainee.get(f"/evaluations/workshops/{gain_workshop.id}/knowledge-gain").status_code == 403
    )


@pytest.fixture
def item_quiz():
    """Four people's first attempts at five questions (item scores; total in percent):

    P1 (1, 0,   1, 0, 0) 40   lowest
    P2 (1, 0,   0, 1, 1) 60
    P3 (1, 0,   1, 1, 0) 60
    P4 (1, 0.5, 0, 1, 1) 70   highest
    P1 later scores 100 on a second attempt, which is not counted.
    """
    module = make_fair_recruitment_module(slug="item-module")
    questions = make_true_false_questions(module, ["fees"] * 5)
    quiz = make_plain_quiz(module, questions)
    people = [make_user(family_name_latin=f"P{n}") for n in range(1, 5)]
    plan = [[1, 0, 1, 0, 0], [1, 0, 0, 1, 1], [1, 0, 1, 1, 0], [1, 0.5, 0, 1, 1]]
    for person, items in zip(people, plan, strict=True):
        make_attempt(quiz, person, items)
    make_attempt(quiz, people[0], [1, 1, 1, 1, 1], number=2)
    make_attempt(quiz, make_user(), [0, 0, 0, 0, 0], state="in_progress")
    return quiz


def test_item_analysis_figures_and_flags(item_quiz):
    report = reports.quiz_item_analysis(item_quiz)
    assert report.people == 4
    q1, q2, q3, q4, q5 = report.items
    # 27 % of 4 people rounds to 1: the lower group is P1, the upper P4.
    assert (q1.facility, q1.discrimination, q1.too_easy) == (1.0, 0.0, True)
    assert q2.facility == pytest.approx(0.125) and q2.too_hard and q2.discrimination == 0.5
    assert q3.facility == 0.5 and q3.discrimination == -1 and q3.negative
    assert q4.facility == 0.75 and q4.discrimination == 1
    assert not (q4.too_easy or q4.too_hard or q4.negative)
    assert q5.facility == 0.5 and q5.discrimination == 1
    assert all(item.small_sample for item in report.items)


def test_item_analysis_page(client_as, item_quiz):
    trainer = client_as(Role.TRAINER)
    page = trainer.get(f"/evaluations/quizzes/{item_quiz.id}/item-analysis")
    assert page.status_code == 200
    body = page.get_data(True)
    assert "Caution: fewer than 30 people answered" in body
    assert body.count("Too easy</span>") == 1 and body.count("Too hard</span>") == 1
    assert body.count("Negative discrimination</span>") == 1
    assert "−1" in body or "-1" in body
    assert (
        client_as(Role.TRAINEE)
        .get(f"/evaluations/quizzes/{item_quiz.id}/item-analysis")
        .status_code
        == 403
    )
    assert trainer.get("/evaluations/quizzes/99999/item-analysis").status_code == 404
    # Objectives by their names in the reader's language, not their keys.
    assert body.count("Explain who pays recruitment fees") == 5 and ">fees<" not in body
    chinese = client_as(Role.TRAINER, preferred_language="zh")
    zh = chinese.get(f"/evaluations/quizzes/{item_quiz.id}/item-analysis").get_data(True)
    assert zh.count("说明由谁支付招聘费用") == 5 and "Explain who pays" not in zh


@pytest.fixture
def graded():
    """A module with a final quiz (pass mark 70, highest counts) and a practice quiz (pass mark
    70, last counts), taken by two workshop participants and one other trainee."""
    module = make_fair_recruitment_module()
    questions = make_true_false_questions(module, ["fees"] * 4)
    final = make_plain_quiz(module, questions, key="final", pass_mark=70, attempts_allowed=3)
    practice = make_plain_quiz(
        module, questions, key="practice", kind="practice", pass_mark=70, grading="last"
    )
    workshop = finished_workshop()
    _db.session.add(WorkshopModule(workshop_id=workshop.id, module_id=module.id, timing="after"))
    _db.session.commit()
    xu = participant(workshop, family_name_latin="Xu")
    yang = participant(workshop, family_name_latin="Yang")
    outsider = make_user(family_name_latin="Outsider")
    for number, score in enumerate((60, 80, 65), start=1):
        make_attempt(final, xu, [1, 1, 0, 0], number=number, score=score)
    make_attempt(final, xu, [0, 0, 0, 0], number=4, state="in_progress")
    make_attempt(practice, xu, [1, 1, 1, 1], number=1, score=90)
    make_attempt(practice, xu, [1, 1, 0, 0], number=2, score=60)
    make_attempt(final, yang, [1, 1, 0, 0], score=50)
    make_attempt(final, outsider, [1, 1, 1, 1], score=100)
    return workshop, module, final, practice


def test_gradebook_best_last_attempts_and_result(graded):
    workshop, module, final, practice = graded
    book = gradebook.gradebook(reports.workshop_quizzes(workshop), reports.participants(workshop))
    assert [q.key for q in book.quizzes] == ["final", "practice"]
    rows = {user.family_name_latin: cells for user, cells in book.rows}
    assert set(rows) == {"Xu", "Yang"}
    xu_final, xu_practice = rows["Xu"]
    assert (xu_final.attempts, float(xu_final.best), float(xu_final.last), xu_final.passed) == (
        3,
        80,
        65,
        True,
    )
    assert (xu_practice.attempts, float(xu_practice.best), float(xu_practice.last)) == (2, 90, 60)
    assert xu_practice.passed is False  # the last attempt counts: 60 < 70
    yang_final, yang_practice = rows["Yang"]
    assert (yang_final.attempts, yang_final.passed) == (1, False)
    assert (yang_practice.attempts, yang_practice.best, yang_practice.passed) == (0, None, None)
    module_book = gradebook.gradebook(reports.module_quizzes(module), None)
    assert {u.family_name_latin for u, _ in module_book.rows} == {"Xu", "Yang", "Outsider"}
    # Per objective: every item tests "fees"; Xu's three final attempts and Yang's one earned
    # half the points, Xu's practice attempts all and half of them.
    [fees] = book.objectives
    assert (fees.objective, fees.text["en"]) == ("fees", "Explain who pays recruitment fees")
    assert fees.means == [pytest.approx(50), pytest.approx(75)]
    [module_fees] = module_book.objectives  # the outsider's 100 counts in the module's book
    assert module_fees.means == [pytest.approx(60), pytest.approx(75)]


def test_gradebook_pages_csv_and_access(client_as, graded):
    workshop, module, final, practice = graded
    coordinator = client_as(Role.COORDINATOR)
    page = coordinator.get(f"/evaluations/workshops/{workshop.id}/gradebook").get_data(True)
    assert "Xu" in page and "Outsider" not in page and "Not passed" in page
    assert "Results per learning objective" in page
    assert "Explain who pays recruitment fees" in page and ">fees<" not in page
    zh_page = client_as(Role.COORDINATOR, preferred_language="zh").get(
        f"/evaluations/workshops/{workshop.id}/gradebook"
    )
    assert "说明由谁支付招聘费用" in zh_page.get_data(True)
    rows = _rows(
        export_both_ways(coordinator, f"/evaluations/workshops/{workshop.id}/gradebook.csv")
    )
    assert rows[0][:6] == [
        "Participant",
        "E-mail address",
        "Quiz final: attempts",
        "Quiz final: best score",
        "Quiz final: last score",
        "Quiz final: result",
    ]
    xu = next(r for r in rows if "Xu" in r[0])
    assert xu[2:] == ["3", "80.00", "65.00", "Passed", "2", "90.00", "60.00", "Not passed"]
    module_rows = _rows(
        export_both_ways(coordinator, f"/evaluations/modules/{module.slug}/gradebook.csv")
    )
    assert any("Outsider" in r[0] for r in module_rows)
    trainer = client_as(Role.TRAINER)
    assert trainer.get(f"/evaluations/modules/{module.slug}/gradebook").status_code == 404
    workshop.trainers.append(trainer.user)
    _db.session.commit()
    # A trainer of a workshop linked to the module reads the module's gradebook too.
    assert trainer.get(f"/evaluations/modules/{module.slug}/gradebook").status_code == 200
    assert trainer.get(f"/evaluations/workshops/{workshop.id}/gradebook").status_code == 200
    assert (
        client_as(Role.TRAINEE).get(f"/evaluations/modules/{module.slug}/gradebook").status_code
        == 403
    )
    assert coordinator.get("/evaluations/modules/no-such-module/gradebook").status_code == 404


def test_report_pages_are_in_one_language(client_as, gain_workshop, item_quiz):
    chinese = client_as(Role.COORDINATOR, preferred_language="zh")
    english = client_as(Role.COORDINATOR, preferred_language="en")
    urls = (
        f"/evaluations/workshops/{gain_workshop.id}/knowledge-gain",
        f"/evaluations/workshops/{gain_workshop.id}/gradebook",
        f"/evaluations/quizzes/{item_quiz.id}/item-analysis",
        "/evaluations/modules/fair-recruitment/gradebook",
    )
    for url in urls:
        zh = visible_text(chinese.get(url).get_data(True))
        assert english_ui_strings_in(zh) == [], url
        en = visible_text(english.get(url).get_data(True))
        # People's names keep their Chinese characters on English pages.
        assert [t for t in chinese_in(en) if "张伟" not in t] == [], url
