"""Writing questions and quizzes in the browser for browser-owned modules."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.core.access import Role
from app.extensions import db as _db
from app.quizzes.models import Choice, Question, Quiz, QuizQuestion
from tests.i18n_check import english_ui_strings_in, visible_text
from tests.learning.factories import make_author
from tests.quizzes.factories import make_attempt, make_fair_recruitment_module

BASE = "/learn/modules/own-module/author"


@pytest.fixture
def module():
    return make_fair_recruitment_module(slug="own-module", owner="browser")


@pytest.fixture
def trainer(client_as, module):
    return make_author(module, client_as(Role.TRAINER))


def _question(kind="single", **changes):
    data = {
        "type": kind,
        "objective": "fees",
        "source": "ILO C181, Art. 7",
        "stem_en": "Who pays the recruitment fee?",
        "stem_zh": "谁支付招聘费用？",
        "feedback_en": "The employer pays.",
        "feedback_zh": "由用人单位支付。",
    }
    choices = [
        ("The employer", "用人单位", True),
        ("The worker", "劳动者", False),
        ("Nobody", "无人", False),
    ]
    for index, (en, zh, correct) in enumerate(choices):
        data[f"choices-{index}-text_en"] = en
        data[f"choices-{index}-text_zh"] = zh
        if correct:
            data[f"choices-{index}-correct"] = "y"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_trainer_writes_a_single_choice_question(trainer, module):
    page = trainer.get(f"{BASE}/questions/new")
    assert page.status_code == 200 and "Explain who pays recruitment fees" in page.get_data(True)
    data = _question(
        **{
            "choices-1-feedback_en": "Workers never pay.",
            "choices-1-feedback_zh": "劳动者从不付费。",
        }
    )
    response = trainer.post(f"{BASE}/questions/new", data=data)
    assert response.status_code == 302
    question = _db.session.scalar(sa.select(Question))
    assert (question.key, question.type, question.objective) == ("q1", "single", "fees")
    assert [(c.key, c.text_zh, c.correct) for c in question.choices] == [
        ("a", "用人单位", True),
        ("b", "劳动者", False),
        ("c", "无人", False),
    ]
    assert question.choices[1].feedback_en == "Workers never pay."
    assert "Who pays the recruitment fee?" in trainer.get(f"{BASE}/quizzes").get_data(True)


def test_all_four_types(trainer, module):
    multiple = _question("multiple", **{"choices-1-correct": "y"})
    assert trainer.post(f"{BASE}/questions/new", data=multiple).status_code == 302
    truefalse = _question("truefalse", truth="false")
    for index in range(3):
        for field in ("text_en", "text_zh", "correct"):
            truefalse.pop(f"choices-{index}-{field}", None)
    assert trainer.post(f"{BASE}/questions/new", data=truefalse).status_code == 302
    numeric = {
        **truefalse,
        "type": "numeric",
        "number": "１２",
        "tolerance": "0.5",
        "unit_en": "months",
        "unit_zh": "个月",
    }
    del numeric["truth"]
    assert trainer.post(f"{BASE}/questions/new", data=numeric).status_code == 302
    questions = _db.session.scalars(sa.select(Question).order_by(Question.id)).all()
    assert [q.type for q in questions] == ["multiple", "truefalse", "numeric"]
    assert sum(c.correct for c in questions[0].choices) == 2
    assert questions[1].answer_truth is False and questions[1].choices == []
    assert questions[2].answer_number == Decimal("12") and questions[2].tolerance == Decimal("0.5")
    assert questions[2].unit_zh == "个月"


@pytest.mark.parametrize(
    ("changes", "message", "message_zh"),
    [
        (
            {"choices-1-correct": "y"},
            "exactly one correct choice (2 are marked)",
            "需要恰好一个正确选项",
        ),
        ({"stem_zh": ""}, "Write the question in Chinese.", "请用中文填写题目。"),
        ({"source": ""}, "Name the source the right answer rests on", "请注明正确答案的依据"),
        ({"choices-2-text_zh": ""}, "Choice c has no Chinese text.", "选项 c 没有中文内容。"),
        (
            {"choices-2-text_en": "", "choices-2-text_zh": ""},
            "Give 3 to 6 choices.",
            "请给出 3 至 6 个选项。",
        ),
        (
            {"choices-0-feedback_en": "Right."},
            "feedback in one language only",
            "只有一种语言的反馈",
        ),
    ],
)
def test_the_importers_rules_refuse_with_a_message_in_each_language(
    client_as, module, changes, message, message_zh
):
    english = make_author(module, client_as(Role.TRAINER))
    response = english.post(f"{BASE}/questions/new", data=_question(**changes))
    assert response.status_code == 400
    assert message in response.get_data(True)
    chinese = make_author(module, client_as(Role.TRAINER, preferred_language="zh"))
    response = chinese.post(f"{BASE}/questions/new", data=_question(**changes))
    assert message_zh in response.get_data(True)
    assert _db.session.scalar(sa.select(sa.func.count(Question.id))) == 0


def test_numeric_and_truefalse_rules(trainer, module):
    numeric = _question("numeric", number="many", tolerance="-1")
    body = trainer.post(f"{BASE}/questions/new", data=numeric).get_data(True)
    assert "Give the right answer as a number." in body
    assert "Give the tolerance as a number, 0 or more." in body
    truefalse = _question("truefalse")
    body = trainer.post(f"{BASE}/questions/new", data=truefalse).get_data(True)
    assert "Choose whether the statement is true or false." in body


def test_modules_from_the_files_are_read_only(trainer):
    make_fair_recruitment_module(slug="from-files", owner="files")
    page = trainer.get("/learn/modules/from-files/author/quizzes")
    assert page.status_code == 200 and "read-only here" in page.get_data(True)
    assert trainer.get("/learn/modules/from-files/author/questions/new").status_code == 404
    assert trainer.post("/learn/modules/from-files/author/quizzes/new", data={}).status_code == 404
    assert trainer.get("/learn/modules/no-such/author/quizzes").status_code == 404


def _saved_question(trainer):
    trainer.post(f"{BASE}/questions/new", data=_question())
    return _db.session.scalar(sa.select(Question))


def test_answered_questions_keep_their_choices_and_key(trainer, module, client_as):
    question = _saved_question(trainer)
    quiz = Quiz(
        module_id=module.id,
        key="final-1",
        kind="final",
        title_en="F",
        title_zh="结",
        review_shows=[],
    )
    quiz.quiz_questions.append(QuizQuestion(question_id=question.id, position=1))
    _db.session.add(quiz)
    _db.session.commit()
    make_attempt(quiz, client_as(Role.TRAINEE).user, [1])
    url = f"{BASE}/questions/{question.key}"
    assert "Trainees have answered this question" in trainer.get(url).get_data(True)
    fewer = _question(**{"choices-3-text_en": "Agency", "choices-3-text_zh": "机构"})
    response = trainer.post(url, data=fewer)
    assert response.status_code == 409 and "choices cannot be added, removed" in response.get_data(
        True
    )
    moved = _question(**{"choices-0-correct": None, "choices-1-correct": "y"})
    assert trainer.post(url, data=moved).status_code == 409
    retyped = _question(stem_en="Who pays the fee for recruitment?")
    assert trainer.post(url, data=retyped).status_code == 302
    _db.session.expire_all()
    assert _db.session.get(Question, question.id).stem_en == "Who pays the fee for recruitment?"
    assert _db.session.scalar(sa.select(sa.func.count(Choice.id))) == 3
    deleted = trainer.post(f"{url}/delete", follow_redirects=True)
    assert "cannot be deleted" in deleted.get_data(True)
    assert _db.session.get(Question, question.id) is not None


def test_unanswered_questions_can_lose_choices_and_be_deleted(trainer, module):
    question = _saved_question(trainer)
    url = f"{BASE}/questions/{question.key}"
    four = _question(**{"choices-3-text_en": "Agency", "choices-3-text_zh": "机构"})
    assert trainer.post(url, data=four).status_code == 302
    assert trainer.post(url, data=_question()).status_code == 302
    _db.session.expire_all()
    assert [c.key for c in _db.session.get(Question, question.id).choices] == ["a", "b", "c"]
    assert trainer.post(f"{url}/delete").status_code == 302
    assert _db.session.scalar(sa.select(sa.func.count(Question.id))) == 0


def _quiz_form(keys_in_order, **changes):
    data = {
        "kind": "final",
        "title_en": "Final quiz",
        "title_zh": "结业测试",
        "pass_mark": "70",
        "attempts_allowed": "3",
        "grading": "last",
        "time_limit_minutes": "20",
        "opens_at": "2027-03-01T09:00",
        "closes_at": "2027-03-31T18:00",
        "shuffle_choices": "y",
        "review_when": "after_close",
        "review_shows": ["answers", "correct_answers"],
    }
    for position, key in enumerate(keys_in_order, start=1):
        data[f"include-{key}"] = "y"
        data[f"order-{key}"] = str(position)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_trainer_sets_up_a_quiz_with_every_setting_and_an_order(trainer, module):
    for _ in range(3):
        trainer.post(f"{BASE}/questions/new", data=_question())
    response = trainer.post(f"{BASE}/quizzes/new", data=_quiz_form(["q3", "q1"]))
    assert response.status_code == 302
    quiz = _db.session.scalar(sa.select(Quiz))
    assert (quiz.key, quiz.kind, quiz.pass_mark, quiz.attempts_allowed) == (
        "final-1",
        "final",
        70,
        3,
    )
    assert (quiz.grading, quiz.time_limit_minutes, quiz.review_when) == ("last", 20, "after_close")
    assert (quiz.shuffle_questions, quiz.shuffle_choices) == (False, True)
    assert quiz.review_shows == ["answers", "correct_answers"]
    assert quiz.opens_at.isoformat() == "2027-03-01T01:00:00+00:00"  # the trainer's zone: Shanghai
    assert [q.key for q in quiz.questions] == ["q3", "q1"]
    edited = _quiz_form(["q1", "q2", "q3"], **{"order-q2": "1", "order-q1": "2"})
    assert trainer.post(f"{BASE}/quizzes/{quiz.key}", data=edited).status_code == 302
    _db.session.expire_all()
    assert [q.key for q in _db.session.get(Quiz, quiz.id).questions] == ["q2", "q1", "q3"]
    page = trainer.get(f"{BASE}/quizzes/{quiz.key}").get_data(True)
    assert 'value="2027-03-01T09:00"' in page


def test_quiz_rules(trainer, module):
    for _ in range(2):
        trainer.post(f"{BASE}/questions/new", data=_question())
    bad = trainer.post(f"{BASE}/quizzes/new", data=_quiz_form([], pass_mark="150"))
    body = bad.get_data(True)
    assert bad.status_code == 400
    assert "The pass mark must be a whole number from 0 to 100." in body
    assert "Choose at least one question for the quiz." in body
    dates = trainer.post(
        f"{BASE}/quizzes/new", data=_quiz_form(["q1"], closes_at="2027-02-01T09:00")
    )
    assert "The quiz must close after it opens." in dates.get_data(True)
    revealing = trainer.post(f"{BASE}/quizzes/new", data=_quiz_form(["q1"], kind="pre"))
    assert revealing.status_code == 400
    assert "A pre-test never shows the answers: set its review to “never”." in revealing.get_data(
        True
    )
    never = {"review_when": "never", "review_shows": []}
    assert (
        trainer.post(f"{BASE}/quizzes/new", data=_quiz_form(["q1"], kind="pre", **never))
    ).status_code == 302
    post = trainer.post(f"{BASE}/quizzes/new", data=_quiz_form(["q1", "q2"], kind="post"))
    assert post.status_code == 400 and "must not share a question" in post.get_data(True)
    assert (
        trainer.post(f"{BASE}/quizzes/new", data=_quiz_form(["q2"], kind="post")).status_code == 302
    )
    again = trainer.post(f"{BASE}/quizzes/new", data=_quiz_form(["q1"], kind="pre", **never))
    assert "already has a quiz of this kind" in again.get_data(True)
    assert _db.session.scalar(sa.select(sa.func.count(Quiz.id))) == 2


def test_authoring_pages_are_in_one_language(client_as, module):
    chinese = make_author(module, client_as(Role.TRAINER, preferred_language="zh"))
    chinese.post(f"{BASE}/questions/new", data=_question())
    content = {
        "Who pays the recruitment fee?",
        "Fair recruitment",
        "The employer",
        "The worker",
        "Nobody",
        "The employer pays.",
    }
    for url in (
        f"{BASE}/quizzes",
        f"{BASE}/questions/new",
        f"{BASE}/questions/q1",
        f"{BASE}/quizzes/new",
    ):
        text = visible_text(chinese.get(url).get_data(True))
        assert english_ui_strings_in(text, allowed=content) == [], url
