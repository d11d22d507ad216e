"""Every module under materials/ loads its question bank and quizzes, complete in both languages."""

from __future__ import annotations

import re
import tomllib

import pytest
import sqlalchemy as sa

from app.learning.importer import ImportProblems, load_catalogue
from app.learning.models import Module
from app.learning.rendering import broken_table_rows
from app.quizzes.models import Answer, Attempt, Choice, Question, Quiz
from tests.conftest import edit_text, make_user
from tests.learning.factories import REAL_MATERIALS, import_folder, write_module


def test_all_materials_load_with_complete_bilingual_questions_and_quizzes(db):
    import_folder(db, REAL_MATERIALS)
    modules = db.session.scalars(sa.select(Module)).all()
    folders = [p for p in REAL_MATERIALS.iterdir() if p.is_dir()]
    assert len(modules) == len(folders) >= 5
    for module in modules:
        objective_ids = {o["id"] for o in module.objectives}
        questions = db.session.scalars(
            sa.select(Question).where(Question.module_id == module.id)
        ).all()
        assert len(questions) >= 10, module.slug
        for question in questions:
            where = f"{module.slug}/{question.key}"
            assert question.stem_en.strip() and question.stem_zh.strip(), where
            assert question.feedback_en.strip() and question.feedback_zh.strip(), where
            assert question.objective in objective_ids, where
            correct = [c for c in question.choices if c.correct]
            if question.type == "single":
                assert 3 <= len(question.choices) <= 6 and len(correct) == 1, where
            elif question.type == "multiple":
                assert 3 <= len(question.choices) <= 6, where
                assert len(correct) >= 2 and len(correct) < len(question.choices), where
            elif question.type == "truefalse":
                assert question.choices == [] and question.answer_truth is not None, where
            else:
                assert question.type == "numeric", where
                assert question.answer_number is not None and question.tolerance >= 0, where
            for choice in question.choices:
                assert choice.text_en.strip() and choice.text_zh.strip(), where
                assert bool(choice.feedback_en) == bool(choice.feedback_zh), where
        quizzes = {
            q.kind: q
            for q in db.session.scalars(sa.select(Quiz).where(Quiz.module_id == module.id))
        }
        assert {"pre", "post", "final"} <= set(quizzes), module.slug
        pre, post = quizzes["pre"], quizzes["post"]
        assert not {q.key for q in pre.questions} & {q.key for q in post.questions}, module.slug
        assert quizzes["final"].is_drawn and quizzes["final"].answers_after_last_attempt
        for quiz in quizzes.values():
            assert quiz.title_en and quiz.title_zh
            assert quiz.questions and all(q.module_id == module.id for q in quiz.questions)
        assert quizzes["final"].pass_mark > 0


def test_second_import_changes_nothing(db):
    import_folder(db, REAL_MATERIALS)
    counts = [
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Question, Choice, Quiz)
    ]
    report = import_folder(db, REAL_MATERIALS)
    assert report.updated == [] and report.created == []
    assert counts == [
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Question, Choice, Quiz)
    ]


def test_reimport_updates_questions_in_place_and_keeps_answered_ones(db, tmp_path):
    folder = write_module(tmp_path)
    import_folder(db, tmp_path)
    trainee = make_user()
    quiz = db.session.scalar(sa.select(Quiz).where(Quiz.key == "final"))
    months = db.session.scalar(sa.select(Question).where(Question.key == "months"))
    attempt = Attempt(quiz_id=quiz.id, user_id=trainee.id, number=1, question_order=[months.id])
    attempt.answers.append(Answer(question_id=months.id, response="12"))
    db.session.add(attempt)
    db.session.commit()
    who_pays_id = db.session.scalar(sa.select(Question.id).where(Question.key == "who-pays"))

    edit_text(
        folder / "questions.toml", 'stem_en = "Who pays the agency?"', 'stem_en = "Who pays?"'
    )
    text = (folder / "questions.toml").read_text(encoding="utf-8")
    (folder / "questions.toml").write_text(text.split('[[question]]\nid = "months"')[0])
    edit_text(folder / "quizzes.toml", '"register-check", "months"]', '"register-check"]')
    report = import_folder(db, tmp_path)

    assert report.updated == ["test-module"]
    db.session.expire_all()
    who_pays = db.session.get(Question, who_pays_id)
    assert who_pays.stem_en == "Who pays?"
    kept = db.session.get(Question, months.id)
    assert kept is not None and kept.retired
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 1
    final = db.session.scalar(sa.select(Quiz).where(Quiz.key == "final"))
    assert [q.key for q in final.questions] == [
        "who-pays",
        "red-flags",
        "licence-needed",
        "register-check",
    ]


def test_quiz_removed_from_files_is_retired_with_its_attempts(db, tmp_path):
    folder = write_module(tmp_path)
    import_folder(db, tmp_path)
    trainee = make_user()
    quiz = db.session.scalar(sa.select(Quiz).where(Quiz.key == "final"))
    db.session.add(Attempt(quiz_id=quiz.id, user_id=trainee.id, number=1))
    db.session.commit()
    text = (folder / "quizzes.toml").read_text(encoding="utf-8")
    (folder / "quizzes.toml").write_text(text.split('[[quiz]]\nid = "final"')[0])
    # A module needs a final quiz: the import refuses and says so.
    with pytest.raises(ImportProblems) as refused:
        load_catalogue(tmp_path)
    assert "needs a quiz of kind 'final'" in str(refused.value)
    (folder / "quizzes.toml").write_text(
        text.replace('id = "final"\nkind = "final"', 'id = "final-2"\nkind = "final"')
    )
    import_folder(db, tmp_path)
    db.session.expire_all()
    old = db.session.get(Quiz, quiz.id)
    assert old.retired and db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 1


#: The fixture's fixed final quiz, and the same quiz as a pool drawing one item per objective.
POOL_OLD = 'questions = ["who-pays", "red-flags", "licence-needed", "register-check", "months"]'
POOL_NEW = (
    'pool = ["who-pays", "licence-needed", "register-check", "months", "red-flags", '
    '"passport-kept", "register-open"]\ndraw_per_objective = 1\nanswers_after_last_attempt = true'
)

BROKEN = {
    "single_two_correct": (
        "questions.toml",
        'id = "b"\n  en = "The worker"\n  zh = "劳动者"\n  correct = false',
        'id = "b"\n  en = "The worker"\n  zh = "劳动者"\n  correct = true',
        "question 'who-pays': a single-choice question needs exactly one correct choice (found 2)",
    ),
    "multiple_one_correct": (
        "questions.toml",
        'en = "Keeping the passport"\n  zh = "扣押护照"\n  correct = true',
        'en = "Keeping the passport"\n  zh = "扣押护照"\n  correct = false',
        "question 'red-flags': a multiple-response question needs at least two correct choices",
    ),
    "choice_without_chinese": (
        "questions.toml",
        '  zh = "无人"\n',
        "",
        "question 'who-pays': choice 'c' has no 'zh' text",
    ),
    "stem_without_chinese": (
        "questions.toml",
        'stem_zh = "机构需要许可证。"\n',
        "",
        "question 'licence-needed': 'stem_zh' is missing or empty",
    ),
    "truefalse_answer_text": (
        "questions.toml",
        "answer = true",
        'answer = "yes"',
        "question 'licence-needed': 'answer' must be true or false",
    ),
    "numeric_negative_tolerance": (
        "questions.toml",
        "tolerance = 0",
        "tolerance = -1",
        "question 'months': 'tolerance' must be a number, 0 or more",
    ),
    "unknown_objective": (
        "questions.toml",
        'objective = "two"\nsource = "C181, Art. 18"',
        'objective = "nine"\nsource = "C181, Art. 18"',
        "question 'months': 'objective' 'nine' is not an objective id of module.toml",
    ),
    "unknown_question_in_quiz": (
        "quizzes.toml",
        '"register-check", "months"]',
        '"register-check", "nowhere"]',
        "quiz 'final': question 'nowhere' is not in questions.toml",
    ),
    "pre_post_share_an_item": (
        "quizzes.toml",
        'questions = ["licence-needed", "register-check", "passport-kept"]',
        'questions = ["licence-needed", "who-pays", "passport-kept"]',
        "the pre quiz 'pre' and the post quiz 'post' share 'who-pays'",
    ),
    "bad_review": (
        "quizzes.toml",
        'review = "never"',
        'review = "sometimes"',
        "quiz 'pre': 'review' must be one of immediately, after_close, never",
    ),
    "pre_test_reveals_answers": (
        "quizzes.toml",
        'review = "never"',
        'review = "immediately"',
        "quiz 'pre': a pre-test never reveals answers: 'review' must be \"never\"",
    ),
    "objective_missing_in_pre": (
        "quizzes.toml",
        'questions = ["who-pays", "register-open", "red-flags"]',
        'questions = ["who-pays", "red-flags"]',
        "quiz 'pre' (pre): objective 'two' has no item in its questions",
    ),
    "objective_missing_in_post": (
        "quizzes.toml",
        'questions = ["licence-needed", "register-check", "passport-kept"]',
        'questions = ["licence-needed", "register-check"]',
        "quiz 'post' (post): objective 'three' has no item in its questions",
    ),
    "objective_missing_in_final_pool": (
        "quizzes.toml",
        POOL_OLD,
        POOL_NEW.replace('"red-flags", "passport-kept", ', ""),
        "quiz 'final' (final): objective 'three' has no item in its pool",
    ),
    "pool_smaller_than_draw": (
        "quizzes.toml",
        POOL_OLD,
        POOL_NEW.replace("draw_per_objective = 1", "draw_per_objective = 2"),
        "quiz 'final': objective 'one' has 2 item(s) in the pool; drawing 2 per attempt needs "
        "at least 3",
    ),
    "pool_without_draw": (
        "quizzes.toml",
        POOL_OLD,
        POOL_NEW.replace("draw_per_objective = 1\n", ""),
        "quiz 'final': 'pool' needs 'draw_per_objective'",
    ),
    "pool_with_questions": (
        "quizzes.toml",
        POOL_OLD,
        POOL_NEW + '\nquestions = ["who-pays"]',
        "quiz 'final': a drawn quiz lists its items in 'pool' only: remove 'questions'",
    ),
    "draw_without_pool": (
        "quizzes.toml",
        POOL_OLD,
        POOL_OLD + "\ndraw_per_objective = 1",
        "quiz 'final': 'draw_per_objective' needs a 'pool' of questions to draw from",
    ),
    "scenario_not_a_flag": (
        "questions.toml",
        'objective = "two"\nscenario = true',
        'objective = "two"\nscenario = "yes"',
        "question 'register-check': 'scenario' must be true or false",
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_each_broken_rule_is_named_with_file_and_id(tmp_path, kind):
    file_name, old, new, message = BROKEN[kind]
    folder = write_module(tmp_path)
    edit_text(folder / file_name, old, new)
    with pytest.raises(ImportProblems) as refused:
        load_catalogue(tmp_path)
    texts = [str(p) for p in refused.value.problems]
    assert any(f"test-module/{file_name}" in text and message in text for text in texts), texts


def test_a_problem_carries_the_line_of_its_question(tmp_path):
    folder = write_module(tmp_path)
    edit_text(folder / "questions.toml", 'stem_zh = "多少个月后生效？"\n', "")
    with pytest.raises(ImportProblems) as refused:
        load_catalogue(tmp_path)
    [problem] = [p for p in refused.value.problems if "stem_zh" in p.message]
    lines = (folder / "questions.toml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1] == "[[question]]"
    assert lines[problem.line] == 'id = "months"'


def test_question_removed_during_an_attempt_still_grades(db, tmp_path):
    from datetime import UTC, datetime

    from app.quizzes import services

    folder = write_module(tmp_path)
    import_folder(db, tmp_path)
    quiz = db.session.scalar(sa.select(Quiz).where(Quiz.key == "final"))
    now = datetime(2026, 11, 28, tzinfo=UTC)
    attempt = services.start_attempt(quiz, make_user().id, now)
    db.session.commit()
    text = (folder / "questions.toml").read_text(encoding="utf-8")
    (folder / "questions.toml").write_text(text.split('[[question]]\nid = "months"')[0])
    edit_text(folder / "quizzes.toml", '"register-check", "months"]', '"register-check"]')
    import_folder(db, tmp_path)
    months = db.session.scalar(sa.select(Question).where(Question.key == "months"))
    assert months.retired  # unanswered, but in an attempt's order: kept
    ids = {q.key: q.id for q in db.session.scalars(sa.select(Question))}
    services.save_answers(attempt, {ids["who-pays"]: ["a"], ids["months"]: ["12"]}, now)
    assert services.submit_attempt(attempt, now)
    assert str(attempt.score) == "40.00"  # 2 of the 5 questions it was started with


def test_a_drawn_quiz_and_scenario_items_are_stored(db, tmp_path):
    folder = write_module(tmp_path)
    edit_text(folder / "quizzes.toml", POOL_OLD, POOL_NEW)
    import_folder(db, tmp_path)
    final = db.session.scalar(sa.select(Quiz).where(Quiz.key == "final"))
    assert final.draw_per_objective == 1 and final.is_drawn
    assert final.answers_after_last_attempt is True
    assert len(final.questions) == 7  # the whole pool
    pre = db.session.scalar(sa.select(Quiz).where(Quiz.key == "pre"))
    assert pre.draw_per_objective == 0 and pre.answers_after_last_attempt is False
    scenario = set(db.session.scalars(sa.select(Question.key).where(Question.scenario)))
    assert scenario == {"register-check", "passport-kept"}
    # Back to a fixed form: the import updates the quiz in place.
    edit_text(folder / "quizzes.toml", POOL_NEW, POOL_OLD)
    import_folder(db, tmp_path)
    db.session.expire_all()
    final = db.session.scalar(sa.select(Quiz).where(Quiz.key == "final"))
    assert final.draw_per_objective == 0 and not final.answers_after_last_attempt


# --- The assessment rules of issue 17 over all of materials/ (assessment_format.md) -------------
# Each reads the files directly, so that each names its own module and rule.


def _module_files() -> list[tuple[str, list[str], list[dict], dict[str, dict]]]:
    """(slug, objective ids, questions, quizzes by kind) of every module under materials/."""
    found = []
    for folder in sorted(p for p in REAL_MATERIALS.iterdir() if p.is_dir()):
        module = tomllib.loads((folder / "module.toml").read_text(encoding="utf-8"))
        questions = tomllib.loads((folder / "questions.toml").read_text(encoding="utf-8"))
        quizzes = tomllib.loads((folder / "quizzes.toml").read_text(encoding="utf-8"))
        found.append(
            (
                folder.name,
                [o["id"] for o in module["objective"]],
                questions["question"],
                {quiz["kind"]: quiz for quiz in quizzes["quiz"]},
            )
        )
    assert len(found) >= 5
    return found


def _items(quiz: dict) -> list[str]:
    return quiz.get("pool", quiz.get("questions", []))


def test_every_module_has_a_fixed_pre_and_post_form_and_a_drawn_final_quiz():
    for slug, _objectives, _questions, quizzes in _module_files():
        assert sorted(quizzes) == ["final", "post", "pre"], slug
        pre, post, final = quizzes["pre"], quizzes["post"], quizzes["final"]
        assert (pre["review"], pre.get("review_shows")) == ("never", []), slug
        for form in (pre, post):
            assert "questions" in form and "pool" not in form, slug
            assert (form["pass_mark"], form["attempts"]) == (0, 1), slug
        assert "pool" in final and "questions" not in final, slug
        assert final["draw_per_objective"] >= 1, slug
        assert final.get("answers_after_last_attempt") is True, slug
        assert (final["pass_mark"], final["attempts"], final["grading"]) == (70, 3, "highest")


def test_pre_and_post_are_parallel_forms_sharing_no_item():
    for slug, _objectives, _questions, quizzes in _module_files():
        shared = set(_items(quizzes["pre"])) & set(_items(quizzes["post"]))
        assert not shared, (slug, sorted(shared))


def test_no_final_pool_repeats_a_pre_test_item():
    for slug, _objectives, _questions, quizzes in _module_files():
        repeated = set(_items(quizzes["pre"])) & set(_items(quizzes["final"]))
        assert not repeated, (slug, sorted(repeated))


def test_every_objective_is_assessed_in_pre_post_and_the_final_pool():
    for slug, objectives, questions, quizzes in _module_files():
        objective_of = {q["id"]: q["objective"] for q in questions}
        draw = quizzes["final"].get("draw_per_objective", 1)
        for kind, needed in (("pre", 1), ("post", 1), ("final", draw + 1)):
            counts = {o: 0 for o in objectives}
            for key in _items(quizzes[kind]):
                counts[objective_of[key]] += 1
            short = {o: n for o, n in counts.items() if n < needed}
            assert not short, (slug, kind, short)


def _single_choice(questions: list[dict]) -> list[dict]:
    return [q for q in questions if q["type"] == "single"]


def test_no_answer_position_holds_more_than_40_percent_of_single_choice_keys():
    for slug, _objectives, questions, _quizzes in _module_files():
        singles = _single_choice(questions)
        positions = [next(n for n, c in enumerate(q["choice"]) if c["correct"]) for q in singles]
        for position in set(positions):
            share = positions.count(position) / len(positions)
            assert share <= 0.40, (slug, "abcdef"[position], f"{share:.0%}")


def test_the_correct_choice_is_seldom_the_strictly_longest():
    for slug, _objectives, questions, _quizzes in _module_files():
        singles = _single_choice(questions)
        longest = [
            q["id"]
            for q in singles
            if all(
                len(right["en"]) > len(other["en"])
                for right in q["choice"]
                if right["correct"]
                for other in q["choice"]
                if not other["correct"]
            )
        ]
        share = len(longest) / len(singles)
        assert share <= 0.35, (slug, f"{share:.0%}", longest)


def test_at_least_a_third_of_each_modules_items_are_scenarios():
    for slug, _objectives, questions, _quizzes in _module_files():
        scenarios = [q for q in questions if q.get("scenario") is True]
        assert 3 * len(scenarios) >= len(questions), (slug, len(scenarios), len(questions))


def test_trivia_and_giveaways_are_gone():
    dropped = {"num-china-iom", "num-ciett-founded", "adoption-year"}
    for slug, _objectives, questions, _quizzes in _module_files():
        assert not dropped & {q["id"] for q in questions}, slug


CHINA_C181 = re.compile(r"China.*(ratif|181)|(ratif|181).*China", re.IGNORECASE | re.DOTALL)


def test_chinas_c181_ratification_is_asked_in_one_module_at_most():
    asking = {}
    for slug, _objectives, questions, _quizzes in _module_files():
        keys = [
            q["id"]
            for q in questions
            if CHINA_C181.search(q["stem_en"]) and re.search(r"ratif", q["stem_en"], re.I)
        ]
        if keys:
            asking[slug] = keys
    assert set(asking) <= {"c181-private-employment-agencies"}, asking


def test_every_question_keeps_both_languages_and_a_source():
    for slug, _objectives, questions, _quizzes in _module_files():
        for question in questions:
            where = (slug, question["id"])
            for field in ("stem_en", "stem_zh", "feedback_en", "feedback_zh", "source"):
                assert str(question.get(field, "")).strip(), (*where, field)
            for choice in question.get("choice", []):
                assert choice["en"].strip() and choice["zh"].strip(), where


def test_no_lesson_table_row_has_a_broken_cell_count():
    lessons = sorted(REAL_MATERIALS.glob("*/lessons/*.md"))
    assert lessons
    broken = {
        str(path.relative_to(REAL_MATERIALS)): rows
        for path in lessons
        if (rows := broken_table_rows(path.read_text(encoding="utf-8")))
    }
    assert broken == {}


def _right_response(question: Question) -> object:
    """The full-marks answer to a question, as the answer page posts it."""
    if question.type == "single":
        return [next(c.key for c in question.choices if c.correct)]
    if question.type == "multiple":
        return [c.key for c in question.choices if c.correct]
    if question.type == "truefalse":
        return ["true" if question.answer_truth else "false"]
    return [str(question.answer_number)]


def test_every_quiz_of_every_module_runs_and_grades_full_marks(db):
    """Each module's pre-test, post-test and drawn final quiz start, take answers and grade: the
    right answers score 100, and a final attempt draws the same blueprint from the pool."""
    from datetime import UTC, datetime

    from app.quizzes import services

    import_folder(db, REAL_MATERIALS)
    learner = make_user()
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    for quiz in db.session.scalars(sa.select(Quiz).order_by(Quiz.id)):
        attempt = services.start_attempt(quiz, learner.id, now)
        asked = db.session.scalars(
            sa.select(Question).where(Question.id.in_(attempt.question_order))
        ).all()
        assert len(asked) == services.questions_per_attempt(quiz), quiz.module.slug
        if quiz.is_drawn:
            per_objective = {}
            for question in asked:
                per_objective[question.objective] = per_objective.get(question.objective, 0) + 1
            objectives = {o["id"] for o in quiz.module.objectives}
            assert per_objective == dict.fromkeys(objectives, quiz.draw_per_objective)
        services.save_answers(attempt, {q.id: _right_response(q) for q in asked}, now)
        services.submit_attempt(attempt, now)
        db.session.commit()
        assert attempt.score == 100, (quiz.module.slug, quiz.key)
